/// <reference types="vite/client" />
// Globals the renderer sees. `window.tinyforge` is the preload's bridge in Electron; it is absent in
// the browser shell, where the renderer talks to the engine over a WebSocket instead.
import type { RawBridge } from '../shared/contract';

declare global {
  interface Window {
    tinyforge?: RawBridge;
  }
}

export {};
