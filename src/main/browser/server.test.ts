// The browser shell's guards, each attacked: no token, wrong token, foreign Origin, rebinding Host,
// path traversal; and the happy path: a validated call and a pushed event over the WebSocket.
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { EventBus } from '../engine/events';
import type { Handlers } from '../engine/rpc/handlers';
import { tempDir } from '../engine/testing/fixtures';
import { CONTENT_SECURITY_POLICY, SESSION_COOKIE, startBrowserShell } from './server';
import type { BrowserShell } from './server';

const events = new EventBus();
const calls: string[] = [];
const handlers = new Proxy({} as Handlers, {
  get: (_t, name: string) => (input: unknown) => {
    calls.push(name);
    return { echoed: input };
  },
});
let shell: BrowserShell;
const dir = tempDir();

beforeAll(async () => {
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>tf</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, '..', 'secret.txt'), 'do not serve');
  shell = await startBrowserShell({ app: { handlers, events }, rendererDir: dir, port: 0, token: 'test-token-123' });
});
afterAll(() => shell?.close());

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
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
const cookie = () => `${SESSION_COOKIE}=test-token-123`;

function connect(headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${shell.port}/rpc`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}
const goodHeaders = () => ({ Origin: shell.origin, Cookie: cookie() });

describe('browser shell', () => {
  it('listens on loopback only', () => {
    expect(shell.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses the page without the token', async () => {
    const res = await get('/');
    expect(res.status).toBe(401);
    expect(res.body).toMatch(/URL printed by the browser shell/);
  });

  it('refuses a wrong token', async () => {
    expect((await get('/?token=guess')).status).toBe(403);
  });

  it('trades the right token for an HttpOnly, SameSite=Strict cookie', async () => {
    const res = await get('/?token=test-token-123');
    expect(res.status).toBe(303);
    expect(String(res.headers['set-cookie'])).toMatch(/tf_session=test-token-123; HttpOnly; SameSite=Strict/);
  });

  it('serves the renderer with a strict CSP once authenticated', async () => {
    const res = await get('/', { cookie: cookie() });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>tf</title>');
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe/);
  });

  it('refuses path traversal out of the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await get(path, { cookie: cookie() });
      expect(res.body).not.toContain('do not serve');
      expect([403, 404]).toContain(res.status);
    }
  });

  it('refuses a request whose Host is not loopback (DNS rebinding)', async () => {
    expect((await get('/', { cookie: cookie(), host: 'evil.example:80' })).status).toBe(421);
  });

  it('refuses a WebSocket from another origin, even with the cookie', async () => {
    await expect(connect({ Origin: 'http://evil.example', Cookie: cookie() })).rejects.toThrow(/403/);
    await expect(connect({ Origin: `http://127.0.0.1:${shell.port + 1}`, Cookie: cookie() })).rejects.toThrow(/403/);
  });

  it('refuses a WebSocket without the session cookie', async () => {
    await expect(connect({ Origin: shell.origin })).rejects.toThrow(/401/);
    await expect(connect({ Origin: shell.origin, Cookie: `${SESSION_COOKIE}=wrong` })).rejects.toThrow(/401/);
  });

  it('answers a valid call with an envelope and validates the input first', async () => {
    const ws = await connect(goodHeaders());
    const replies: unknown[] = [];
    const done = new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        replies.push(JSON.parse(String(data)));
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
        { id: 2, result: { ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/^Invalid input for workloads\.get: id: /), issues: [{ path: 'id', message: expect.any(String) }] } } },
        { id: 3, result: { ok: false, error: { code: 'UNKNOWN_CALL', message: expect.stringContaining('shell.exec') } } },
      ]),
    );
    expect(calls).toEqual(['containers.list']);
  });

  it('closes a socket that sends a call without a numeric id', async () => {
    const ws = await connect(goodHeaders());
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ call: 'containers.list' }));
    expect(await closed).toBe(1008);
  });

  it('pushes engine events to connected clients', async () => {
    const ws = await connect(goodHeaders());
    const got = new Promise<unknown>((resolve) => ws.on('message', (data) => resolve(JSON.parse(String(data)))));
    events.emit('containers.changed', { hostId: 'local' });
    expect(await got).toEqual({ event: 'containers.changed', payload: { hostId: 'local' } });
    ws.close();
  });
});
