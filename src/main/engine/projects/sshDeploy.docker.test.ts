// Deploys to an SSH host (a real sshd on 127.0.0.1 in front of the same dockerd): the health probe
// and Caddy's admin API go through the host's one SSH connection (direct-tcpip channels), never
// through this machine's own network. v1 then v2 with zero failed requests; then the SSH session is
// killed right as the deploy calls Caddy's admin API: the call fails at once with a clear error,
// the stage keeps serving what it served, and the deploy is settled once the host reconnects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDeployLeftovers, testProxy } from '../testing/deployHarness';
import { bodies, failures, getVia, underLoad as sendWhile } from '../testing/proxyClient';
import type { App } from '../app';
import { createApp } from '../app';
import type { CaddyDriver } from '../proxy/caddyDriver';
import type { ProxyRoute } from '../proxy/proxyDriver';
import { DOCKER_SOCKET, newRunId, testDocker, waitFor } from '../testing/dockerHost';
import { tempDir } from '../testing/fixtures';
import { TestSshServer, addTrustedHost } from '../testing/sshServer';

const docker = testDocker();
const runId = newRunId();
const { name: caddyName, network: caddyNetwork } = testProxy(runId);
let sshd: TestSshServer;
let app: App;
let hostId: string;
let projectId = '';
let stageId = '';

const get = () => getVia((app.services.proxy(hostId) as CaddyDriver).httpAddress!, 'shop.localhost');
const underLoad = (during: () => Promise<unknown>) => sendWhile(get, during);
const view = () => app.services.hostViews().find((h) => h.id === hostId)!;

beforeAll(async () => {
  sshd = await TestSshServer.start();
  app = await createApp({
    dataDir: tempDir(),
    shell: 'browser',
    dockerSocketPath: DOCKER_SOCKET,
    resyncIntervalMs: 60_000,
    log: () => {},
    proxy: testProxy(runId),
    deploy: { drainMs: 300, stopTimeoutSec: 1 },
  });
  hostId = await addTrustedHost(app, sshd, 'remote');
  const project = await app.handlers['workloads.createProject']({
    hostId,
    name: `ssh-${runId.slice(-6)}`,
    imageRepository: 'tinyforge-test/app',
    stages: [{ name: 'production', imageTag: 'v1', env: {}, port: 80, healthCheckPath: '/health', healthTimeoutSec: 10, subdomain: 'shop', maxInstances: 2 }],
  });
  projectId = project.id;
  stageId = project.kind === 'project' ? project.stages[0]!.id : '';
}, 60_000);

afterAll(async () => {
  await app?.close();
  await removeDeployLeftovers(docker, [projectId], { name: caddyName, network: caddyNetwork });
  await sshd?.dispose();
});

describe('deploys to an SSH host', () => {
  it('deploys v1, then v2 with zero failed requests, through Caddy reached over the SSH connection', async () => {
    const deployer = app.services.deployer(hostId);
    // Every TCP dial of the host's connection, to show what rode the SSH session.
    const connection = app.services.runtime(hostId)!.connection;
    const dial = connection.dial.bind(connection);
    const dialled: string[] = [];
    connection.dial = (host, port) => {
      dialled.push(`${host}:${port}`);
      return dial(host, port);
    };
    expect(await deployer.deploy({ stageId, imageTag: 'v1' })).toMatchObject({ status: 'succeeded', error: null });
    connection.dial = dial;
    const adminPort = (await docker.getContainer(`${caddyName}-front`).inspect()).NetworkSettings.Ports['2019/tcp']![0]!.HostPort;
    // The admin API on the remote host's loopback, and the health probe on the container's IP.
    expect(dialled).toContain(`127.0.0.1:${adminPort}`);
    expect(dialled.some((d) => /^\d+\.\d+\.\d+\.\d+:80$/.test(d) && !d.startsWith('127.'))).toBe(true);
    await waitFor('v1 served', async () => {
      const a = await get();
      return 'body' in a && a.body === 'v1';
    });
    let record: Awaited<ReturnType<typeof deployer.deploy>> | undefined;
    const answers = await underLoad(async () => {
      record = await deployer.deploy({ stageId, imageTag: 'v2' });
    });
    expect(record).toMatchObject({ status: 'succeeded', error: null });
    expect(answers.length).toBeGreaterThan(50);
    expect(failures(answers)).toEqual([]);
    const b = bodies(answers);
    expect(b[0]).toBe('v1');
    expect(b.at(-1)).toBe('v2');
    expect(b.slice(b.indexOf('v2'))).not.toContain('v1');
  }, 60_000);

  it('fails the admin call with a clear error (not a hang) when the SSH session dies mid-deploy; the stage keeps serving v2', async () => {
    const caddy = app.services.proxy(hostId) as CaddyDriver;
    const upsert = caddy.upsertRoute.bind(caddy);
    // The cut lands exactly between the health check (passed, over SSH) and the route switch.
    caddy.upsertRoute = (route: ProxyRoute) => {
      sshd.killSessions();
      return upsert(route);
    };
    const started = Date.now();
    let outcome: unknown;
    const answers = await underLoad(async () => {
      outcome = await app.services
        .deployer(hostId)
        .deploy({ stageId, imageTag: 'v1' })
        .catch((error: unknown) => error);
    });
    caddy.upsertRoute = upsert;
    const message = outcome instanceof Error ? outcome.message : JSON.stringify(outcome);
    // Whether the undo could still reach Docker decides between a failed record and an error; both
    // name the proxy call that failed.
    expect(message).toMatch(/Caddy's admin API could not be reached for (GET|PATCH|POST) /);
    expect(Date.now() - started).toBeLessThan(12_000);
    // Caddy itself never depended on the SSH session: every request was answered, by v2 only.
    expect(failures(answers)).toEqual([]);
    expect(new Set(bodies(answers))).toEqual(new Set(['v2']));

    // The host reconnects by itself; recovery settles whatever the cut left running.
    await waitFor('the SSH host up again', () => view().state === 'up', 20_000);
    await waitFor('no deploy left running', () => app.services.deploys.running().length === 0, 20_000);
    const last = app.services.deploys.history(stageId)[0]!;
    const served = await get();
    expect('body' in served && served.body).toBe(last.status === 'succeeded' ? 'v1' : 'v2');
  }, 60_000);
});
