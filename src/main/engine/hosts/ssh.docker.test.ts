// Remote hosts over a real OpenSSH server on 127.0.0.1 in front of the real dockerd: host key
// pinning (accept, reconnect, a replaced key refused before any login), every kind of failure with
// its own error, two hosts at once with rows kept apart, and a session killed mid event stream.
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HostView } from '../../../shared/types';
import { createApp } from '../app';
import type { App } from '../app';
import { LABEL } from '../docker/labels';
import { DOCKER_SOCKET, newRunId, removeRun, runContainer, testDocker, waitFor } from '../testing/dockerHost';
import { tempDir } from '../testing/fixtures';
import { NO_DOCKER_USER, TestSshServer, addTrustedHost, freePort } from '../testing/sshServer';
import { DockerConnection } from '../docker/dockerConnection';
import { SshDialer } from '../docker/sshDialer';

const run = promisify(execFile);
const docker = testDocker();
const runId = newRunId();
let sshd: TestSshServer;
let sshd2: TestSshServer;
let app: App;

beforeAll(async () => {
  [sshd, sshd2] = await Promise.all([TestSshServer.start(), TestSshServer.start()]);
  app = await createApp({ dataDir: tempDir(), shell: 'browser', dockerSocketPath: DOCKER_SOCKET, resyncIntervalMs: 60_000, log: () => {} });
});
afterEach(() => removeRun(docker, runId));
afterAll(async () => {
  await removeRun(docker, runId);
  await app?.close();
  await Promise.all([sshd?.dispose(), sshd2?.dispose()]);
});

const view = (id: string): HostView => app.services.hostViews().find((h) => h.id === id)!;
const rows = (hostId: string) => app.services.containers.list(hostId);

describe('host keys', () => {
  it('shows an unknown key for the user to accept and logs in only after, then pins it', async () => {
    const before = sshd.acceptedLogins();
    const added = await app.handlers['hosts.add']({ name: 'pin-test', ssh: sshd.settings(), rememberPassphrase: false });
    const offered = await waitFor('the offered key', () => view(added.id).offeredHostKey);
    expect(offered).toEqual(sshd.hostKey);
    expect(view(added.id)).toMatchObject({
      state: 'down',
      reasonCode: 'SSH_HOST_KEY_UNKNOWN',
      reasonDetails: { offered: { fingerprint: expect.stringMatching(/^SHA256:/) } },
    });
    expect(sshd.acceptedLogins()).toBe(before);

    await expect(app.handlers['hosts.acceptHostKey']({ id: added.id, fingerprint: `SHA256:${'A'.repeat(43)}` })).rejects.toThrow(/is not offering/);
    await app.handlers['hosts.acceptHostKey']({ id: added.id, fingerprint: offered.fingerprint });
    await waitFor('up after accepting', () => view(added.id).state === 'up', 15_000);
    expect(view(added.id)).toMatchObject({ hostKey: sshd.hostKey, offeredHostKey: null, dockerVersion: expect.stringMatching(/API/) });
    expect(sshd.acceptedLogins()).toBe(before + 1);

    await app.handlers['hosts.reconnect']({ id: added.id });
    await waitFor('up after reconnecting with the pinned key', () => view(added.id).state === 'up', 15_000);
    await app.handlers['hosts.remove']({ id: added.id });
  });

  it('refuses to accept an offer once it is stale: after connecting, or after the address changed', async () => {
    const added = await app.handlers['hosts.add']({ name: 'stale-offer', ssh: sshd.settings(), rememberPassphrase: false });
    const offered = await waitFor('offered', () => view(added.id).offeredHostKey);
    // The address moves to another server before the user clicks Accept on the first one's key.
    await app.handlers['hosts.update']({ id: added.id, ssh: sshd2.settings() });
    await expect(app.handlers['hosts.acceptHostKey']({ id: added.id, fingerprint: offered.fingerprint })).rejects.toThrow(/is not offering/);
    expect(app.services.hosts.get(added.id)?.hostKey).toBeNull();
    const second = await waitFor(
      'the new server offers its own key',
      () => view(added.id).offeredHostKey?.fingerprint === sshd2.hostKey.fingerprint && view(added.id).offeredHostKey,
    );
    await app.handlers['hosts.acceptHostKey']({ id: added.id, fingerprint: second.fingerprint });
    await waitFor('up', () => view(added.id).state === 'up', 15_000);
    // Connected: no offer is pending, so accepting any key (the old one included) is refused.
    await expect(app.handlers['hosts.acceptHostKey']({ id: added.id, fingerprint: offered.fingerprint })).rejects.toThrow(/is not offering/);
    expect(app.services.hosts.get(added.id)?.hostKey).toEqual(sshd2.hostKey);
    await app.handlers['hosts.remove']({ id: added.id });
  });

  it('refuses a replaced host key with SSH_HOST_KEY_CHANGED and both fingerprints, before any login', async () => {
    const server = await TestSshServer.start();
    try {
      const id = await addTrustedHost(app, server, 'key-change');
      const oldKey = server.hostKey;
      await server.replaceHostKey();
      const newKey = server.hostKey;
      const loginsBefore = server.acceptedLogins();
      await app.handlers['hosts.reconnect']({ id });
      const down = await waitFor('refused', () => view(id).reasonCode === 'SSH_HOST_KEY_CHANGED' && view(id));
      expect(down.reason).toContain(oldKey.fingerprint);
      expect(down.reason).toContain(newKey.fingerprint);
      expect(down.reasonDetails).toMatchObject({ expected: { fingerprint: oldKey.fingerprint }, offered: { fingerprint: newKey.fingerprint } });
      expect(down.offeredHostKey).toEqual(newKey);
      expect(down.hostKey).toEqual(oldKey);
      // Refused at key exchange: nothing was authenticated, so no request could have been sent.
      expect(server.acceptedLogins()).toBe(loginsBefore);
      // And it does not retry on its own: only the user can settle this.
      await new Promise((r) => setTimeout(r, 1_500));
      expect(server.acceptedLogins()).toBe(loginsBefore);
      await app.handlers['hosts.remove']({ id });
    } finally {
      await server.dispose();
    }
  });
});

