// The reconciler against the real dockerd: what a user does outside the app shows up in the store.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import type { App } from '../app';
import { canonicalLabels, LABEL } from '../docker/labels';
import { newRunId, removeRun, runContainer, startDockerd, stopDockerd, testDocker, dockerAnswers, waitFor, DOCKER_SOCKET } from '../testing/dockerHost';
import { stage, tempDir } from '../testing/fixtures';

const docker = testDocker();
const runId = newRunId();
let app: App;
let projectId: string;
const forgedEvents: string[] = [];

const row = (name: string) => app.services.containers.list('local').find((c) => c.name === name);

beforeAll(async () => {
  app = await createApp({ dataDir: tempDir(), shell: 'browser', dockerSocketPath: DOCKER_SOCKET, resyncIntervalMs: 60_000, log: () => {} });
  await waitFor('local host up', () => app.services.runtime('local')?.connection.status.state === 'up');
  const project = app.services.workloads.createProject({ hostId: 'local', name: 'api', imageRepository: 'acme/api', stages: [stage('production')] });
  projectId = project.id;
  app.events.subscribe((event, payload) => {
    if (event === 'reconcile.forged') forgedEvents.push(...(payload as { containers: { name: string }[] }).containers.map((c) => c.name));
  });
});

afterEach(() => removeRun(docker, runId));
afterAll(async () => {
  await removeRun(docker, runId);
  await app?.close();
});

describe('reconciler against the real Docker Engine', () => {
  it('shows a labelled container within moments of it starting, with its stage', async () => {
    const name = `${runId}-labelled`;
    await runContainer(docker, runId, { name, labels: canonicalLabels(projectId, 'project', 'production') });
    const found = await waitFor('the row', () => row(name)?.state === 'running' && row(name));
    expect(found).toMatchObject({ workloadId: projectId, kind: 'project', role: 'production', image: 'tinyforge-test/busybox:latest' });
    expect(found.stageId).not.toBeNull();
  });

  it('reflects an external docker kill, then docker rm as missing', async () => {
    const name = `${runId}-killed`;
    const container = await runContainer(docker, runId, { name, labels: canonicalLabels(projectId, 'project', 'production') });
    await waitFor('running row', () => row(name)?.state === 'running');
    await container.kill();
    const exited = await waitFor('exited row', () => row(name)?.state === 'exited' && row(name));
    expect(exited.finishedAt).not.toBeNull();
    await container.remove({ force: true });
    const missing = await waitFor('missing row', () => row(name)?.state === 'missing' && row(name));
    expect(missing.missingSince).not.toBeNull();
  });

  it('does not adopt a container whose workload label is forged, and reports it', async () => {
    const name = `${runId}-forged`;
    await runContainer(docker, runId, {
      name,
      labels: { [LABEL.managed]: 'true', [LABEL.workloadId]: 'no-such-workload', [LABEL.workloadKind]: 'project', [LABEL.role]: 'production' },
    });
    await waitFor('forged report', () => forgedEvents.includes(name));
    await app.handlers['reconcile.now']({ hostId: 'local' });
    expect(row(name)).toBeUndefined();
    expect(
      app.services
        .runtime('local')!
        .reconciler.report()
        .forged.map((f) => f.name),
    ).toContain(name);
  });

  it('adopts compose-labelled containers of a stack, and ignores those of unknown projects', async () => {
    const stack = app.services.workloads.createStack({ hostId: 'local', name: 'Shop', composeProjectName: `${runId}-shop`, composeFile: '', envFile: '' });
    await runContainer(docker, runId, { name: `${runId}-shop-web`, labels: { [LABEL.composeProject]: `${runId}-shop`, [LABEL.composeService]: 'web' } });
    await runContainer(docker, runId, { name: `${runId}-other-web`, labels: { [LABEL.composeProject]: `${runId}-other`, [LABEL.composeService]: 'web' } });
    await waitFor('stack row', () => row(`${runId}-shop-web`));
    await app.handlers['reconcile.now']({ hostId: 'local' });
    expect(row(`${runId}-shop-web`)).toMatchObject({ workloadId: stack.id, kind: 'stack', role: 'web' });
    expect(row(`${runId}-other-web`)).toBeUndefined();
  });

  it('survives dockerd stopping: the store stays intact, nothing goes missing, and it converges when Docker returns', async () => {
    const keep = `${runId}-keep`;
    const gone = `${runId}-gone`;
    await runContainer(docker, runId, { name: keep, labels: canonicalLabels(projectId, 'project', 'production'), cmd: ['sleep', '3600'] });
    await runContainer(docker, runId, { name: gone, labels: canonicalLabels(projectId, 'project', 'production') });
    await waitFor('both rows running', () => row(keep)?.state === 'running' && row(gone)?.state === 'running');
    const runtime = app.services.runtime('local')!;

    await stopDockerd(docker);
    try {
      await waitFor('host down', () => runtime.connection.status.state === 'down');
      // dockerd stops its containers on the way down; whatever the store learnt before the socket
      // closed, once the host is down a pass must change nothing and mark nothing missing.
      const snapshot = app.services.containers.list('local');
      await app.handlers['reconcile.now']({ hostId: 'local' });
      expect(runtime.reconciler.report().lastError).toMatchObject({ code: 'DOCKER_UNREACHABLE' });
      expect(app.services.containers.list('local')).toEqual(snapshot);
      expect(snapshot.filter((c) => c.name === keep || c.name === gone).map((c) => c.state)).not.toContain('missing');
    } finally {
      await startDockerd(docker);
    }
    expect(await dockerAnswers(docker)).toBe(true);
    await waitFor('host up again', () => runtime.connection.status.state === 'up', 30_000);
    // dockerd stopped the containers on its way down: the store must learn that on its own.
    await waitFor('rows converge to exited', () => row(keep)?.state === 'exited' && row(gone)?.state === 'exited', 15_000);
    await docker.getContainer((await docker.listContainers({ all: true, filters: { name: [gone] } }))[0]!.Id).remove({ force: true });
    await waitFor('removed container missing', () => row(gone)?.state === 'missing');
    await docker.getContainer((await docker.listContainers({ all: true, filters: { name: [keep] } }))[0]!.Id).start();
    await waitFor('restarted container running', () => row(keep)?.state === 'running');
  });
});
