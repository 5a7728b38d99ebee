import { describe, expect, it } from 'vitest';
import { parseChallenge, parseRetryAfter } from './challenge';

describe('parseChallenge', () => {
  it("reads Docker Hub's Bearer challenge", () => {
    expect(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' },
    });
  });

  it("reads GHCR's, with spaces after the commas and a scheme in another case", () => {
    expect(parseChallenge('bearer realm="https://ghcr.io/token", service="ghcr.io", scope="repository:acme/api:pull"')?.params).toEqual({
      realm: 'https://ghcr.io/token',
      service: 'ghcr.io',
      scope: 'repository:acme/api:pull',
    });
  });

  it('keeps commas and escaped quotes inside a quoted value, and reads unquoted tokens', () => {
    expect(parseChallenge('Bearer realm="https://a/t",scope="repository:x:pull,push",error="say \\"hi\\"",n=3')?.params).toEqual({
      realm: 'https://a/t',
      scope: 'repository:x:pull,push',
      error: 'say "hi"',
      n: '3',
    });
  });

  it('reads Basic with its realm', () => {
    expect(parseChallenge('Basic realm="Restricted"')).toEqual({ scheme: 'basic', params: { realm: 'Restricted' } });
  });

  it('refuses a Bearer without a realm, an unknown scheme and nothing', () => {
    expect(parseChallenge('Bearer service="x"')).toBeNull();
    expect(parseChallenge('Negotiate abc')).toBeNull();
    expect(parseChallenge('')).toBeNull();
    expect(parseChallenge(null)).toBeNull();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-12-04T03:00:00Z');

  it('reads seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date, and a date in the past as no wait', () => {
    expect(parseRetryAfter('Fri, 04 Dec 2026 03:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Fri, 04 Dec 2026 02:00:00 GMT', now)).toBe(0);
  });

  it('caps a wait at a day', () => {
    expect(parseRetryAfter('999999999', now)).toBe(24 * 60 * 60 * 1000);
  });

  it('gives null for nothing or for something unreadable', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('1.5', now)).toBeNull();
  });
});
