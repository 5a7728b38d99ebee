// The browser shell's guards, each attacked: no token, wrong token, token in a cookie only, foreign
// Origin, rebinding Host, path traversal, a client resetting after refusal; and the happy path: a
// validated call and a pushed event over the WebSocket, and the queue measure log streams pause on.
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { EventBus } from '../engine/events';
import type { CallContext, Handlers } from '../engine/rpc/handlers';
import { tempDir } from '../engine/testing/fixtures';
import { CLOSE_UNAUTHORIZED, CONTENT_SECURITY_POLICY, RPC_PROTOCOL, cacheControlFor, TOKEN_PROTOCOL_PREFIX, startBrowserShell } from './server';
import type { BrowserShell } from './server';

const events = new EventBus();
const calls: string[] = [];
/** The connection id each call arrived with, in order. */
const callers: string[] = [];
const closedConnections: string[] = [];
const handlers = new Proxy({} as Handlers, {
  get: (_t, name: string) => (input: unknown, ctx?: CallContext) => {
    calls.push(name);
    callers.push(ctx?.connectionId ?? '(none)');
    // Lets a test learn its socket's connection id.
    if (name === 'app.info') return { connectionId: ctx?.connectionId };
    if (name === 'hosts.list') return Array.from({ length: 80 }, (_, i) => ({ id: `h${i}`, state: 'up' }));
    return { echoed: input };
  },
});
const closeConnection = async (connectionId: string) => {
  closedConnections.push(connectionId);
};
let shell: BrowserShell;
const dir = tempDir();

beforeAll(async () => {
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>tf</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, '..', 'secret.txt'), 'do not serve');
  shell = await startBrowserShell({ app: { handlers, events, closeConnection }, rendererDir: dir, port: 0, token: 'test-token-123' });
});
afterAll(() => shell?.close());

function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: shell.port, path, headers: { host: `127.0.0.1:${shell.port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
const protocols = (token = 'test-token-123') => [RPC_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`];

