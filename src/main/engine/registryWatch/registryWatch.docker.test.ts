// Registry watch end to end in the engine: new digests published with `docker push` to the real
// registry test-host.sh serves on 127.0.0.1:5002, checked by HEAD, deployed (or only announced)
// within one shortened interval; a registry that answers 429 with Retry-After is left alone until
// then; an image without a repo digest is "unknown", never a false badge.
import { createServer } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerUpdateView, WatchView } from '../../../shared/registryWatch';
import type { App } from '../app';
import type { UpdateAvailableInfo } from './registryWatcher';
import { newRunId, testDocker, waitFor } from '../testing/dockerHost';
import { openDeployApp, removeDeployLeftovers, testProxy } from '../testing/deployHarness';
import { PUSH_REGISTRY, publish, pushRegistryAnswers } from '../testing/pushRegistry';
import { dispatchCall } from '../rpc/handlers';
import { canonicalLabels } from '../docker/labels';

const INTERVAL_MS = 1_000;
const docker = testDocker();
const runId = newRunId();
const proxy = testProxy(runId);
const prefix = `tf-regwatch-${runId.slice(-8)}`;
const projectIds: string[] = [];
const announced: UpdateAvailableInfo[] = [];
const logs: string[] = [];
/** Deploys with these ids wait after each step until released (the busy-stage test holds one). */
const held = new Map<string, Promise<void>>();
let app: App;

const call = async <T>(name: string, input: unknown): Promise<T> => {
  const result = await dispatchCall(app.handlers, name, input, { connectionId: 'test' });
  if (!result.ok) throw new Error(`${name} refused: ${result.error.code} ${result.error.message}`);
  return result.value as T;
};

async function project(name: string, repository: string, imageTag: string): Promise<{ workloadId: string; stageId: string }> {
  const created = await call<{ id: string; stages: { id: string }[] }>('workloads.createProject', {
    hostId: 'local',
    name: `${prefix}-${name}`,
    imageRepository: repository,
    stages: [
      { name: 'production', imageTag, env: {}, port: 80, healthCheckPath: '/health', healthTimeoutSec: 10, subdomain: `${prefix}-${name}`, maxInstances: 2 },
    ],
  });
  projectIds.push(created.id);
  return { workloadId: created.id, stageId: created.stages[0]!.id };
}

const history = (stageId: string) => app.services.deploys.history(stageId);

async function deployAndWait(stageId: string): Promise<void> {
  const started = await call<{ id: string }>('deploys.start', { stageId });
  const done = await waitFor(
    `deploy ${started.id}`,
    () => (app.services.deploys.get(started.id).status !== 'running' ? app.services.deploys.get(started.id) : null),
    60_000,
  );
  expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
}

const watchOf = async (workloadId: string) => (await call<WatchView[]>('registryWatch.list', { workloadId }))[0]!;

beforeAll(async () => {
  await pushRegistryAnswers();
  app = await openDeployApp(proxy, {
    log: (message) => logs.push(message),
    deploy: { drainMs: 200, stopTimeoutSec: 1, afterStep: (_step, deployId) => held.get(deployId) ?? Promise.resolve() },
    registryWatch: { intervalMs: INTERVAL_MS, onUpdateAvailable: (info) => announced.push(info) },
  });
});

afterAll(async () => {
  await app?.close();
  await removeDeployLeftovers(docker, projectIds, proxy);
});

