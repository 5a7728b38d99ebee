// The listener over real HTTP, against a real engine (no Docker needed: nothing here may deploy).
// Every refusal the issue lists, each with its status, its log line and no deploy; replays; the
// throttle of one flooding address while another address's valid deliveries still pass.
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import type { App } from '../app';
import { dispatchCall } from '../rpc/handlers';
import { createTestProject, tempDir } from '../testing/fixtures';
import { postHook, signedHeaders } from '../testing/webhookClient';

let app: App;
let base: string;
let projectId: string;
let secret: string;
const refused: { workloadId: string | null; address: string; count: number }[] = [];

const deploys = () => (app.services.db.prepare('SELECT COUNT(*) AS n FROM deploys').get() as { n: number }).n;
const log = () => app.services.webhooks.view(projectId).deliveries;
const PUSH_UNMAPPED = JSON.stringify({ ref: 'refs/heads/feature/x' });

beforeEach(async () => {
  refused.length = 0;
  app = await createApp({
    dataDir: tempDir(),
    shell: 'browser',
    dockerSocketPath: '/nonexistent/docker.sock',
    log: () => {},
    webhooks: { maxBodyBytes: 64 * 1024, timeoutMs: 1_000, onRefusedRepeatedly: (info) => refused.push(info) },
  });
  const view = await app.services.webhooks.updateListener({ enabled: true, address: '127.0.0.1', port: 0 });
  base = view.baseUrl!;
  projectId = createTestProject(app.services.workloads).projectId;
  secret = app.services.webhooks.rotateSecret(projectId).secret;
});
afterEach(() => app?.close());