describe('clear errors in bounded time', () => {
  const test = (ssh: Parameters<App['handlers']['hosts.test']>[0]) => app.handlers['hosts.test'](ssh);

  it('tests settings without saving: reports the key, then Docker once the key is accepted', async () => {
    const unknown = await test({ ssh: sshd.settings() });
    expect(unknown).toMatchObject({ ok: false, hostKey: sshd.hostKey, hostKeyTrusted: false, error: { code: 'SSH_HOST_KEY_UNKNOWN' } });
    const trusted = await test({ ssh: sshd.settings(), acceptFingerprint: sshd.hostKey.fingerprint });
    expect(trusted).toMatchObject({ ok: true, hostKey: sshd.hostKey, hostKeyTrusted: true, dockerVersion: expect.stringMatching(/API/), error: null });
    expect(app.services.hosts.list().filter((h) => h.kind === 'ssh')).toHaveLength(0);
  });

  it.each([
    ['a key nobody authorized', () => ({ privateKeyPath: sshd.strangerKey }), 'SSH_AUTH_FAILED'],
    ['a wrong user', () => ({ username: 'nobody-here' }), 'SSH_AUTH_FAILED'],
    ['an encrypted key without its passphrase', () => ({ privateKeyPath: sshd.encryptedClientKey }), 'SSH_PASSPHRASE_NEEDED'],
    ['a key file that does not exist', () => ({ privateKeyPath: '/nonexistent/id_ed25519' }), 'SSH_KEY_UNREADABLE'],
    ['a user who may not use the Docker socket', () => ({ username: NO_DOCKER_USER }), 'DOCKER_PERMISSION_DENIED'],
    ['a host with no Docker socket there', () => ({ socketPath: '/run/no-docker-here.sock' }), 'DOCKER_NOT_FOUND'],
  ])('%s: %s', async (_what, overrides, code) => {
    const started = Date.now();
    const result = await test({ ssh: sshd.settings(overrides()), acceptFingerprint: sshd.hostKey.fingerprint });
    expect(result).toMatchObject({ ok: false, error: { code, message: expect.any(String) } });
    // The code is data: it is not pasted in front of the message.
    expect(result.error?.message.startsWith(`${code}`)).toBe(false);
    expect(Date.now() - started).toBeLessThan(12_000);
  });

  it('a wrong passphrase, then the right one', async () => {
    const ssh = sshd.settings({ privateKeyPath: sshd.encryptedClientKey });
    expect(await test({ ssh, passphrase: 'wrong', acceptFingerprint: sshd.hostKey.fingerprint })).toMatchObject({ error: { code: 'SSH_BAD_PASSPHRASE' } });
    expect(await test({ ssh, passphrase: sshd.passphrase, acceptFingerprint: sshd.hostKey.fingerprint })).toMatchObject({ ok: true });
  });

  it('a Docker socket that accepts and never answers: a clear error within the call timeout', async () => {
    const { createServer } = await import('node:net');
    const path = `/tmp/tinyforge-silent-${process.pid}.sock`;
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(path, () => r()));
    try {
      const started = Date.now();
      const result = await test({ ssh: sshd.settings({ socketPath: path }), acceptFingerprint: sshd.hostKey.fingerprint });
      expect(result).toMatchObject({ ok: false, hostKeyTrusted: true, error: { code: 'DOCKER_UNREACHABLE' } });
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      silent.close();
    }
  }, 30_000);

  it('a key other than the one the user reviewed is refused, as unknown, not as changed', async () => {
    const result = await test({ ssh: sshd.settings(), acceptFingerprint: sshd2.hostKey.fingerprint });
    expect(result).toMatchObject({
      ok: false,
      hostKeyTrusted: false,
      error: { code: 'SSH_HOST_KEY_UNKNOWN', message: expect.stringContaining('not the key you reviewed') },
    });
  });

  it('an ssh-agent that is not there', async () => {
    const dialer = new SshDialer({
      settings: sshd.settings({ auth: 'agent', privateKeyPath: null }),
      pinned: sshd.hostKey,
      passphrase: null,
      agentSocket: '/nonexistent/agent.sock',
    });
    await expect(dialer.open()).rejects.toMatchObject({ code: 'SSH_AGENT_UNAVAILABLE' });
  });

  it('a closed port', async () => {
    const result = await test({ ssh: sshd.settings({ port: await freePort() }) });
    expect(result).toMatchObject({ ok: false, error: { code: 'SSH_REFUSED' } });
  });

  it('an address that never answers, within the handshake timeout', async () => {
    // A listener that accepts TCP and then says nothing, as a blackholed SSH port would.
    const { createServer } = await import('node:net');
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as { port: number }).port;
    const dialer = new SshDialer({ settings: sshd.settings({ port }), pinned: null, passphrase: null, readyTimeoutMs: 1_500 });
    const started = Date.now();
    await expect(dialer.open()).rejects.toMatchObject({ code: 'SSH_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(5_000);
    silent.close();
  });

  it('asks for the passphrase of a saved host, and connects once it is given', async () => {
    const added = await app.handlers['hosts.add']({
      name: 'locked',
      ssh: sshd.settings({ privateKeyPath: sshd.encryptedClientKey }),
      rememberPassphrase: false,
    });
    // The key is opened before dialling: the passphrase comes first, then the host key.
    await waitFor('needs a passphrase', () => view(added.id).needsPassphrase, 15_000);
    expect(view(added.id).reasonCode).toBe('SSH_PASSPHRASE_NEEDED');
    await app.handlers['hosts.unlock']({ id: added.id, passphrase: 'not it', rememberPassphrase: false });
    await waitFor('a wrong passphrase is said so', () => view(added.id).reasonCode === 'SSH_BAD_PASSPHRASE' && view(added.id).needsPassphrase, 15_000);
    await app.handlers['hosts.unlock']({ id: added.id, passphrase: sshd.passphrase, rememberPassphrase: true });
    const offered = await waitFor('offered', () => view(added.id).offeredHostKey, 15_000);
    await app.handlers['hosts.acceptHostKey']({ id: added.id, fingerprint: offered.fingerprint });
    await waitFor('up', () => view(added.id).state === 'up', 15_000);
    // The browser shell has no keychain: nothing was written to the database.
    expect(app.services.db.prepare('SELECT COUNT(*) AS n FROM host_secrets').get()).toEqual({ n: 0 });
    await app.handlers['hosts.remove']({ id: added.id });
  });
});

