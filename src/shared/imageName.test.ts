import { describe, expect, it } from 'vitest';
import { displayImage, shortDigest, shortImage } from './imageName';

const id = `sha256:${'222d64c716ce'}${'0'.repeat(52)}`;

describe('image names in lists', () => {
  it('shortens an image id to 12 hex digits and keeps a repository:tag whole', () => {
    expect(displayImage(id)).toBe('sha256:222d64c716ce');
    expect(displayImage('tinyforge-test/app:v2')).toBe('tinyforge-test/app:v2');
    expect(displayImage('127.0.0.1:5000/acme/api@sha256:abc')).toBe('127.0.0.1:5000/acme/api@sha256:abc');
  });

  it('gives the 12 hex digits of a digest with or without its prefix', () => {
    expect(shortDigest(id)).toBe('222d64c716ce');
    expect(shortDigest('222d64c716ce0000')).toBe('222d64c716ce');
  });
});

describe('shortImage', () => {
  it('keeps the tag of repository:tag, also behind a registry with a port', () => {
    expect(shortImage('acme/api:v2')).toBe('v2');
    expect(shortImage('127.0.0.1:5000/acme/api:1.4.0')).toBe('1.4.0');
  });

  it('shortens an image id or a pinned digest to 12 hex digits, and leaves a bare name whole', () => {
    expect(shortImage(`sha256:${'ab12'.repeat(16)}`)).toBe('ab12ab12ab12');
    expect(shortImage(`acme/api@sha256:${'cd34'.repeat(16)}`)).toBe('cd34cd34cd34');
    expect(shortImage('127.0.0.1:5000/acme/api')).toBe('127.0.0.1:5000/acme/api');
  });
});
