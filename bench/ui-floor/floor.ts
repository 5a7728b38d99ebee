// The floor for the ui-containers bench: the least a page can do to show the Containers list, with
// no framework. It speaks the browser shell's protocol exactly as the app does (the same token from
// localStorage offered as a subprotocol, the same `containers.list` call, the same record-table
// answer checked and decoded by the same shared functions), then writes the count and the first
// rows as plain DOM. The bench's "loaded" condition (rows counted, first rows in the DOM) then holds
// for both pages alike, so the app's first render divided by this one is the framework's cost.
import { fromRecordTable, isRecordTable } from '../../src/shared/recordTable';

import { TOKEN_STORAGE_KEY, callFrame, socketProtocols } from '../../src/shared/wire';

/** About what the app's virtualised table puts in the DOM in an 800 px high window. */
const FIRST_ROWS = 30;

const token = localStorage.getItem(TOKEN_STORAGE_KEY);
if (token === null) throw new Error('no access token in localStorage: open the app with its token URL first');

// The same URL as rpcUrl() in wsTransport.ts (the bench serves over http).
const socket = new WebSocket(`ws://${location.host}/rpc`, socketProtocols(token));
socket.onopen = () => socket.send(callFrame(1, 'containers.list', {}));
socket.onclose = (event) => {
  if (!document.querySelector('[data-testid="container-row"]'))
    throw new Error(`the shell closed the floor page's socket (code ${event.code}) before it answered`);
};
socket.onmessage = (event) => {
  const frame = JSON.parse(String(event.data)) as { id?: number; table?: unknown; result?: { ok: boolean; value?: unknown } };
  if (frame.id !== 1) return;
  const rows = isRecordTable(frame.table) ? fromRecordTable(frame.table) : frame.result?.ok ? (frame.result.value as Record<string, unknown>[]) : null;
  if (rows === null) throw new Error(`containers.list failed: ${JSON.stringify(frame.result)}`);
  draw(rows);
};

function draw(rows: Record<string, unknown>[]): void {
  const list = document.getElementById('rows')!;
  const fragment = document.createDocumentFragment();
  for (const row of rows.slice(0, FIRST_ROWS)) {
    const line = document.createElement('div');
    line.dataset.testid = 'container-row';
    // The app's eight columns, as text.
    for (const key of ['name', 'hostId', 'workloadName', 'kind', 'role', 'state', 'image', 'lastSeenAt']) {
      const cell = document.createElement('span');
      cell.textContent = `${String(row[key])} `;
      line.append(cell);
    }
    fragment.append(line);
  }
  list.append(fragment);
  document.querySelector('[data-testid="container-count"]')!.textContent = `${rows.length} containers`;
}