describe('a delivery refused', () => {
  it('with no secret made for the workload: 401, logged, nothing deployed (fail closed)', async () => {
    const other = createTestProject(app.services.workloads, { name: 'other' }).projectId;
    const answer = await postHook(base, other, '{"stage":"production"}', signedHeaders('github', 'guess', '{"stage":"production"}'));
    expect(answer).toEqual({ status: 401, body: { error: 'no-secret' } });
    expect(app.services.webhooks.view(other).deliveries[0]).toMatchObject({ outcome: 'refused', reason: 'no-secret', status: 401 });
    expect(deploys()).toBe(0);
  });

  it.each([
    ['no signature', {}, 'signature-missing'],
    ['a sha1= signature', { 'X-Hub-Signature': 'sha1=0000000000000000000000000000000000000000' }, 'signature-sha1'],
    ['a sha1= value in the sha256 header', { 'X-Hub-Signature-256': 'sha1=0000000000000000000000000000000000000000' }, 'signature-sha1'],
    ['a wrong-length signature', { 'X-Hub-Signature-256': `sha256=${'a'.repeat(63)}` }, 'signature-malformed'],
    ['a non-hex signature', { 'X-Hub-Signature-256': `sha256=${'g'.repeat(64)}` }, 'signature-malformed'],
    ['a wrong signature', { 'X-Hub-Signature-256': `sha256=${'a'.repeat(64)}` }, 'signature-mismatch'],
    ['a wrong GitLab token', { 'X-Gitlab-Token': 'nope' }, 'signature-mismatch'],
  ])('with %s: 401, never 500, logged, nothing deployed', async (_what, headers, reason) => {
    const answer = await postHook(base, projectId, '{"stage":"production"}', { 'X-GitHub-Delivery': 'd1', ...headers });
    expect(answer).toEqual({ status: 401, body: { error: reason } });
    expect(log()[0]).toMatchObject({ outcome: 'refused', reason, status: 401 });
    expect(deploys()).toBe(0);
  });

  it("signed with another workload's secret: 401", async () => {
    const other = createTestProject(app.services.workloads, { name: 'other' }).projectId;
    const otherSecret = app.services.webhooks.rotateSecret(other).secret;
    const body = '{"stage":"production"}';
    const answer = await postHook(base, projectId, body, signedHeaders('github', otherSecret, body));
    expect(answer.status).toBe(401);
    expect(deploys()).toBe(0);
  });

  it('for a workload that does not exist: 401 like a bad signature (ids are not told apart)', async () => {
    const answer = await postHook(base, 'no-such-workload', '{}', signedHeaders('github', secret, '{}'));
    expect(answer).toEqual({ status: 401, body: { error: 'signature-mismatch' } });
  });

  it('over the body limit by Content-Length: 413 before the body is read or any HMAC computed', async () => {
    const big = Buffer.alloc(64 * 1024 + 1, 'a');
    const answer = await postHook(base, projectId, big, signedHeaders('github', secret, big));
    expect(answer.status).toBe(413);
    // Not even a log line: the delivery never reached the signature check.
    expect(log().filter((d) => d.outcome !== 'rotated')).toEqual([]);
  });

  it('over the limit while streaming a chunked body (no Content-Length): 413', async () => {
    const port = Number(new URL(base).port);
    const socket = connect(port, '127.0.0.1');
    const chunk = Buffer.alloc(16 * 1024, 'a');
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    const closed = new Promise((r) => socket.on('close', r));
    socket.write(`POST /hooks/${projectId} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nX-Hub-Signature-256: sha256=${'a'.repeat(64)}\r\n\r\n`);
    for (let i = 0; i < 6 && !socket.destroyed; i += 1) socket.write(`${chunk.length.toString(16)}\r\n${chunk.toString()}\r\n`);
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(log().filter((d) => d.outcome !== 'rotated')).toEqual([]);
  });

  it('from a slow client that stops sending mid-body: timed out (408) and closed', async () => {
    const port = Number(new URL(base).port);
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    const closed = new Promise((r) => socket.on('close', r));
    const started = Date.now();
    socket.write(`POST /hooks/${projectId} HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"stage":`);
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(deploys()).toBe(0);
  });

  it('replayed (the same delivery id again, validly signed): 409 and logged as a duplicate', async () => {
    const headers = signedHeaders('github', secret, PUSH_UNMAPPED, 'delivery-1');
    expect((await postHook(base, projectId, PUSH_UNMAPPED, headers)).status).toBe(202);
    expect(await postHook(base, projectId, PUSH_UNMAPPED, headers)).toEqual({ status: 409, body: { error: 'duplicate-delivery' } });
    expect(log()[0]).toMatchObject({ outcome: 'duplicate', reason: 'duplicate-delivery', deliveryId: 'delivery-1', status: 409 });
  });

  it('replayed after a restart of the engine: the delivery ids are persisted', async () => {
    const headers = signedHeaders('gitea', secret, PUSH_UNMAPPED, 'delivery-2');
    expect((await postHook(base, projectId, PUSH_UNMAPPED, headers)).status).toBe(202);
    const dataDir = app.config.dataDir;
    await app.close();
    app = await createApp({ dataDir, shell: 'browser', dockerSocketPath: '/nonexistent/docker.sock', log: () => {} });
    const view = await app.services.webhooks.updateListener({ enabled: true, address: '127.0.0.1', port: 0 });
    // No keychain in this shell: the secret is not known after a restart, so give it a new one and
    // sign the replay with it; the delivery id alone must refuse it.
    const fresh = app.services.webhooks.rotateSecret(projectId).secret;
    const answer = await postHook(view.baseUrl!, projectId, PUSH_UNMAPPED, signedHeaders('gitea', fresh, PUSH_UNMAPPED, 'delivery-2'));
    expect(answer.status).toBe(409);
  });

  it('after a restart without a keychain: the secret is not known, so deliveries are refused until it is rotated', async () => {
    const dataDir = app.config.dataDir;
    await app.close();
    app = await createApp({ dataDir, shell: 'browser', dockerSocketPath: '/nonexistent/docker.sock', log: () => {} });
    const view = await app.services.webhooks.updateListener({ enabled: true, address: '127.0.0.1', port: 0 });
    expect(app.services.webhooks.view(projectId).secret.state).toBe('unknown');
    const answer = await postHook(view.baseUrl!, projectId, PUSH_UNMAPPED, signedHeaders('github', secret, PUSH_UNMAPPED));
    expect(answer).toEqual({ status: 401, body: { error: 'secret-unknown-this-session' } });
  });

  it('with a valid signature but no delivery id: 400', async () => {
    const headers = signedHeaders('github', secret, PUSH_UNMAPPED);
    delete headers['X-GitHub-Delivery'];
    expect(await postHook(base, projectId, PUSH_UNMAPPED, headers)).toEqual({ status: 400, body: { error: 'delivery-id-missing' } });
  });

  it('with a valid signature over a body that is not JSON, or names no stage: 400 / 422, nothing deployed', async () => {
    expect((await postHook(base, projectId, 'not json', signedHeaders('github', secret, 'not json'))).status).toBe(400);
    expect(log()[0]).toMatchObject({ outcome: 'refused', reason: 'body-not-json', status: 400 });
    const noStage = '{"stage":"qa"}';
    expect((await postHook(base, projectId, noStage, signedHeaders('generic', secret, noStage))).status).toBe(422);
    expect(log()[0]).toMatchObject({ outcome: 'refused', reason: 'the project has no stage qa' });
    expect(deploys()).toBe(0);
  });

  it('to another path or with another method: 404 / 405', async () => {
    expect((await fetch(`${base}/hooks/${projectId}`)).status).toBe(405);
    expect((await fetch(`${base}/other`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});

describe('the bad-signature throttle', () => {
  it('answers 429 to an address after 20 bad signatures in a minute, tells the callback once, and valid deliveries from another address still pass', async () => {
    const body = PUSH_UNMAPPED;
    const bad = { 'X-Hub-Signature-256': `sha256=${'b'.repeat(64)}`, 'X-GitHub-Delivery': 'x' };
    const statuses: number[] = [];
    for (let i = 0; i < 25; i += 1) statuses.push((await postHook(base, projectId, body, bad, { localAddress: '127.0.0.2' })).status);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual(Array(5).fill(429));
    // Even a valid delivery from the flooding address waits out its minute.
    expect((await postHook(base, projectId, body, signedHeaders('github', secret, body), { localAddress: '127.0.0.2' })).status).toBe(429);
    expect((await postHook(base, projectId, body, signedHeaders('github', secret, body), { localAddress: '127.0.0.1' })).status).toBe(202);
    expect(refused).toEqual([{ workloadId: projectId, address: '127.0.0.2', count: 20 }]);
  });
});

describe('the listener', () => {
  it('reports a port taken by another program as its state, with the port named', async () => {
    const port = Number(new URL(base).port);
    const second = await createApp({ dataDir: tempDir(), shell: 'browser', dockerSocketPath: '/nonexistent/docker.sock', log: () => {} });
    try {
      const view = await dispatchCall(second.handlers, 'webhooks.listener.update', { enabled: true, address: '127.0.0.1', port }, { connectionId: 't' });
      expect(view).toMatchObject({ ok: true, value: { state: 'failed', baseUrl: null, error: { code: 'PORT_IN_USE' } } });
    } finally {
      await second.close();
    }
  });

  it('reports an address this computer does not have as its state', async () => {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never assigned to a real interface.
    const view = await app.services.webhooks.updateListener({ enabled: true, address: '192.0.2.1', port: 0 });
    expect(view).toMatchObject({ state: 'failed', baseUrl: null, error: { code: 'ADDRESS_UNAVAILABLE' } });
    expect(app.services.webhooks.listener.view().state).toBe('failed');
  });

  it('refuses bad settings at the boundary and keeps the old ones', async () => {
    for (const input of [
      { enabled: true, address: 'localhost', port: 8080 },
      { enabled: true, address: '300.1.1.1', port: 8080 },
      { enabled: true, address: '127.0.0.1', port: 0 },
      { enabled: true, address: '127.0.0.1', port: 70_000 },
      { enabled: 'yes', address: '127.0.0.1', port: 8080 },
    ]) {
      const result = await dispatchCall(app.handlers, 'webhooks.listener.update', input, { connectionId: 't' });
      expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(app.services.webhooks.listener.view().baseUrl).toBe(base);
  });

  it('stops answering once turned off, and restarts on another port when its settings change', async () => {
    const off = await app.services.webhooks.updateListener({ enabled: false, address: '127.0.0.1', port: 0 });
    expect(off).toMatchObject({ state: 'off', baseUrl: null });
    await expect(fetch(`${base}/hooks/${projectId}`, { method: 'POST', body: '{}' })).rejects.toThrow();
    const on = await app.services.webhooks.updateListener({ enabled: true, address: '127.0.0.1', port: 0 });
    expect(on.state).toBe('listening');
    expect((await postHook(on.baseUrl!, projectId, PUSH_UNMAPPED, signedHeaders('github', secret, PUSH_UNMAPPED))).status).toBe(202);
  });
});