/** Resolves with the open socket, or rejects with the HTTP status or the close code it got. */
function connect(headers: Record<string, string>, offered: string[] = protocols()): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${shell.port}/rpc`, offered, { headers });
    let opened = false;
    ws.once('open', () => {
      opened = true;
      // A refused token closes at once: give it a moment before calling the socket good.
      setTimeout(() => (ws.readyState === WebSocket.OPEN ? resolve(ws) : undefined), 50);
    });
    ws.once('close', (code) => reject(new Error(opened ? `closed ${code}` : `closed before open ${code}`)));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', () => undefined);
  });
}
const goodHeaders = () => ({ Origin: shell.origin });

describe('browser shell', () => {
  it('listens on loopback only', () => {
    expect(shell.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the renderer (public code) with a strict CSP', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>tf</title>');
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe/);
  });

  it('lets the browser keep content-hashed assets for good, and never index.html', async () => {
    writeFileSync(join(dir, 'assets', 'index-BfEiHhMV.js'), 'console.log(2)');
    expect((await get('/assets/index-BfEiHhMV.js')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/assets/app.js')).headers['cache-control']).toBe('no-cache');
    expect((await get('/')).headers['cache-control']).toBe('no-store');
    expect(cacheControlFor('favicon.svg')).toBe('no-cache');
  });

  it('refuses path traversal out of the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await get(path);
      expect(res.body).not.toContain('do not serve');
      expect([403, 404]).toContain(res.status);
    }
  });

  it('refuses a request whose Host is not loopback (DNS rebinding)', async () => {
    expect((await get('/', { host: 'evil.example:80' })).status).toBe(421);
  });

  it('refuses a WebSocket from another origin, even with the token', async () => {
    await expect(connect({ Origin: 'http://evil.example' })).rejects.toThrow(/403/);
    await expect(connect({ Origin: `http://127.0.0.1:${shell.port + 1}` })).rejects.toThrow(/403/);
    await expect(connect({})).rejects.toThrow(/403/);
  });

  it('refuses a WebSocket with a wrong or missing token with close code 4401', async () => {
    await expect(connect(goodHeaders(), protocols('wrong-token'))).rejects.toThrow(new RegExp(`closed ${CLOSE_UNAUTHORIZED}`));
    await expect(connect(goodHeaders(), [RPC_PROTOCOL])).rejects.toThrow(new RegExp(`closed ${CLOSE_UNAUTHORIZED}`));
    // A cookie carries nothing: browsers send 127.0.0.1's cookies to every port.
    await expect(connect({ ...goodHeaders(), Cookie: 'tf_session=test-token-123' }, [RPC_PROTOCOL])).rejects.toThrow(/4401/);
  });

  it('never echoes the token back in the chosen subprotocol', async () => {
    const ws = await connect(goodHeaders());
    expect(ws.protocol).toBe(RPC_PROTOCOL);
    ws.close();
  });

  it('survives a client that resets the connection after a refusal', async () => {
    for (let i = 0; i < 3; i += 1) {
      await new Promise<void>((resolve) => {
        const sock = tcpConnect(shell.port, '127.0.0.1', () => {
          sock.write(
            `GET /rpc HTTP/1.1\r\nHost: 127.0.0.1:${shell.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: http://evil.example\r\n\r\n`,
          );
        });
        sock.once('data', () => {
          sock.resetAndDestroy();
          resolve();
        });
      });
    }
    await new Promise((r) => setTimeout(r, 50));
    expect((await get('/')).status).toBe(200);
  });

  it('answers a valid call with an envelope and validates the input first', async () => {
    const ws = await connect(goodHeaders());
    const replies: unknown[] = [];
    const done = new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        replies.push(JSON.parse((data as Buffer).toString()));
        if (replies.length === 3) resolve();
      }),
    );
    calls.length = 0;
    ws.send(JSON.stringify({ id: 1, call: 'containers.list', input: { hostId: 'local' } }));
    ws.send(JSON.stringify({ id: 2, call: 'workloads.get', input: { id: 42 } }));
    ws.send(JSON.stringify({ id: 3, call: 'shell.exec', input: {} }));
    await done;
    ws.close();
    expect(replies).toEqual(
      expect.arrayContaining([
        { id: 1, result: { ok: true, value: { echoed: { hostId: 'local' } } } },
        {
          id: 2,
          result: {
            ok: false,
            error: {
              code: 'VALIDATION',
              message: expect.stringMatching(/^Invalid input for workloads\.get: id: /),
              issues: [{ path: 'id', message: expect.any(String) }],
            },
          },
        },
        { id: 3, result: { ok: false, error: { code: 'UNKNOWN_CALL', message: expect.stringContaining('shell.exec'), details: { call: 'shell.exec' } } } },
      ]),
    );
    expect(calls).toEqual(['containers.list']);
  });

  it('sends a long list of like records as a table, and an error as an envelope', async () => {
    const ws = await connect(goodHeaders());
    const replies: Record<string, unknown>[] = [];
    const done = new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        replies.push(JSON.parse((data as Buffer).toString()) as Record<string, unknown>);
        if (replies.length === 2) resolve();
      }),
    );
    ws.send(JSON.stringify({ id: 7, call: 'hosts.list', input: {} }));
    ws.send(JSON.stringify({ id: 8, call: 'workloads.get', input: { id: 42 } }));
    await done;
    ws.close();
    const table = replies.find((r) => r.id === 7)!;
    expect(table).toEqual({ id: 7, table: { fields: ['id', 'state'], rows: expect.any(Array) } });
    expect((table.table as { rows: unknown[] }).rows[79]).toEqual(['h79', 'up']);
    expect(replies.find((r) => r.id === 8)).toMatchObject({ result: { ok: false, error: { code: 'VALIDATION' } } });
  });

  it('closes a socket that sends a call without a numeric id', async () => {
    const ws = await connect(goodHeaders());
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ call: 'containers.list' }));
    expect(await closed).toBe(1008);
  });

  it('pushes engine events to connected clients', async () => {
    const ws = await connect(goodHeaders());
    const got = new Promise<unknown>((resolve) => ws.on('message', (data) => resolve(JSON.parse((data as Buffer).toString()))));
    events.emit('containers.changed', { hostId: 'local' });
    expect(await got).toEqual({ event: 'containers.changed', payload: { hostId: 'local' } });
    ws.close();
  });
});

