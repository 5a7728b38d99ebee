import { describe, expect, it } from 'vitest';
import { displayImage, shortDigest } from './imageName';

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