describe('registry watch', () => {
  it('deploys the new digest published under a watched tag within one interval, once', async () => {
    const repository = `${PUSH_REGISTRY}/${prefix}/deploy`;
    const v1 = await publish('tinyforge-test/app:v1', repository, 'live');
    const { workloadId, stageId } = await project('deploy', repository, 'live');
    await deployAndWait(stageId);
    await call('registryWatch.set', { workloadId, stageId, mode: 'deploy' });
    const current = await waitFor('the first check', async () => {
      const w = await watchOf(workloadId);
      return w.check.digest === v1 && w.state === 'current' ? w : null;
    });
    expect(current.runningDigests).toEqual([v1]);
    expect(history(stageId)).toHaveLength(1);

    const v2 = await publish('tinyforge-test/app:v2', repository, 'live');
    expect(v2).not.toBe(v1);
    const published = Date.now();
    // Within one interval the check sees v2 and starts the deploy; the deploy itself then takes its time.
    const auto = await waitFor(
      'the watch to start a deploy of v2',
      () => history(stageId).find((d) => d.image === `${repository}@${v2}`),
      INTERVAL_MS * 3 + 2_000,
    );
    expect(auto.startedAt - published).toBeLessThan(INTERVAL_MS + 2_000);
    await waitFor('the deploy of v2 to succeed', () => app.services.deploys.get(auto.id).status === 'succeeded', 60_000);
    const after = await waitFor('the stage to run v2', async () => {
      const w = await watchOf(workloadId);
      return w.state === 'current' && w.runningDigests.includes(v2) ? w : null;
    });
    expect(after.check.digest).toBe(v2);
    // The instance the watch's deploy drained stopped as the app's own stop, never a crash.
    const drained = await waitFor(
      'the old instance stopped',
      () => app.services.containers.listByWorkload(workloadId).find((c) => c.state === 'exited'),
      20_000,
    );
    await new Promise((r) => setTimeout(r, 1_000));
    expect(app.services.containers.listByWorkload(workloadId).find((c) => c.id === drained.id)?.stopKind).toBe('app');
    // Three more intervals: no second deploy of the same digest.
    await new Promise((r) => setTimeout(r, INTERVAL_MS * 3));
    expect(history(stageId).map((d) => d.image)).toEqual([`${repository}@${v2}`, `${repository}:live`]);
    expect(announced.filter((a) => a.stageId === stageId).map((a) => a.digest)).toEqual([v2]);
  }, 120_000);

  it('in notify mode shows the update on the stage and its container, and deploys nothing', async () => {
    const repository = `${PUSH_REGISTRY}/${prefix}/notify`;
    const v1 = await publish('tinyforge-test/app:v1', repository, 'live');
    const { workloadId, stageId } = await project('notify', repository, 'live');
    await deployAndWait(stageId);
    await call('registryWatch.set', { workloadId, stageId, mode: 'notify' });
    await waitFor('the first check', async () => (await watchOf(workloadId)).check.digest === v1);

    const v2 = await publish('tinyforge-test/app:v2', repository, 'live');
    const shown = await waitFor('update available', async () => {
      const w = await watchOf(workloadId);
      return w.state === 'update' ? w : null;
    });
    expect(shown.check.digest).toBe(v2);
    expect(shown.runningDigests).toEqual([v1]);
    const badges = await call<ContainerUpdateView[]>('registryWatch.containers', { hostId: 'local' });
    const row = app.services.containers.listByWorkload(workloadId).find((c) => c.state === 'running')!;
    expect(badges.find((b) => b.id === row.id)).toEqual({ id: row.id, image: `${repository}:live`, state: 'update', runningDigest: v1, availableDigest: v2 });
    expect(announced.filter((a) => a.stageId === stageId)).toEqual([{ hostId: 'local', workloadId, stageId, image: `${repository}:live`, digest: v2 }]);
    await new Promise((r) => setTimeout(r, INTERVAL_MS * 3));
    expect(history(stageId)).toHaveLength(1);
    expect(announced.filter((a) => a.stageId === stageId)).toHaveLength(1);

    // Labels are claims: a container started outside the app with the stage's labels gets no badge.
    const impostor = await docker.createContainer({
      Image: 'tinyforge-test/app:v1',
      name: `${prefix}-impostor`,
      Cmd: ['sleep', '3600'],
      Labels: canonicalLabels(workloadId, 'project', 'production'),
    });
    await impostor.start();
    const forged = await waitFor('the impostor recorded', () => app.services.containers.listByWorkload(workloadId).find((c) => c.dockerId === impostor.id));
    expect(forged.provenance).toBe('unverified');
    const again = await call<ContainerUpdateView[]>('registryWatch.containers', {});
    expect(again.some((b) => b.id === forged.id)).toBe(false);
    expect(again.filter((b) => b.state === 'update' && b.image === `${repository}:live`)).toHaveLength(1);
  }, 120_000);

  it('shows "unknown", never a badge, for a container whose image has no repo digest', async () => {
    const repository = `${PUSH_REGISTRY}/${prefix}/imported`;
    await publish('tinyforge-test/app:v1', repository, 'live');
    // The stage runs an image made here under the watched name, never pushed to that repository.
    await docker.getImage('tinyforge-test/app:v2').tag({ repo: repository, tag: 'live' });
    const { workloadId, stageId } = await project('imported', repository, 'live');
    await deployAndWait(stageId);
    await call('registryWatch.set', { workloadId, stageId, mode: 'notify' });
    const w = await waitFor('a check', async () => {
      const view = await watchOf(workloadId);
      return view.check.checkedAt !== null ? view : null;
    });
    expect(w.check.digest).not.toBeNull();
    expect(w.state).toBe('unknown');
    const badges = await call<ContainerUpdateView[]>('registryWatch.containers', {});
    const row = app.services.containers.listByWorkload(workloadId).find((c) => c.state === 'running')!;
    expect(badges.find((b) => b.id === row.id)?.state).toBe('unknown');
    expect(announced.filter((a) => a.stageId === stageId)).toEqual([]);
    await docker
      .getImage(`${repository}:live`)
      .remove()
      .catch(() => undefined);
  }, 120_000);

  it('deploys an update found while the stage is busy after the running deploy, never beside it', async () => {
    const repository = `${PUSH_REGISTRY}/${prefix}/busy`;
    const v1 = await publish('tinyforge-test/app:v1', repository, 'live');
    const { workloadId, stageId } = await project('busy', repository, 'live');
    await deployAndWait(stageId);
    await call('registryWatch.set', { workloadId, stageId, mode: 'deploy' });
    await waitFor('the first check', async () => (await watchOf(workloadId)).check.digest === v1);

    // A user's deploy that holds after its first step until released.
    let release = () => {};
    const hold = new Promise<void>((resolve) => (release = resolve));
    // By digest: publishing v2 below moves the local `live` tag under it.
    const manual = app.services.deployer('local').begin({ stageId, image: `${repository}@${v1}` });
    held.set(manual.record.id, hold);
    const v2 = await publish('tinyforge-test/app:v2', repository, 'live');
    await waitFor('the watch to find the stage busy', () => logs.some((l) => l.includes(v2) && l.includes('run in progress')), INTERVAL_MS * 3 + 2_000);
    // Two more intervals: still only the held deploy, nothing started beside it.
    await new Promise((r) => setTimeout(r, INTERVAL_MS * 2));
    expect(
      history(stageId)
        .filter((d) => d.status === 'running')
        .map((d) => d.id),
    ).toEqual([manual.record.id]);
    expect(history(stageId).some((d) => d.image.includes(v2))).toBe(false);

    release();
    const finished = await manual.done;
    expect(finished.status, JSON.stringify(finished.error)).toBe('succeeded');
    const after = await waitFor('the waiting deploy of v2', () => history(stageId).find((d) => d.image === `${repository}@${v2}`), 10_000);
    expect(after.startedAt).toBeGreaterThanOrEqual(finished.finishedAt!);
    await waitFor('v2 deployed', () => app.services.deploys.get(after.id).status === 'succeeded', 60_000);
    expect((await watchOf(workloadId)).state).toBe('current');
  }, 120_000);

  it('sends nothing to a registry that answered 429 before its Retry-After', async () => {
    const hits: number[] = [];
    const limited: Server = createServer((req, res) => {
      hits.push(Date.now());
      res.writeHead(429, { 'Retry-After': '2' }).end();
    });
    await new Promise<void>((resolve) => limited.listen(0, '127.0.0.1', resolve));
    try {
      const port = (limited.address() as AddressInfo).port;
      const { workloadId, stageId } = await project('limited', `127.0.0.1:${port}/${prefix}/limited`, 'live');
      await call('registryWatch.set', { workloadId, stageId, mode: 'notify' });
      // The server counts the request before the watcher has read the answer: wait for the record.
      const view = await waitFor('the 429 recorded', async () => {
        const w = await watchOf(workloadId);
        return w.check.error ? w : null;
      });
      expect(view.check.error?.code).toBe('REGISTRY_RATE_LIMITED');
      expect(view.check.nextCheckAt! - hits[0]!).toBeGreaterThanOrEqual(2_000 - 50);
      // The interval is 1 s: only Retry-After keeps the watcher away for 2 s each time.
      await new Promise((r) => setTimeout(r, 5_000));
      expect(hits.length).toBeGreaterThanOrEqual(2);
      expect(hits.length).toBeLessThanOrEqual(3);
      for (let i = 1; i < hits.length; i += 1) expect(hits[i]! - hits[i - 1]!).toBeGreaterThanOrEqual(2_000 - 5);
    } finally {
      limited.close();
    }
  }, 60_000);

  it('refuses a stage of another workload, a stage and a service at once, and an unknown mode, changing nothing', async () => {
    const a = await project('refuse-a', `${PUSH_REGISTRY}/${prefix}/refuse`, 'live');
    const b = await project('refuse-b', `${PUSH_REGISTRY}/${prefix}/refuse`, 'live');
    const wrong = await dispatchCall(
      app.handlers,
      'registryWatch.set',
      { workloadId: a.workloadId, stageId: b.stageId, mode: 'deploy' },
      { connectionId: 'test' },
    );
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.error.code).toBe('NOT_FOUND');
    const both = await dispatchCall(
      app.handlers,
      'registryWatch.set',
      { workloadId: a.workloadId, stageId: a.stageId, service: 'web', mode: 'deploy' },
      { connectionId: 'test' },
    );
    expect(!both.ok && both.error.code).toBe('VALIDATION');
    const bad = await dispatchCall(
      app.handlers,
      'registryWatch.set',
      { workloadId: a.workloadId, stageId: a.stageId, mode: 'sometimes' },
      { connectionId: 'test' },
    );
    expect(!bad.ok && bad.error.code).toBe('VALIDATION');
    expect((await watchOf(a.workloadId)).mode).toBe('off');
    expect((await watchOf(b.workloadId)).mode).toBe('off');
  });
});
