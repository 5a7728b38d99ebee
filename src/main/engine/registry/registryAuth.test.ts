import { describe, expect, it } from 'vitest';
import { authConfig, registryAuthHeader, serverAddress } from './registryAuth';

/** Go's base64.URLEncoding (padded) as dockerd 20.10 decodes the header. */
const goUrlDecode = (header: string) => {
  expect(header).toMatch(/^[A-Za-z0-9_-]*={0,2}$/);
  expect(header.length % 4).toBe(0);
  return JSON.parse(Buffer.from(header.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')) as unknown;
};

describe('registryAuthHeader', () => {
  it('encodes the login as padded base64url JSON with the server address', () => {
    const login = { registry: 'ghcr.io', username: 'octo', password: 'ghp_secret' };
    expect(goUrlDecode(registryAuthHeader(login))).toEqual({ username: 'octo', password: 'ghp_secret', serveraddress: 'ghcr.io' });
  });

  it('keeps the padding for every length, where an unpadded header makes dockerd pull without credentials', () => {
    for (let n = 1; n <= 6; n += 1) {
      const header = registryAuthHeader({ registry: '127.0.0.1:5001', username: 'u', password: 'p'.repeat(n) });
      expect(goUrlDecode(header)).toMatchObject({ password: 'p'.repeat(n) });
    }
    // A JSON length that is not a multiple of three needs padding: the case that failed.
    expect(registryAuthHeader({ registry: 'r.io', username: 'u', password: 'pp' }).endsWith('=')).toBe(true);
  });

  it('uses the URL alphabet for bytes that plain base64 writes as + and /', () => {
    const login = { registry: 'r.io', username: 'u', password: '>>>???~~~' };
    const header = registryAuthHeader(login);
    expect(header).not.toMatch(/[+/]/);
    expect(goUrlDecode(header)).toMatchObject({ password: '>>>???~~~' });
  });

  it("names Docker Hub by its login server, as Docker's /auth expects", () => {
    expect(serverAddress('docker.io')).toBe('https://index.docker.io/v1/');
    expect(authConfig({ registry: 'docker.io', username: 'a', password: 'b' }).serveraddress).toBe('https://index.docker.io/v1/');
  });
});
