import { describe, expect, it } from 'vitest';
import type { LogEndEvent, LogLine } from '../../shared/logs';
import type { ConnectionStatus } from './connectionStatus';
import { openLogStream } from './logStream';
import type { LogStreamStatus } from './logStream';

type Listener = (payload: unknown) => void;

/** A scripted engine: the test answers opens and pushes events by hand. */
function harness() {
  const listeners = new Map<string, Set<Listener>>();
  const opens: { input: Record<string, unknown>; resolve(v: { streamId: string; tty: boolean }): void; reject(e: unknown): void }[] = [];
  const closes: string[] = [];
  const statusListeners = new Set<(s: ConnectionStatus) => void>();
  const reconnectListeners = new Set<() => void>();
  const client = {
    on(event: string, listener: Listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    'logs.open': (input: Record<string, unknown>) =>
      new Promise<{ streamId: string; tty: boolean }>((resolve, reject) => opens.push({ input, resolve, reject })),
    'logs.close': async ({ streamId }: { streamId: string }) => {
      closes.push(streamId);
      return { closed: true };
    },
  };
  const connection = {
    onStatus: (l: (s: ConnectionStatus) => void) => (statusListeners.add(l), () => statusListeners.delete(l)),
    onReconnected: (l: () => void) => (reconnectListeners.add(l), () => reconnectListeners.delete(l)),
  };
  const received: LogLine[] = [];
  const statuses: LogStreamStatus[] = [];
  let n = 0;
  const control = openLogStream(
    client as never,
    connection,
    { containerId: 'c1', workloadId: 'w1', stageId: 's1' },
    { lines: (l) => received.push(...l), status: (s) => statuses.push(s) },
    { tail: 200, newStreamId: () => `id${++n}` },
  );
  const push = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
  const line = (text: string, time: string | null = null): LogLine => ({ stream: 'stdout', text, time });
  return {
    control,
    opens,
    closes,
    received,
    statuses,
    line,
    lines: (streamId: string, lines: LogLine[]) => push('logs.lines', { streamId, lines }),
    end: (end: LogEndEvent) => push('logs.end', end),
    carrier: (s: ConnectionStatus) => statusListeners.forEach((l) => l(s)),
    reconnected: () => reconnectListeners.forEach((l) => l()),
    listenerCount: () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0) + statusListeners.size + reconnectListeners.size,
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('openLogStream', () => {
  it('opens with its own id, the target and the tail, following with timestamps', () => {
    const h = harness();

    expect(h.opens[0]?.input).toEqual({ streamId: 'id1', id: 'c1', workloadId: 'w1', stageId: 's1', tail: 200, follow: true, timestamps: true });
    expect(h.statuses).toEqual([{ state: 'opening' }]);
  });

  it("takes only its own stream's lines, even before the open call has answered", async () => {
    const h = harness();
    h.lines('id1', [h.line('mine')]);
    h.lines('other', [h.line('not mine')]);
    h.opens[0]?.resolve({ streamId: 'id1', tty: false });
    await flush();

    expect(h.received.map((l) => l.text)).toEqual(['mine']);
    expect(h.statuses.at(-1)).toEqual({ state: 'live', tty: false });
  });

  it('reports the end the engine sends, and reopens on request', async () => {
    const h = harness();
    h.opens[0]?.resolve({ streamId: 'id1', tty: false });
    await flush();
    h.end({ streamId: 'id1', reason: 'stopped', message: null });

    h.control.reopen();

    expect(h.statuses).toContainEqual({ state: 'ended', end: { streamId: 'id1', reason: 'stopped', message: null } });
    expect(h.opens[1]?.input.streamId).toBe('id2');
  });

  it('reports a refused open (FORBIDDEN, NOT_FOUND) as failed', async () => {
    const h = harness();
    const error = new Error('FORBIDDEN');
    h.opens[0]?.reject(error);
    await flush();

    expect(h.statuses.at(-1)).toEqual({ state: 'failed', error });
  });

  it('resumes after a lost connection from the last timestamp, without repeating lines', async () => {
    const h = harness();
    h.opens[0]?.resolve({ streamId: 'id1', tty: false });
    await flush();
    h.lines('id1', [h.line('a', '2026-01-01T00:00:01.5Z'), h.line('b', '2026-01-01T00:00:02Z')]);

    h.carrier({ state: 'lost', attempt: 1, retryInMs: 500 });
    h.reconnected();
    h.lines('id2', [h.line('b', '2026-01-01T00:00:02Z'), h.line('c', '2026-01-01T00:00:02.000001Z')]);

    expect(h.statuses).toContainEqual({ state: 'reconnecting' });
    expect(h.opens[1]?.input).toMatchObject({ streamId: 'id2', since: `${Date.UTC(2026, 0, 1, 0, 0, 2) / 1000}.000000000`, tail: 10_000 });
    expect(h.received.map((l) => l.text)).toEqual(['a', 'b', 'c']);
  });

  it('closes its stream and stops listening when closed', async () => {
    const h = harness();
    h.opens[0]?.resolve({ streamId: 'id1', tty: false });
    await flush();

    h.control.close();
    h.lines('id1', [h.line('late')]);

    expect(h.closes).toEqual(['id1']);
    expect(h.received).toEqual([]);
    expect(h.listenerCount()).toBe(0);
  });

  it('closes a stream that finishes opening after the viewer was closed', async () => {
    const h = harness();
    h.control.close();
    h.opens[0]?.resolve({ streamId: 'id1', tty: false });
    await flush();

    expect(h.closes).toEqual(['id1']);
  });
});
