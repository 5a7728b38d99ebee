// Deploys that fail fast and say why, against the real dockerd behind a real Caddy: a new container
// that exits during a 60 s health wait fails the deploy within seconds with its exit code and last
// log lines; one the kernel kills for memory says so; a proxy image the host cannot have fails the
// `proxy` step before anything is created; and a slow request in flight when the route switches
// completes on the old instance while it drains.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import { createApp } from '../app';
import type { CaddyDriver } from '../proxy/caddyDriver';
import { dispatchCall } from '../rpc/handlers';
import { DOCKER_SOCKET, newRunId, testDocker, waitFor } from '../testing/dockerHost';
import { createAppProject, deployerFor, removeDeployLeftovers, TEST_PROXY_IMAGE, testProxy } from '../testing/deployHarness';
import { tempDir } from '../testing/fixtures';
import { getVia } from '../testing/proxyClient';
import { closedPort, removeImage } from '../testing/testRegistry';
import { containerName } from './deployer';
import { workloadNetwork } from '../docker/labels';
import type { DeployerDeps } from './deployer';

const docker = testDocker();
const runId = newRunId();
const short = runId.slice(-6);
const proxy = testProxy(runId);
/** A second proxy, for the app whose host names a proxy image it cannot have. */
const offlineProxy = testProxy(`${runId}-offline`);
/** Images whose command ends at once, made from the busybox test image in beforeAll. */
const CRASH_REPOSITORY = `tinyforge-test/crash-${runId}`;
const MiB = 1024 * 1024;
let app: App;
let offlineApp: App | undefined;
const projectIds: string[] = [];

const setProxyImage = (target: App, image: string) =>
  dispatchCall(
    target.handlers,
    'hosts.setProxy',
    { id: 'local', proxy: { kind: 'caddy', domain: 'localhost', httpPort: 80, image } },
    { connectionId: 'test' },
  );

/** A deployer through the host's own proxy (built from its settings, the image included). */
const deployerOf = (target: App, overrides: Partial<DeployerDeps> = {}) =>
  deployerFor(target, target.services.proxy('local'), { proxy: () => target.services.proxy('local'), ...overrides });

const leftContainers = async (projectId: string) => docker.listContainers({ all: true, filters: { label: [`tinyforge.workload.id=${projectId}`] } });

async function commitImage(tag: string, script: string): Promise<void> {
  const base = await docker.createContainer({ Image: 'tinyforge-test/busybox:latest', name: `${runId}-${tag}-base`, Cmd: ['true'] });
  try {
    await base.commit({ repo: CRASH_REPOSITORY, tag, changes: [`CMD ${JSON.stringify(['sh', '-c', script])}`] });
  } finally {
    await base.remove({ force: true });
  }
}

async function stageFor(name: string, tagRepo: string | undefined, healthTimeoutSec: number) {
  const project = await createAppProject(app, `${name}-${short}`, {
    subdomain: `${name}-${short}`,
    healthTimeoutSec,
    ...(tagRepo ? { imageRepository: tagRepo } : {}),
  });
  projectIds.push(project.projectId);
  return project;
}

beforeAll(async () => {
  // No image in the app's config: the host's proxy settings name it, as for a user.
  app = await createApp({
    dataDir: tempDir(),
    shell: 'browser',
    dockerSocketPath: DOCKER_SOCKET,
    resyncIntervalMs: 60_000,
    log: () => {},
    proxy: { name: proxy.name, network: proxy.network, httpPort: 0 },
  });
  await waitFor('docker up', () => app.services.runtime('local')?.connection.status.state === 'up');
  expect(await setProxyImage(app, TEST_PROXY_IMAGE)).toMatchObject({ ok: true });
  // The proxy's first start (two Caddy containers) is not what the timing bounds below are about.
  await app.services.proxy('local').ensure();
  await commitImage('exit3', 'i=1; while [ $i -le 30 ]; do echo line $i; i=$((i+1)); done; echo bad config >&2; exit 3');
  await commitImage('hungry', 'echo filling memory; a=xxxxxxxxxxxxxxxx; while true; do a="$a$a"; done');
});

afterAll(async () => {
  await app?.close();
  await offlineApp?.close();
  await removeDeployLeftovers(docker, projectIds, proxy);
  await removeDeployLeftovers(docker, [], offlineProxy);
  for (const tag of ['exit3', 'hungry']) await removeImage(docker, `${CRASH_REPOSITORY}:${tag}`);
});

