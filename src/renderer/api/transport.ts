// Picks the carrier: the preload's bridge in Electron, else the browser shell's WebSocket.
import type { Transport } from './connectionStatus';
import { createElectronTransport } from './electronTransport';
import { forgetAccessToken, takeAccessToken } from './accessToken';
import { createWsTransport, rpcUrl } from './wsTransport';

export function createTransport(): Transport {
  if (window.tinyforge) return createElectronTransport(window.tinyforge);
  const { token, cleanUrl } = takeAccessToken(window.location, window.localStorage);
  // The token leaves the address bar and the history entry at once.
  if (cleanUrl !== null) window.history.replaceState(window.history.state, '', cleanUrl);
  return createWsTransport({
    url: rpcUrl(window.location),
    token,
    onUnauthorized: () => forgetAccessToken(window.localStorage),
  });
}
