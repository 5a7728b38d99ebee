// One terminal session as the renderer sees it: opens `exec.open` with the terminal's size, passes
// keystrokes and resizes on, and hands output and the ending to its handlers. The engine names the
// session, so output can arrive before the answer does: until then every session's output is held,
// and the held output of this session is played first. Keystrokes typed while it opens are sent
// once it is open, in order; only the last size is sent.
import type { ExecEndedEvent, ExecShell } from '../../shared/exec';
import type { RendererClient } from './client';

export type ExecStatus =
  { state: 'opening' } | { state: 'open'; shell: ExecShell } | { state: 'ended'; end: ExecEndedEvent } | { state: 'failed'; error: unknown };

export interface ExecHandlers {
  output(data: string): void;
  status(status: ExecStatus): void;
}

export interface ExecControl {
  input(data: string): void;
  resize(cols: number, rows: number): void;
  close(): void;
}

type ExecClient = Pick<RendererClient, 'on' | 'exec.open' | 'exec.input' | 'exec.resize' | 'exec.close'>;

export function openExecSession(client: ExecClient, containerId: string, size: { cols: number; rows: number }, handlers: ExecHandlers): ExecControl {
  let sessionId: string | null = null;
  let closed = false;
  let ended = false;
  const held = new Map<string, string[]>();
  const heldEnds = new Map<string, ExecEndedEvent>();
  let queuedInput = '';
  let openedSize = size;
  let pendingSize: { cols: number; rows: number } | null = null;
  /** Keystrokes go one call at a time, so they arrive in order. */
  let sending: Promise<unknown> = Promise.resolve();

  const end = (event: ExecEndedEvent) => {
    if (ended) return;
    ended = true;
    handlers.status({ state: 'ended', end: event });
  };
  const offOutput = client.on('exec.output', ({ sessionId: id, data }) => {
    if (id === sessionId) handlers.output(data);
    else if (sessionId === null) held.set(id, [...(held.get(id) ?? []), data]);
  });
  const offEnded = client.on('exec.ended', (event) => {
    if (event.sessionId === sessionId) end(event);
    else if (sessionId === null) heldEnds.set(event.sessionId, event);
  });
  const stopListening = () => {
    offOutput();
    offEnded();
  };

  const send = (data: string) => {
    const id = sessionId;
    if (!id || ended) return;
    sending = sending.then(() => client['exec.input']({ sessionId: id, data }).catch(() => undefined));
  };

  handlers.status({ state: 'opening' });
  client['exec.open']({ id: containerId, cols: size.cols, rows: size.rows }).then(
    ({ sessionId: id, shell }) => {
      if (closed) {
        void client['exec.close']({ sessionId: id }).catch(() => undefined);
        return;
      }
      sessionId = id;
      handlers.status({ state: 'open', shell });
      for (const data of held.get(id) ?? []) handlers.output(data);
      held.clear();
      const early = heldEnds.get(id);
      heldEnds.clear();
      if (early) return end(early);
      if (pendingSize && (pendingSize.cols !== openedSize.cols || pendingSize.rows !== openedSize.rows)) {
        void client['exec.resize']({ sessionId: id, ...pendingSize }).catch(() => undefined);
        openedSize = pendingSize;
      }
      if (queuedInput) send(queuedInput);
      queuedInput = '';
    },
    (error: unknown) => {
      stopListening();
      if (!closed) handlers.status({ state: 'failed', error });
    },
  );

  return {
    input(data) {
      if (closed || ended) return;
      if (sessionId === null) queuedInput += data;
      else send(data);
    },
    resize(cols, rows) {
      if (closed || ended) return;
      if (sessionId === null) pendingSize = { cols, rows };
      else void client['exec.resize']({ sessionId, cols, rows }).catch(() => undefined);
    },
    close() {
      if (closed) return;
      closed = true;
      stopListening();
      if (sessionId && !ended) void client['exec.close']({ sessionId }).catch(() => undefined);
    },
  };
}
