// The state of the carrier between the renderer and the engine. Electron IPC is always `open`; the
// WebSocket of the browser shell can be lost and is then retried with backoff.
import type { RendererClient } from './client';

export type ConnectionStatus =
  | { state: 'connecting' }
  | { state: 'open' }
  | { state: 'lost'; attempt: number; retryInMs: number }
  /** The browser shell refused this page's access token (or it has none): retrying cannot help. */
  | { state: 'unauthorized' };

export interface ConnectionSource {
  status(): ConnectionStatus;
  /** Called on every status change; returns an unsubscribe function. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  /** Called when the carrier opens again after being lost (events may have been missed). */
  onReconnected(listener: () => void): () => void;
  /** Skips the backoff wait and tries to reconnect at once. */
  retryNow(): void;
}

/** What `app.tsx` wires together: the typed client and the state of its carrier. */
export interface Transport {
  client: RendererClient;
  connection: ConnectionSource;
}

/** The message pending calls reject with when the WebSocket closes. */
export const LOST_CONNECTION_MESSAGE = 'Lost connection to the Tinyforge engine';
