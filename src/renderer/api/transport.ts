// Picks the carrier: the preload's bridge in Electron, else the browser shell's WebSocket.
import type { Transport } from './connectionStatus';
import { createElectronTransport } from './electronTransport';
import { createWsTransport, rpcUrl } from './wsTransport';

export function createTransport(): Transport {
  if (window.tinyforge) return createElectronTransport(window.tinyforge);
  return createWsTransport({ url: rpcUrl(window.location) });
}