describe('remote hosts at work', () => {
  it('lists, reconciles and hears events over SSH, two hosts at once with rows kept apart', async () => {
    const a = await addTrustedHost(app, sshd, 'remote-a');
    const b = await addTrustedHost(app, sshd2, 'remote-b');
    const stackA = app.services.workloads.createStack({ hostId: a, name: 'shop-a', composeProjectName: `${runId}-a`, composeFile: '', envFile: '' });
    const stackB = app.services.workloads.createStack({ hostId: b, name: 'shop-b', composeProjectName: `${runId}-b`, composeFile: '', envFile: '' });
    await app.services.restartHost(a);
    await app.services.restartHost(b);
    await waitFor('both up', () => view(a).state === 'up' && view(b).state === 'up', 15_000);
    await runContainer(docker, runId, { name: `${runId}-web-a`, labels: { [LABEL.composeProject]: `${runId}-a`, [LABEL.composeService]: 'web' } });
    await runContainer(docker, runId, { name: `${runId}-web-b`, labels: { [LABEL.composeProject]: `${runId}-b`, [LABEL.composeService]: 'web' } });
    await waitFor('rows running on both hosts', () => rows(a)[0]?.state === 'running' && rows(b)[0]?.state === 'running', 10_000);
    expect(rows(a)).toEqual([expect.objectContaining({ hostId: a, name: `${runId}-web-a`, workloadId: stackA.id, state: 'running' })]);
    expect(rows(b)).toEqual([expect.objectContaining({ hostId: b, name: `${runId}-web-b`, workloadId: stackB.id, state: 'running' })]);
    // Same daemon, but the local host owns neither: its rows are its own.
    expect(rows('local').some((c) => c.name.startsWith(runId))).toBe(false);

    // A host whose session dies mid event stream: down, nothing missing, back by itself, converged.
    const keepName = `${runId}-web-a`;
    await waitFor('events flowing', () => rows(a)[0]?.state === 'running');
    sshd.killSessions();
    await waitFor('host a down', () => view(a).state !== 'up', 10_000);
    expect(rows(a).map((c) => c.state)).toEqual(['running']);
    // Changes while it is down: one container removed, one started.
    await docker.getContainer((await docker.listContainers({ filters: { name: [keepName] } }))[0]!.Id).remove({ force: true });
    await runContainer(docker, runId, { name: `${runId}-web-a2`, labels: { [LABEL.composeProject]: `${runId}-a`, [LABEL.composeService]: 'web' } });
    await waitFor('host a back', () => view(a).state === 'up', 20_000);
    await waitFor(
      'converged',
      () => {
        const byName = new Map(rows(a).map((c) => [c.name, c.state]));
        return byName.get(keepName) === 'missing' && byName.get(`${runId}-web-a2`) === 'running';
      },
      10_000,
    );
    expect(view(b).state).toBe('up');

    await removeRun(docker, runId);
    await waitFor('rows gone', () => [...rows(a), ...rows(b)].every((c) => c.state === 'missing'), 10_000);
    app.services.workloads.delete(stackA.id);
    app.services.workloads.delete(stackB.id);
    await app.handlers['hosts.remove']({ id: a });
    await app.handlers['hosts.remove']({ id: b });
  });

  it('exposes a local unix socket that the docker CLI can use, readable by this user only, gone on removal', async () => {
    const added = await app.handlers['hosts.add']({ name: 'exposed', ssh: sshd.settings({ exposeSocket: true }), rememberPassphrase: false });
    const offered = await waitFor('offered', () => view(added.id).offeredHostKey);
    await app.handlers['hosts.acceptHostKey']({ id: added.id, fingerprint: offered.fingerprint });
    const path = await waitFor('socket exposed', () => view(added.id).localSocketPath, 15_000);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const { stdout } = await run('docker', ['version', '--format', '{{.Server.Version}}'], { env: { ...process.env, DOCKER_HOST: `unix://${path}` } });
    expect(stdout.trim()).toMatch(/^\d+\.\d+/);
    await app.handlers['hosts.remove']({ id: added.id });
    expect(existsSync(path)).toBe(false);
  });

  it('notices a dead link by keepalives, with the TCP connection still open', async () => {
    const connection = new DockerConnection({
      hostId: 'keepalive',
      dialer: new SshDialer({ settings: sshd.settings(), pinned: sshd.hostKey, passphrase: null, keepaliveIntervalMs: 300, keepaliveCountMax: 2 }),
      backoffMinMs: 60_000,
    });
    try {
      await connection.start();
      expect(connection.status.state).toBe('up');
      sshd.freezeSessions();
      const started = Date.now();
      await waitFor('down by keepalive', () => connection.status.state === 'down', 10_000);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(connection.status.code).toBe('SSH_UNREACHABLE');
    } finally {
      sshd.thawSessions();
      await connection.close();
    }
  });

  it('refuses to remove a host that still has workloads', async () => {
    const id = await addTrustedHost(app, sshd, 'busy');
    const site = app.services.workloads.createSite({ hostId: id, name: 'docs', sourceDir: '' });
    await expect(app.handlers['hosts.remove']({ id })).rejects.toMatchObject({
      code: 'HOST_HAS_WORKLOADS',
      details: { workloads: [expect.objectContaining({ name: expect.any(String) })] },
    });
    expect(view(id).state).toBe('up');
    app.services.workloads.delete(site.id);
    await app.handlers['hosts.remove']({ id });
    expect(app.services.hosts.get(id)).toBeUndefined();
  });
});
