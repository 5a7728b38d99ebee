// The renderer's entry, kept to the engine connection and the first calls (see earlyTransport.ts):
// the app itself (React, the router, i18next and the pages, half a megabyte) is a chunk of its own,
// imported from here. A module runs only once its whole static graph is compiled and the graph has
// run up to it, and a socket's `open` event (which sends the waiting calls) waits for the main
// thread; with the app in this graph, the calls went out only after all of it had been evaluated.
// Now they go out while the app chunk is still being read and run, so the engine's work on the
// first answers overlaps with it.
import { initialCalls, transport } from './api/earlyTransport';
// Static, so the built index.html links them (render-blocking, as before) rather than the app
// chunk adding them when it loads.
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/tables.css';
import './styles/forms.css';
import './styles/panels.css';

void import('./app').then(({ startApp }) => startApp(transport, initialCalls));
