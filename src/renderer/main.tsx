// The renderer's entry, kept to the engine connection and the first calls (see earlyTransport.ts):
// the app itself (React, the router, i18next and the pages, a third of a megabyte) is a chunk of
// its own, imported from here. A module runs only once its whole static graph is compiled and the
// graph has run up to it, and a socket's `open` event (which sends the waiting calls) waits for the
// main thread; with the app in this graph, the calls went out only after all of it had been
// evaluated. The app is imported once the calls are out (afterCallsSent, bounded like the first
// render's wait): imported at once, its compiling and running took the main thread first and held
// the `open` event, and the calls, back behind them.
import { initialCalls, transport } from './api/earlyTransport';
import { afterCallsSent } from './api/firstFrame';
// Static, so the built index.html links them (render-blocking, as before) rather than the app
// chunk adding them when it loads.
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/tables.css';
import './styles/forms.css';
import './styles/panels.css';

afterCallsSent(transport.connection, () => void import('./app').then(({ startApp }) => startApp(transport, initialCalls)), 100);
