// Ownership of container actions, attacked: acting on another project's (or another stage's)
// container through a project that does not own it is FORBIDDEN, and Docker is left untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import type { App } from '../app';
import { canonicalLabels } from '../docker/labels';
import { dispatchCall } from '../rpc/handlers';
import { DOCKER_SOCKET, newRunId, removeRun, runContainer, testDocker, waitFor } from '../testing/dockerHost';
import { stage, tempDir } from '../testing/fixtures';
import { demultiplex } from '../docker/demultiplex';

const docker = testDocker();
const runId = newRunId();
let app: App;
let mine: { id: string; stageId: string };
let theirs: { id: string; stageId: string };

const rowOf = (name: string) => app.services.containers.list('local').find((c) => c.name === name);
const call = (name: string, input: unknown) => dispatchCall(app.handlers, name, input, { connectionId: 'test' });

beforeAll(async () => {
  app = await createApp({ dataDir: tempDir(), shell: 'browser', dockerSocketPath: DOCKER_SOCKET, resyncIntervalMs: 60_000, log: () => {} });
  await waitFor('docker up', () => app.services.runtime('local')?.connection.status.state === 'up');
  const a = app.services.workloads.createProject({
    hostId: 'local',
    name: 'mine',
    imageRepository: 'acme/mine',
    stages: [stage('production'), stage('staging')],
  });
  const b = app.services.workloads.createProject({ hostId: 'local', name: 'theirs', imageRepository: 'acme/theirs', stages: [stage('production')] });
  mine = { id: a.id, stageId: a.kind === 'project' ? a.stages[0]!.id : '' };
  theirs = { id: b.id, stageId: b.kind === 'project' ? b.stages[0]!.id : '' };
  await runContainer(docker, runId, {
    name: `${runId}-mine`,
    labels: canonicalLabels(a.id, 'project', 'production'),
    cmd: ['sh', '-c', 'trap "exit 0" TERM; echo hello from mine; echo oops >&2; sleep 3600 & wait'],
  });
  await runContainer(docker, runId, { name: `${runId}-theirs`, labels: canonicalLabels(b.id, 'project', 'production') });
  await waitFor('rows', () => rowOf(`${runId}-mine`)?.state === 'running' && rowOf(`${runId}-theirs`)?.state === 'running');
});
afterAll(async () => {
  await removeRun(docker, runId);
  await app?.close();
});

describe('container actions check ownership', () => {
  it.each(['containers.stop', 'containers.restart', 'containers.remove', 'containers.logs'])(
    "%s on another project's container is FORBIDDEN and changes nothing",
    async (action) => {
      const target = rowOf(`${runId}-theirs`)!;
      expect(await call(action, { id: target.id, workloadId: mine.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await call(action, { id: target.id, workloadId: mine.id, stageId: theirs.stageId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const info = await docker.getContainer(target.dockerId).inspect();
      expect(info.State.Running).toBe(true);
    },
  );

  it('refuses the right workload with the wrong stage', async () => {
    const target = rowOf(`${runId}-mine`)!;
    const staging = app.services.workloads.get(mine.id);
    const stagingId = staging.kind === 'project' ? staging.stages[1]!.id : '';
    expect(await call('containers.stop', { id: target.id, workloadId: mine.id, stageId: stagingId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect((await docker.getContainer(target.dockerId).inspect()).State.Running).toBe(true);
  });

  it('answers an unknown container id with NOT_FOUND', async () => {
    expect(await call('containers.restart', { id: 'nope', workloadId: mine.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it("refuses the logs of its own workload's container that the app did not create, until the user trusts it", async () => {
    // Labels naming `mine` are a claim anyone with the socket can make; the row is unverified.
    const forged = rowOf(`${runId}-mine`)!;
    expect(forged.provenance).toBe('unverified');
    const refused = await call('containers.logs', { id: forged.id, workloadId: mine.id, stageId: mine.stageId, tail: 10 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { container: forged.name } } });
    expect(JSON.stringify(refused)).not.toContain('hello from mine');

    expect(await call('containers.trust', { id: forged.id, workloadId: mine.id, trusted: true })).toMatchObject({ ok: true });
    expect(await call('containers.logs', { id: forged.id, workloadId: mine.id, tail: 10 })).toMatchObject({ ok: true });
  });

  it('reads logs, stops and removes its own (trusted) container', async () => {
    const target = rowOf(`${runId}-mine`)!;
    expect(target.provenance).toBe('trusted');
    const logs = await call('containers.logs', { id: target.id, workloadId: mine.id, stageId: mine.stageId, tail: 10 });
    expect(logs).toMatchObject({ ok: true, value: { text: expect.stringContaining('hello from mine') } });
    expect(logs.ok && (logs.value as { text: string }).text).toContain('oops');
    expect(await call('containers.stop', { id: target.id, workloadId: mine.id, stageId: mine.stageId })).toEqual({ ok: true, value: { done: true } });
    await waitFor('exited', () => rowOf(`${runId}-mine`)?.state === 'exited');
    expect(await call('containers.remove', { id: target.id, workloadId: mine.id })).toEqual({ ok: true, value: { done: true } });
    await waitFor('missing', () => rowOf(`${runId}-mine`)?.state === 'missing');
  });
});

describe('demultiplex', () => {
  it('joins the frames of stdout and stderr, and passes TTY output through', () => {
    const frame = (kind: number, text: string) => {
      const header = Buffer.from([kind, 0, 0, 0, 0, 0, 0, 0]);
      header.writeUInt32BE(Buffer.byteLength(text), 4);
      return Buffer.concat([header, Buffer.from(text)]);
    };
    expect(demultiplex(Buffer.concat([frame(1, 'a\n'), frame(2, 'b\n')]))).toBe('a\nb\n');
    expect(demultiplex(Buffer.from('plain tty output\n'))).toBe('plain tty output\n');
  });
});
