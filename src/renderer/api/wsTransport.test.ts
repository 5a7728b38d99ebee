import { describe, expect, it } from 'vitest';
import { CallError } from '../../shared/errors';
import { LOST_CONNECTION_MESSAGE } from './connectionStatus';
import type { ConnectionStatus } from './connectionStatus';
import { createWsTransport, reconnectDelay, rpcUrl } from './wsTransport';
import type { SocketHandlers } from './wsTransport';

/** A scripted WebSocket: the test opens, answers and closes it by hand. */
const TOKEN = 'tok_'.repeat(8);

function harness(token: string | null = TOKEN) {
  const sockets: { url: string; handlers: SocketHandlers; protocols: string[]; sent: unknown[]; closed: boolean }[] = [];
  const timers: { run: () => void; ms: number; cleared: boolean }[] = [];
  let forgotten = 0;
  const transport = createWsTransport({
    url: 'ws://127.0.0.1:4000/rpc',
    token,
    onUnauthorized: () => {
      forgotten += 1;
    },
    createSocket(url, handlers, protocols) {
      const socket = { url, handlers, protocols, sent: [] as unknown[], closed: false };
      sockets.push(socket);
      return {
        send: (data) => socket.sent.push(JSON.parse(data)),
        close: () => {
          socket.closed = true;
        },
      };
    },
    reconnectDelay: (attempt) => 1000 * (attempt + 1),
    setTimer: (run, ms) => {
      const timer = { run, ms, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimer: (handle) => {
      (handle as { cleared: boolean }).cleared = true;
    },
  });
  const last = () => sockets[sockets.length - 1]!;
  const answer = (id: number, result: unknown) => last().handlers.message(JSON.stringify({ id, result }));
  return { transport, client: transport.client, sockets, timers, last, answer, forgotten: () => forgotten };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('WebSocket transport: access token', () => {
  it('offers the token as a subprotocol beside the plain one', () => {
    expect(harness().last().protocols).toEqual(['tinyforge', `tinyforge.token.${TOKEN}`]);
  });

  it('stops for good on close code 4401: pending calls fail FORBIDDEN, the token is forgotten, no retry', async () => {
    const h = harness();
    const pending = h.client['hosts.list']({});
    h.last().handlers.close(4401);
    await expect(pending).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(h.transport.connection.status()).toEqual({ state: 'unauthorized' });
    expect(h.forgotten()).toBe(1);
    expect(h.timers).toEqual([]);
    h.transport.connection.retryNow();
    expect(h.sockets).toHaveLength(1);
    await expect(h.client['app.info']({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('does not even try without a token', async () => {
    const h = harness(null);
    expect(h.sockets).toHaveLength(0);
    expect(h.transport.connection.status()).toEqual({ state: 'unauthorized' });
    await expect(h.client['hosts.list']({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('WebSocket transport', () => {
  it('holds calls made before the socket opens and sends them once it does', async () => {
    const h = harness();
    const result = h.client['hosts.list']({});
    expect(h.last().sent).toEqual([]);

    h.last().handlers.open();
    expect(h.last().sent).toEqual([{ id: 1, call: 'hosts.list', input: {} }]);
    h.answer(1, { ok: true, value: [] });
    await expect(result).resolves.toEqual([]);
  });

  it('rejects with a CallError carrying the code of an error envelope', async () => {
    const h = harness();
    h.last().handlers.open();
    const result = h.client['workloads.get']({ id: 'w1' });
    h.answer(1, { ok: false, error: { code: 'NOT_FOUND', message: 'no workload w1' } });
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallError);
    expect((error as CallError).code).toBe('NOT_FOUND');
  });

  it('keeps the issues of a VALIDATION answer, so a form can place them by field', async () => {
    const h = harness();
    h.last().handlers.open();
    const result = h.client['workloads.rename']({ id: 'w1', name: '' });
    const issues = [{ path: 'name', message: 'is required' }];
    h.answer(1, { ok: false, error: { code: 'VALIDATION', message: 'Invalid input for workloads.rename: name: is required', issues } });
    await expect(result).rejects.toMatchObject({ code: 'VALIDATION', issues });
  });

  it('drops the late answer of a cancelled call', async () => {
    const h = harness();
    h.last().handlers.open();
    const controller = new AbortController();
    const first = h.client['containers.list']({}, { signal: controller.signal });
    controller.abort();
    const second = h.client['containers.list']({});

    h.answer(2, { ok: true, value: ['new'] });
    h.answer(1, { ok: true, value: ['old'] });

    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    await expect(second).resolves.toEqual(['new']);
  });

  it('never sends a call cancelled while it was waiting for the socket', async () => {
    const h = harness();
    const controller = new AbortController();
    const call = h.client['hosts.list']({}, { signal: controller.signal });
    controller.abort();
    h.last().handlers.open();
    expect(h.last().sent).toEqual([]);
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects calls in flight when the socket closes and retries with backoff', async () => {
    const h = harness();
    const statuses: ConnectionStatus[] = [];
    h.transport.connection.onStatus((s) => statuses.push(s));
    h.last().handlers.open();
    const call = h.client['system.health']({});

    h.last().handlers.close();

    const error = (await call.catch((e: unknown) => e)) as CallError;
    expect(error).toBeInstanceOf(CallError);
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toBe(LOST_CONNECTION_MESSAGE);
    expect(statuses.at(-1)).toEqual({ state: 'lost', attempt: 1, retryInMs: 1000 });
    expect(h.timers.map((t) => t.ms)).toEqual([1000]);
  });

  it('announces a reconnection once the new socket opens, after sending what waited', async () => {
    const h = harness();
    let reconnected = 0;
    h.transport.connection.onReconnected(() => reconnected++);
    h.last().handlers.open();
    h.last().handlers.close();
    h.last().handlers.close(); // a stale close from the dead socket changes nothing
    expect(h.timers).toHaveLength(1);

    const waitingCall = h.client['hosts.list']({});
    h.timers[0]!.run();
    expect(h.sockets).toHaveLength(2);
    expect(reconnected).toBe(0);
    h.last().handlers.close(); // second attempt fails: the backoff grows
    expect(h.timers[1]!.ms).toBe(2000);
    h.timers[1]!.run();
    h.last().handlers.open();

    expect(reconnected).toBe(1);
    expect(h.last().sent).toEqual([{ id: 1, call: 'hosts.list', input: {} }]);
    h.answer(1, { ok: true, value: [] });
    await expect(waitingCall).resolves.toEqual([]);
    expect(h.transport.connection.status()).toEqual({ state: 'open' });
  });

  it('retries at once when asked, cancelling the pending backoff', () => {
    const h = harness();
    h.last().handlers.close();
    h.transport.connection.retryNow();
    expect(h.timers[0]!.cleared).toBe(true);
    expect(h.sockets).toHaveLength(2);
  });

  it('delivers listed events to their listeners and ignores unknown ones', async () => {
    const h = harness();
    h.last().handlers.open();
    const seen: unknown[] = [];
    const off = h.client.on('containers.changed', (p) => seen.push(p));
    h.last().handlers.message(JSON.stringify({ event: 'containers.changed', payload: { hostId: 'local' } }));
    h.last().handlers.message(JSON.stringify({ event: 'no.such.event', payload: {} }));
    h.last().handlers.message('not json');
    off();
    h.last().handlers.message(JSON.stringify({ event: 'containers.changed', payload: { hostId: 'x' } }));
    expect(seen).toEqual([{ hostId: 'local' }]);
  });

  it('rejects a malformed answer instead of resolving with garbage', async () => {
    const h = harness();
    h.last().handlers.open();
    const call = h.client['hosts.list']({});
    h.answer(1, { nope: true });
    await expect(call).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('rebuilds the records of a table answer, and refuses a malformed table', async () => {
    const h = harness();
    h.last().handlers.open();
    const good = h.client['hosts.list']({});
    const bad = h.client['containers.list']({});
    h.last().handlers.message(
      JSON.stringify({
        id: 1,
        table: {
          fields: ['id', 'state'],
          rows: [
            ['local', 'up'],
            ['edge', 'down'],
          ],
        },
      }),
    );
    h.last().handlers.message(JSON.stringify({ id: 2, table: { fields: ['__proto__'], rows: [[{ polluted: true }]] } }));
    await expect(good).resolves.toEqual([
      { id: 'local', state: 'up' },
      { id: 'edge', state: 'down' },
    ]);
    // Refused, not decoded: a `__proto__` field would set each record's prototype (isRecordTable's
    // own test in shared/recordTable.test.ts checks the guard directly).
    await expect(bad).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('close() stops reconnecting and fails everything outstanding', async () => {
    const h = harness();
    const waiting = h.client['hosts.list']({});
    h.transport.close();
    await expect(waiting).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(h.last().closed).toBe(true);
    await flush();
    expect(h.timers).toHaveLength(0);
  });
});

describe('reconnectDelay', () => {
  it('doubles from half a second and stops growing at thirty seconds', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3].map((a) => reconnectDelay(a, mid))).toEqual([500, 1000, 2000, 4000]);
    expect(reconnectDelay(12, mid)).toBe(30_000);
    expect(reconnectDelay(500, mid)).toBe(30_000);
  });

  it('spreads retries by at most a fifth either way', () => {
    expect(reconnectDelay(2, () => 0)).toBe(1600);
    expect(reconnectDelay(2, () => 1)).toBe(2400);
  });
});

describe('rpcUrl', () => {
  it('follows the page scheme and host', () => {
    expect(rpcUrl({ protocol: 'http:', host: '127.0.0.1:4000' })).toBe('ws://127.0.0.1:4000/rpc');
    expect(rpcUrl({ protocol: 'https:', host: 'forge.example' })).toBe('wss://forge.example/rpc');
  });
});
