import { describe, expect, it } from 'vitest';
import { TOKEN_STORAGE_KEY, forgetAccessToken, socketProtocols, takeAccessToken } from './accessToken';

function memoryStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}
const TOKEN = 'aB3_-'.repeat(9);

describe('takeAccessToken', () => {
  it('moves the token from the URL into storage and gives the URL without it', () => {
    const storage = memoryStorage();
    const taken = takeAccessToken({ search: `?token=${TOKEN}`, pathname: '/', hash: '#/containers?kind=project' }, storage);
    expect(taken).toEqual({ token: TOKEN, cleanUrl: '/#/containers?kind=project' });
    expect(storage.map.get(TOKEN_STORAGE_KEY)).toBe(TOKEN);
  });

  it('uses the stored token when the URL has none', () => {
    const taken = takeAccessToken({ search: '', pathname: '/', hash: '' }, memoryStorage({ [TOKEN_STORAGE_KEY]: TOKEN }));
    expect(taken).toEqual({ token: TOKEN, cleanUrl: null });
  });

  it('refuses a malformed token (it could not travel as a subprotocol) but still cleans the URL', () => {
    const storage = memoryStorage();
    const taken = takeAccessToken({ search: '?token=a%20b,c', pathname: '/', hash: '' }, storage);
    expect(taken).toEqual({ token: null, cleanUrl: '/' });
    expect(storage.map.size).toBe(0);
  });

  it('keeps other query parameters', () => {
    expect(takeAccessToken({ search: `?x=1&token=${TOKEN}`, pathname: '/', hash: '' }, memoryStorage()).cleanUrl).toBe('/?x=1');
  });

  it('forgets, and offers the token as a second subprotocol', () => {
    const storage = memoryStorage({ [TOKEN_STORAGE_KEY]: TOKEN });
    forgetAccessToken(storage);
    expect(storage.map.size).toBe(0);
    expect(socketProtocols(TOKEN)).toEqual(['tinyforge', `tinyforge.token.${TOKEN}`]);
  });
});
