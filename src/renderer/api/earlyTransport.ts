// The engine connection, opened as the first thing the bundle evaluates: main.tsx imports this
// module before React and the rest, so the WebSocket handshake overlaps with evaluating them
// instead of starting after the first render.
import { createTransport } from './transport';

export const transport = createTransport();
