// The browser shell's access token. The URL the shell prints carries it once (`/?token=...`); the
// page moves it into localStorage, which is scoped to this exact origin, port included, and strips
// it from the address bar and history. A cookie would not do: browsers send 127.0.0.1's cookies to
// every port, so any other local server the user visits would receive it.

import { TOKEN_STORAGE_KEY } from '../../shared/wire';

// The protocol's names live in src/shared/wire.ts, shared with the browser shell.
export { CLOSE_UNAUTHORIZED, RPC_PROTOCOL, TOKEN_PROTOCOL_PREFIX, TOKEN_STORAGE_KEY, socketProtocols } from '../../shared/wire';

interface LocationLike {
  search: string;
  pathname: string;
  hash: string;
}
interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Subprotocol values may hold only token characters; the shell's tokens are base64url. */
const TOKEN = /^[A-Za-z0-9_-]{20,200}$/;

/**
 * Takes the token from the URL (saving it and returning the URL to replace the current one with)
 * or from storage. Returns null for the token when there is none or it is malformed.
 */
export function takeAccessToken(location: LocationLike, storage: StorageLike): { token: string | null; cleanUrl: string | null } {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  let cleanUrl: string | null = null;
  if (fromUrl !== null) {
    params.delete('token');
    const rest = params.toString();
    cleanUrl = `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`;
    if (TOKEN.test(fromUrl)) storage.setItem(TOKEN_STORAGE_KEY, fromUrl);
  }
  const stored = storage.getItem(TOKEN_STORAGE_KEY);
  return { token: stored !== null && TOKEN.test(stored) ? stored : null, cleanUrl };
}

export function forgetAccessToken(storage: StorageLike): void {
  storage.removeItem(TOKEN_STORAGE_KEY);
}
