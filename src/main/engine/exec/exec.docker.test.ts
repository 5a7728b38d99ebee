// Terminals against the real dockerd, on the local socket and through a real OpenSSH server: keys in,
// echo out; the first size and every resize reach the TTY; bash when the image has it, else sh; a
// stopped container ends the session and says so; a container the app did not create is refused;
// another connection can neither type into nor close a session; each session lands in the history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecEndedEvent } from '../../../shared/exec';
import { createApp } from '../app';
import type { App } from '../app';
import { canonicalLabels } from '../docker/labels';
import { dispatchCall } from '../rpc/handlers';
import { DOCKER_SOCKET, TEST_IMAGE, TEST_RUN_LABEL, newRunId, removeRun, testDocker, waitFor } from '../testing/dockerHost';
import { stage, tempDir } from '../testing/fixtures';
import { TestSshServer, addTrustedHost } from '../testing/sshServer';

export const BASH_IMAGE = 'tinyforge-test/bash:latest';

const docker = testDocker();
const runId = newRunId();
let app: App;
let sshd: TestSshServer;
let sshHostId: string;

/** What each connection received, by session id. */
const output = new Map<string, string>();
const endings = new Map<string, ExecEndedEvent>();
const receivedBy = new Map<string, string>();

const call = (name: string, input: unknown, connectionId = 'conn-a') => dispatchCall(app.handlers, name, input, { connectionId });
async function ok<T>(promise: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const res = await promise;
  if (!res.ok) throw new Error(`call failed: ${JSON.stringify(res.error)}`);
  return res.value as T;
}

beforeAll(async () => {
  sshd = await TestSshServer.start();
  app = await createApp({ dataDir: tempDir(), shell: 'browser', dockerSocketPath: DOCKER_SOCKET, resyncIntervalMs: 60_000, log: () => {} });
  await waitFor('docker up', () => app.services.runtime('local')?.connection.status.state === 'up');
  sshHostId = await addTrustedHost(app, sshd, 'exec-ssh');
  app.events.subscribeDirected((connectionId, event, payload) => {
    const sessionId = (payload as { sessionId: string }).sessionId;
    receivedBy.set(sessionId, connectionId);
    if (event === 'exec.output') output.set(sessionId, (output.get(sessionId) ?? '') + (payload as { data: string }).data);
    if (event === 'exec.ended') endings.set(sessionId, payload as ExecEndedEvent);
  });
});
afterAll(async () => {
  await removeRun(docker, runId);
  await app?.close();
  await sshd?.dispose();
});

let count = 0;
/** A running container of a new project on the host: trusted by the user unless `forged`. */
async function container(hostId: string, opts: { image?: string; forged?: boolean } = {}) {
  count += 1;
  const project = app.services.workloads.createProject({ hostId, name: `exec-${count}`, imageRepository: 'acme/exec', stages: [stage('production')] });
  const name = `${runId}-${count}`;
  const created = await docker.createContainer({
    Image: opts.image ?? TEST_IMAGE,
    name,
    Cmd: ['sleep', '3600'],
    Env: ['PORT=80', 'DB_PASSWORD=hunter2'],
    Labels: { ...canonicalLabels(project.id, 'project', 'production'), [TEST_RUN_LABEL]: runId },
  });
  await created.start();
  await app.handlers['reconcile.now']({ hostId });
  const row = await waitFor(`row ${name}`, () => app.services.containers.list(hostId).find((c) => c.name === name));
  const owned = opts.forged ? row : app.services.containers.setTrust(row, true, Date.now());
  return { row: owned, workloadId: project.id, dockerId: created.id };
}

const typed = (sessionId: string, data: string, connectionId = 'conn-a') => call('exec.input', { sessionId, data }, connectionId);
const sawOutput = (sessionId: string, pattern: RegExp) => waitFor(`output ${pattern}`, () => pattern.test(output.get(sessionId) ?? ''), 10_000);