describe('a new container that exits during the health wait', () => {
  it('fails the deploy at once with its exit code and last 20 log lines, not at the end of the health timeout', async () => {
    const { projectId, stageId } = await stageFor('crash', CRASH_REPOSITORY, 60);
    const started = Date.now();

    const record = await deployerOf(app).deploy({ stageId, imageTag: 'exit3' });

    const took = Date.now() - started;
    expect(record.status).toBe('failed');
    expect(took).toBeLessThan(10_000);
    expect(record.steps.at(-1)).toMatchObject({
      step: 'health',
      status: 'failed',
      failure: { code: 'DEPLOY_CONTAINER_EXITED', details: { exitCode: 3, oomKilled: false } },
    });
    // The last 20 lines of stdout and stderr together. Docker reads the two pipes apart, so where the
    // stderr line lands among the others (in the tail or before it) is not fixed; stdout's order is.
    const tail = record.steps.at(-1)?.failure?.details?.logTail ?? [];
    expect(tail).toHaveLength(20);
    const stdout = tail.filter((line) => line !== 'bad config');
    expect(stdout).toEqual(Array.from({ length: stdout.length }, (_, i) => `line ${31 - stdout.length + i}`));
    expect(record.error).toMatch(/^the new container exited with code 3 before its health check passed/);
    // From the container's start to the failure: the exit was seen as it happened.
    const startedAt = record.steps.find((s) => s.step === 'start')!.at;
    expect(record.finishedAt! - startedAt).toBeLessThan(3_000);
    expect(await leftContainers(projectId)).toEqual([]);
    expect(app.services.containers.list('local').filter((c) => c.stageId === stageId && c.state !== 'missing')).toEqual([]);
  });

  it('says when the kernel killed it for running out of memory', async () => {
    const { stageId } = await stageFor('hungry', CRASH_REPOSITORY, 60);
    // The stage has no memory limit setting: the test gives the created container one before it
    // starts, through the deployer's step hook.
    const limit = async (step: string, deployId: string) => {
      if (step !== 'create') return;
      await docker.getContainer(containerName(`hungry-${short}`, 'production', deployId)).update({ Memory: 16 * MiB, MemorySwap: 16 * MiB });
    };

    const record = await deployerOf(app, { afterStep: limit }).deploy({ stageId, imageTag: 'hungry' });

    expect(record.status).toBe('failed');
    expect(record.steps.at(-1)?.failure).toEqual({ code: 'DEPLOY_CONTAINER_EXITED', details: { exitCode: 137, oomKilled: true, logTail: ['filling memory'] } });
    expect(record.error).toMatch(/killed for running out of memory \(exit code 137\)/);
  });
});

describe('the proxy is made ready before the new container is created', () => {
  it("fails at the proxy step with the pull's code when the host's proxy image cannot be had, and creates nothing", async () => {
    offlineApp = await createApp({
      dataDir: tempDir(),
      shell: 'browser',
      dockerSocketPath: DOCKER_SOCKET,
      resyncIntervalMs: 60_000,
      log: () => {},
      proxy: { name: offlineProxy.name, network: offlineProxy.network, httpPort: 0 },
    });
    const target = offlineApp;
    await waitFor('docker up', () => target.services.runtime('local')?.connection.status.state === 'up');
    // A registry nobody answers at: what a host that cannot reach Docker Hub sees.
    const image = `127.0.0.1:${await closedPort()}/library/caddy:2`;
    expect(await setProxyImage(target, image)).toMatchObject({ ok: true });
    const project = await createAppProject(target, `offline-${short}`, { subdomain: `offline-${short}` });
    projectIds.push(project.projectId);

    const record = await deployerOf(target).deploy({ stageId: project.stageId, imageTag: 'v1' });

    expect(record.status).toBe('failed');
    expect(record.steps.map((s) => `${s.step}:${s.status}`)).toEqual(['image:done', 'proxy:failed']);
    expect(record.steps.at(-1)?.failure).toEqual({ code: 'REGISTRY_UNREACHABLE', details: { proxyImage: image } });
    expect(record.error).toMatch(new RegExp(`^the proxy's image ${image.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} could not be had: `));
    expect(record.error).toMatch(/a setting of the host \(Hosts, Edit\).*Nothing was created for this deploy\.$/);
    expect(await leftContainers(project.projectId)).toEqual([]);
    expect(target.services.containers.list('local').filter((c) => c.stageId === project.stageId)).toEqual([]);
    expect(await docker.listNetworks({ filters: { name: [workloadNetwork(project.projectId)] } })).toEqual([]);
    const proxyContainers = await docker.listContainers({ all: true, filters: { name: [offlineProxy.name] } });
    expect(proxyContainers).toEqual([]);
  });
});

describe('a slow response in flight when the route switches', () => {
  it('completes on the old instance while it drains', async () => {
    const { stageId } = await stageFor('slow', undefined, 10);
    const deployer = deployerOf(app, { drainMs: 8_000 });
    expect((await deployer.deploy({ stageId, imageTag: 'v1' })).status).toBe('succeeded');
    const address = (app.services.proxy('local') as CaddyDriver).httpAddress!;
    const host = `slow-${short}.localhost`;
    await waitFor('v1 served', async () => {
      const a = await getVia(address, host);
      return 'body' in a && a.body === 'v1';
    });

    const sent = Date.now();
    const slow = getVia(address, host, '/cgi-bin/slow?ms=5000', 20_000);
    await new Promise((r) => setTimeout(r, 300));
    const v2 = deployer.deploy({ stageId, imageTag: 'v2' });
    const answer = await slow;
    const answered = Date.now();
    const record = await v2;

    expect(answer).toEqual({ status: 200, body: 'v1 slow 5000' });
    expect(record.status).toBe('succeeded');
    // The switch landed while the request was in flight.
    const switched = record.steps.find((s) => s.step === 'route')!.at;
    expect(switched).toBeGreaterThan(sent);
    expect(switched).toBeLessThan(answered);
    expect(await getVia(address, host)).toEqual({ status: 200, body: 'v2' });
  }, 40_000);
});
