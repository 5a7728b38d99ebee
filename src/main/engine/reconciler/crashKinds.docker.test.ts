// Crash kinds against the real dockerd: each way a container can stop is recorded as its kind by
// the app's own reconciler (events, inspect, intents), never by the test's say-so.
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import { canonicalLabels } from '../docker/labels';
import { TEST_IMAGE, TEST_RUN_LABEL, newRunId, removeRun, testDocker, waitFor } from '../testing/dockerHost';
import { createAppProject, openDeployApp, removeDeployLeftovers, testProxy } from '../testing/deployHarness';

const docker = testDocker();
const runId = newRunId();
const proxy = testProxy(runId);
let app: App;
let projectId = '';
let stageId = '';

beforeAll(async () => {
  app = await openDeployApp(proxy);
  ({ projectId, stageId } = await createAppProject(app, `crash-${runId.slice(-6)}`, { subdomain: `crash-${runId.slice(-6)}` }));
});

afterAll(async () => {
  await app?.close();
  await removeRun(docker, runId);
  await removeDeployLeftovers(docker, [projectId], proxy);
});

/** A container whose labels claim the project's stage: the reconciler tracks it like any of its rows. */
async function tracked(name: string, cmd: string[], hostConfig: Dockerode.HostConfig = {}): Promise<{ container: Dockerode.Container; rowId: string }> {
  const container = await docker.createContainer({
    Image: TEST_IMAGE,
    name: `${runId}-${name}`,
    Cmd: cmd,
    Labels: { ...canonicalLabels(projectId, 'project', 'production'), [TEST_RUN_LABEL]: runId },
    HostConfig: hostConfig,
  });
  await container.start();
  const row = await waitFor(`${name} seen running`, () => app.services.containers.list().find((c) => c.dockerId === container.id && c.state === 'running'));
  return { container, rowId: row.id };
}

async function recordedStop(dockerId: string) {
  const [stop] = await waitFor('the stop recorded', () => {
    const history = app.services.stops.history('local', dockerId);
    return history.length > 0 && history;
  });
  return stop!;
}

describe('crash kinds', () => {
  it('records a process that exits on its own with a code as a crash, with the code', async () => {
    const { container } = await tracked('exit3', ['sh', '-c', 'sleep 1; exit 3']);
    expect(await recordedStop(container.id)).toMatchObject({ kind: 'crash', exitCode: 3, signal: null });
    expect(app.services.containers.list().find((c) => c.dockerId === container.id)).toMatchObject({ state: 'exited', stopKind: 'crash' });
  });

  it('counts every crash of a container its restart policy brings back (a crash loop)', async () => {
    const { container } = await tracked('loop', ['sh', '-c', 'sleep 1; exit 4'], { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 2 } });
    // Three runs: the first and two restarts, each ending with 4; the last one leaves it exited.
    const history = await waitFor(
      'three crashes',
      () => {
        const h = app.services.stops.history('local', container.id);
        return h.length >= 3 && h;
      },
      20_000,
    );
    expect(history.map((s) => [s.kind, s.exitCode])).toEqual([
      ['crash', 4],
      ['crash', 4],
      ['crash', 4],
    ]);
  });

  it('records kill -9 of the process inside (not through Docker) as a crash by signal 9', async () => {
    const { container } = await tracked('kill9', ['sleep', '3600']);
    const pid = (await container.inspect()).State.Pid;
    process.kill(pid, 'SIGKILL');
    expect(await recordedStop(container.id)).toMatchObject({ kind: 'crash', exitCode: 137, signal: 9 });
  });

  it('records the OOM killer under a memory limit as oom', async () => {
    const { container } = await tracked('oom', ['sh', '-c', 'sleep 1; x=a; while :; do x=$x$x; done'], {
      Memory: 8 * 1024 * 1024,
      MemorySwap: 8 * 1024 * 1024,
    });
    expect(await recordedStop(container.id)).toMatchObject({ kind: 'oom', exitCode: 137 });
  });

  it('records docker stop from outside the app as outside, with the signal asked for', async () => {
    const { container } = await tracked('outside', ['sleep', '3600']);
    await container.stop({ t: 1 });
    expect(await recordedStop(container.id)).toMatchObject({ kind: 'outside', signal: 15 });
  });

  it('records a stop from the UI handler as the app own', async () => {
    const { container, rowId } = await tracked('ui', ['sleep', '3600']);
    await app.handlers['containers.stop']({ id: rowId, workloadId: projectId, stageId });
    expect(await recordedStop(container.id)).toMatchObject({ kind: 'app', reason: 'user' });
  });

  it('records the container a deploy drains as the app own, never a crash', async () => {
    const first = await app.handlers['deploys.start']({ stageId, imageTag: 'v1' });
    await waitFor('first deploy', () => app.services.deploys.get(first.id)?.status === 'succeeded', 30_000);
    const drained = app.services.deployerRows.instances(stageId, 'local').find((i) => i.state === 'running')!;
    const second = await app.handlers['deploys.start']({ stageId, imageTag: 'v2' });
    await waitFor('second deploy', () => app.services.deploys.get(second.id)?.status === 'succeeded', 30_000);
    expect(await recordedStop(drained.dockerId)).toMatchObject({ kind: 'app', reason: 'drain' });
    expect(app.services.containers.list().find((c) => c.dockerId === drained.dockerId)?.stopKind).toBe('app');
  });
});