describe.each([
  ['the local host', () => 'local'],
  ['an SSH host', () => sshHostId],
])('a terminal on %s', (_where, host) => {
  it('echoes what is typed, from a shell sized at its first line, resized after', async () => {
    const { row } = await container(host());
    const { sessionId, shell } = await ok<{ sessionId: string; shell: string }>(call('exec.open', { id: row.id, cols: 100, rows: 30 }));
    expect(shell).toBe('sh');

    await typed(sessionId, 'echo $((6*7))\r');
    await sawOutput(sessionId, /\r\n42\r\n/);
    await typed(sessionId, 'busybox stty size\r');
    await sawOutput(sessionId, /\r\n30 100\r\n/);

    await ok(call('exec.resize', { sessionId, cols: 132, rows: 43 }));
    await typed(sessionId, 'busybox stty size\r');
    await sawOutput(sessionId, /\r\n43 132\r\n/);
    expect(receivedBy.get(sessionId)).toBe('conn-a');
    await ok(call('exec.close', { sessionId }));
  });

  it('opens bash where the image has it', async () => {
    const { row } = await container(host(), { image: BASH_IMAGE });
    const { sessionId, shell } = await ok<{ sessionId: string; shell: string }>(call('exec.open', { id: row.id, cols: 80, rows: 24 }));
    expect(shell).toBe('bash');
    await typed(sessionId, 'echo "bash=$BASH_VERSION"\r');
    await sawOutput(sessionId, /bash=\d+\.\d+/);
    await ok(call('exec.close', { sessionId }));
  });

  it('ends the session when the container stops, says so, and records it in the history', async () => {
    const { row, workloadId, dockerId } = await container(host());
    const { sessionId } = await ok<{ sessionId: string }>(call('exec.open', { id: row.id, cols: 80, rows: 24 }));
    await typed(sessionId, 'echo ready\r');
    await sawOutput(sessionId, /\r\nready\r\n/);

    await docker.getContainer(dockerId).stop({ t: 1 });
    const ended = await waitFor('exec.ended', () => endings.get(sessionId));

    expect(ended).toMatchObject({ reason: 'container-stopped' });
    expect(await typed(sessionId, 'echo late\r')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const history = await ok<Array<Record<string, unknown>>>(call('exec.history', { workloadId }));
    expect(history).toEqual([
      expect.objectContaining({
        id: sessionId,
        containerId: row.id,
        containerName: row.name,
        shell: 'sh',
        endReason: 'container-stopped',
        endedAt: expect.any(Number),
      }),
    ]);
    expect(JSON.stringify(history)).not.toContain('ready');
  });

  it('refuses a container whose labels claim a workload the app did not create it for', async () => {
    const { row, dockerId } = await container(host(), { forged: true });
    expect(row.provenance).toBe('unverified');
    for (const [name, input] of [
      ['exec.open', { id: row.id, cols: 80, rows: 24 }],
      ['containers.inspect', { id: row.id }],
      ['containers.revealEnv', { id: row.id, key: 'DB_PASSWORD' }],
    ] as const) {
      expect(await call(name, input)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    // Nothing ran in it: Docker lists no exec for the container.
    expect((await docker.getContainer(dockerId).inspect()).ExecIDs ?? []).toEqual([]);
  });
});

describe('a session belongs to the connection that opened it', () => {
  it('refuses input, resize and close from another connection, and closes with its own', async () => {
    const { row } = await container('local');
    const { sessionId } = await ok<{ sessionId: string }>(call('exec.open', { id: row.id, cols: 80, rows: 24 }));

    expect(await typed(sessionId, 'touch /tmp/pwned\r', 'conn-b')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('exec.resize', { sessionId, cols: 10, rows: 10 }, 'conn-b')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('exec.close', { sessionId }, 'conn-b')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await typed(sessionId, 'ls /tmp; echo listed\r');
    await sawOutput(sessionId, /listed/);
    expect(output.get(sessionId)).not.toContain('pwned');

    await app.closeConnection('conn-a');
    expect(await waitFor('ended', () => endings.get(sessionId))).toMatchObject({ reason: 'closed' });
  });

  it('closes a session whose connection went away while it was opening', async () => {
    const { row } = await container('local');
    const opening = call('exec.open', { id: row.id, cols: 80, rows: 24 }, 'conn-gone');
    await app.closeConnection('conn-gone');
    const { sessionId } = await ok<{ sessionId: string }>(opening);
    expect(await waitFor('ended', () => endings.get(sessionId))).toMatchObject({ reason: 'closed' });
  });

  it('hangs up the shell in the container when the session closes (Docker would leave it running)', async () => {
    const { row, dockerId } = await container('local');
    const { sessionId } = await ok<{ sessionId: string }>(call('exec.open', { id: row.id, cols: 80, rows: 24 }));
    await typed(sessionId, 'sleep 4242\r');
    const processes = async () => ((await docker.getContainer(dockerId).top()).Processes as string[][]).map((p) => p.join(' '));
    await waitFor('sleep 4242 running', async () => (await processes()).some((p: string) => p.includes('sleep 4242')));

    expect(await call('exec.close', { sessionId })).toEqual({ ok: true, value: { closed: true } });

    await waitFor('the shell and its job gone', async () => !(await processes()).some((p: string) => p.includes('sleep 4242')), 5_000);
    expect(endings.get(sessionId)).toMatchObject({ reason: 'closed' });
  });
});

describe('the container detail', () => {
  it('leaves secret-looking values out, and reveals one on request', async () => {
    const { row } = await container('local');
    const detail = await ok<{ env: unknown[]; running: boolean; image: string }>(call('containers.inspect', { id: row.id }));
    expect(detail).toMatchObject({ running: true, image: TEST_IMAGE });
    expect(detail.env).toEqual(
      expect.arrayContaining([
        { key: 'PORT', value: '80', secret: false },
        { key: 'DB_PASSWORD', value: null, secret: true },
      ]),
    );
    expect(JSON.stringify(detail)).not.toContain('hunter2');
    expect(await call('containers.revealEnv', { id: row.id, key: 'DB_PASSWORD' })).toEqual({ ok: true, value: { key: 'DB_PASSWORD', value: 'hunter2' } });
  });
});

describe('sessions belong to their host scope', () => {
  it('end, said as host-down, when the SSH connection drops', async () => {
    const { row } = await container(sshHostId);
    const { sessionId } = await ok<{ sessionId: string }>(call('exec.open', { id: row.id, cols: 80, rows: 24 }));
    await typed(sessionId, 'echo up\r');
    await sawOutput(sessionId, /\r\nup\r\n/);

    sshd.killSessions();

    expect(await waitFor('exec.ended', () => endings.get(sessionId), 20_000)).toMatchObject({ reason: 'host-down' });
    await waitFor('the SSH host back', () => app.services.hostViews().find((v) => v.id === sshHostId)?.state === 'up', 30_000);
  });

  it('end, said as shutdown, when the host scope closes', async () => {
    const { row, workloadId } = await container(sshHostId);
    const { sessionId } = await ok<{ sessionId: string }>(call('exec.open', { id: row.id, cols: 80, rows: 24 }));
    await typed(sessionId, 'echo up\r');
    await sawOutput(sessionId, /\r\nup\r\n/);

    await app.services.stopHost(sshHostId);

    expect(endings.get(sessionId)).toMatchObject({ reason: 'shutdown' });
    expect((await ok<Array<{ endReason: string }>>(call('exec.history', { workloadId })))[0]).toMatchObject({ endReason: 'shutdown' });
  });
});
