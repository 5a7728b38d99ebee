// The engine connection, opened as the first thing the renderer evaluates: main.tsx runs this
// module and only then imports the app (React and the rest), so the WebSocket handshake and the
// first calls overlap with loading and evaluating it instead of starting after the first render. The first page's data is asked for at once too
// (initialCalls.ts): the calls wait in the transport until the socket opens.
import { startInitialCalls } from './initialCalls';
import { createTransport } from './transport';

export const transport = createTransport();
export const initialCalls = startInitialCalls(transport.client, window.location.hash);
