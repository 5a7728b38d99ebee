// The engine connection, opened as the first thing the bundle evaluates: main.tsx imports this
// module before React and the rest, so the WebSocket handshake overlaps with evaluating them
// instead of starting after the first render. The first page's data is asked for at once too
// (initialCalls.ts): the calls wait in the transport until the socket opens.
import { startInitialCalls } from './initialCalls';
import { createTransport } from './transport';

export const transport = createTransport();
export const initialCalls = startInitialCalls(transport.client, window.location.hash);