/** Sends one call and resolves with its envelope. */
function callOn(ws: WebSocket, id: number, call: string, input: unknown = {}): Promise<{ ok: boolean; value?: unknown }> {
  return new Promise((resolve) => {
    const onMessage = (data: unknown) => {
      const frame = JSON.parse(String(data)) as { id?: number; result?: { ok: boolean; value?: unknown } };
      if (frame.id !== id) return;
      ws.off('message', onMessage);
      resolve(frame.result as { ok: boolean; value?: unknown });
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, call, input }));
  });
}

async function connectionIdOf(ws: WebSocket): Promise<string> {
  const result = await callOn(ws, 900, 'app.info');
  return (result.value as { connectionId: string }).connectionId;
}

/** Every frame a socket receives from now on. */
function received(ws: WebSocket): unknown[] {
  const frames: unknown[] = [];
  ws.on('message', (data) => frames.push(JSON.parse((data as Buffer).toString())));
  return frames;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('connection-scoped calls and events', () => {
  it('gives each socket its own caller context, the same for all of its calls', async () => {
    const a = await connect(goodHeaders());
    const b = await connect(goodHeaders());
    const first = await connectionIdOf(a);
    const again = await connectionIdOf(a);
    const other = await connectionIdOf(b);
    a.close();
    b.close();

    expect(first).toMatch(/^ws:\d+$/);
    expect(again).toBe(first);
    expect(other).not.toBe(first);
  });

  it('delivers a directed event to the connection it names and to no other', async () => {
    const a = await connect(goodHeaders());
    const b = await connect(goodHeaders());
    const target = await connectionIdOf(a);
    const framesA = received(a);
    const framesB = received(b);

    events.emitTo(target, 'logs.lines', { streamId: 's1', lines: [{ stream: 'stdout', text: 'secret line', time: null }] });
    await settle();
    a.close();
    b.close();

    expect(framesA).toEqual([{ event: 'logs.lines', payload: { streamId: 's1', lines: [{ stream: 'stdout', text: 'secret line', time: null }] } }]);
    expect(framesB).toEqual([]);
  });

  it('delivers a directed event for a closed or unknown connection to nobody', async () => {
    const a = await connect(goodHeaders());
    const gone = await connect(goodHeaders());
    const goneId = await connectionIdOf(gone);
    gone.close();
    await settle();
    const framesA = received(a);

    events.emitTo(goneId, 'logs.end', { streamId: 's1', reason: 'closed', message: null });
    events.emitTo('ws:999999', 'logs.end', { streamId: 's1', reason: 'closed', message: null });
    events.emitTo('webContents:1', 'logs.end', { streamId: 's1', reason: 'closed', message: null });
    await settle();
    a.close();

    expect(framesA).toEqual([]);
  });

  it('tells the engine how much it has queued toward a client that stopped reading, and when it caught up', async () => {
    const a = await connect(goodHeaders());
    const id = await connectionIdOf(a);
    const quiet = events.queuedTo(id);
    const line = { stream: 'stdout' as const, text: 'x'.repeat(256 * 1024), time: null };

    // A stalled client (a suspended laptop): it reads nothing, so the kernel's buffers fill first.
    a.pause();
    for (let i = 0; i < 200 && events.queuedTo(id) <= 1024 * 1024; i += 1) events.emitTo(id, 'logs.lines', { streamId: 's1', lines: [line] });
    const stalled = events.queuedTo(id);
    a.resume();
    for (let i = 0; i < 100 && events.queuedTo(id) > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    const caughtUp = events.queuedTo(id);
    a.close();

    expect(quiet).toBe(0);
    expect(stalled).toBeGreaterThan(1024 * 1024);
    expect(caughtUp).toBe(0);
  });

  it('tells the engine when a socket closes, with the id its calls carried', async () => {
    const a = await connect(goodHeaders());
    const id = await connectionIdOf(a);
    const closed = new Promise((resolve) => a.on('close', resolve));
    a.close();
    await closed;
    await settle();

    expect(closedConnections).toContain(id);
  });
});
