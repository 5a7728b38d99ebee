// Streamed logs against a real dockerd: lines arrive batched, only at the connection that opened the
// stream; closing, removing the container, losing the host and closing the app each end it with
// the right reason; ownership is checked like every container action.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogEndEvent, LogLine } from '../../../shared/logs';
import { createApp } from '../app';
import type { App } from '../app';
import { canonicalLabels } from '../docker/labels';
import { dispatchCall } from '../rpc/handlers';
import { DOCKER_SOCKET, TEST_IMAGE, TEST_RUN_LABEL, newRunId, removeRun, runContainer, testDocker, waitFor } from '../testing/dockerHost';
import { stage, tempDir } from '../testing/fixtures';

const docker = testDocker();
const runId = newRunId();
let app: App;
let mine: { id: string; stageId: string };
let theirs: { id: string; stageId: string };

/** What each connection received, by stream id. */
const received = new Map<string, { batches: LogLine[][]; ends: LogEndEvent[] }>();
const inbox = (connectionId: string, streamId: string) => {
  const key = `${connectionId}/${streamId}`;
  let box = received.get(key);
  if (!box) received.set(key, (box = { batches: [], ends: [] }));
  return box;
};
const linesOf = (connectionId: string, streamId: string) => inbox(connectionId, streamId).batches.flat();
const anythingFor = (connectionId: string) => [...received.keys()].some((key) => key.startsWith(`${connectionId}/`));

const call = (name: string, input: unknown, connectionId = 'conn-a') => dispatchCall(app.handlers, name, input, { connectionId });
const rowOf = (name: string) => app.services.containers.list('local').find((c) => c.name === name);

const LOOP = 'trap "exit 0" TERM; i=0; while true; do echo "line $i"; echo "err $i" >&2; i=$((i+1)); sleep 0.02; done';

/** A running container labelled for `workload`; the user trusted it unless `forged` (labels alone). */
async function ownedContainer(suffix: string, cmd: string[], workload = mine, tty = false, forged = false) {
  const name = `${runId}-${suffix}`;
  if (tty) {
    const created = await docker.createContainer({
      Image: TEST_IMAGE,
      name,
      Cmd: cmd,
      Tty: true,
      Labels: { ...canonicalLabels(workload.id, 'project', 'production'), [TEST_RUN_LABEL]: runId },
    });
    await created.start();
  } else {
    await runContainer(docker, runId, { name, labels: canonicalLabels(workload.id, 'project', 'production'), cmd });
  }
  await app.handlers['reconcile.now']({ hostId: 'local' });
  const row = await waitFor(`row ${name}`, () => rowOf(name));
  return forged ? row : app.services.containers.setTrust(row, true, Date.now());
}

const target = (row: { id: string }, workload = mine) => ({ id: row.id, workloadId: workload.id, stageId: workload.stageId });

beforeAll(async () => {
  app = await createApp({ dataDir: tempDir(), shell: 'browser', dockerSocketPath: DOCKER_SOCKET, resyncIntervalMs: 60_000, log: () => {} });
  await waitFor('docker up', () => app.services.runtime('local')?.connection.status.state === 'up');
  const a = app.services.workloads.createProject({
    hostId: 'local',
    name: 'logs-mine',
    imageRepository: 'acme/mine',
    stages: [stage('production'), stage('staging')],
  });
  const b = app.services.workloads.createProject({ hostId: 'local', name: 'logs-theirs', imageRepository: 'acme/theirs', stages: [stage('production')] });
  mine = { id: a.id, stageId: a.kind === 'project' ? a.stages[0]!.id : '' };
  theirs = { id: b.id, stageId: b.kind === 'project' ? b.stages[0]!.id : '' };
  app.events.subscribeDirected((connectionId, event, payload) => {
    if (event === 'logs.lines') inbox(connectionId, (payload as { streamId: string }).streamId).batches.push((payload as { lines: LogLine[] }).lines);
    else if (event === 'logs.end') inbox(connectionId, (payload as LogEndEvent).streamId).ends.push(payload as LogEndEvent);
  });
});
afterAll(async () => {
  await removeRun(docker, runId);
  await app?.close();
});

describe('logs.open follows a container', () => {
  it('streams new lines as they are printed, stderr marked, with timestamps, to the opening connection only', async () => {
    const row = await ownedContainer('loop', ['sh', '-c', LOOP]);

    const opened = await call('logs.open', { streamId: 'follow', ...target(row), tail: 5 });
    expect(opened).toEqual({ ok: true, value: { streamId: 'follow', tty: false } });
    await waitFor('line 40', () => linesOf('conn-a', 'follow').some((l) => l.text === 'line 40'));

    const lines = linesOf('conn-a', 'follow');
    expect(lines.find((l) => l.text.startsWith('err '))).toMatchObject({ stream: 'stderr' });
    expect(lines.find((l) => l.text.startsWith('line '))).toMatchObject({ stream: 'stdout', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) });
    // tail 5 of two streams: the history is at most 5 lines, then it follows.
    expect(inbox('conn-a', 'follow').batches.length).toBeLessThan(lines.length);
    expect(anythingFor('conn-b')).toBe(false);
  });

  it('does not let another connection close the stream, and closing it stops the lines', async () => {
    expect(await call('logs.close', { streamId: 'follow' }, 'conn-b')).toEqual({ ok: true, value: { closed: false } });
    const before = linesOf('conn-a', 'follow').length;
    await waitFor('still streaming', () => linesOf('conn-a', 'follow').length > before + 5);

    expect(await call('logs.close', { streamId: 'follow' })).toEqual({ ok: true, value: { closed: true } });
    const atClose = linesOf('conn-a', 'follow').length;
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(linesOf('conn-a', 'follow').length).toBe(atClose);
    expect(inbox('conn-a', 'follow').ends).toEqual([{ streamId: 'follow', reason: 'closed', message: null }]);
    expect(app.services.logs.count('conn-a')).toBe(0);
    expect(await call('logs.close', { streamId: 'follow' })).toEqual({ ok: true, value: { closed: false } });
  });

  it('reads the tail without following and ends with finished', async () => {
    const row = await ownedContainer('printed', ['sh', '-c', 'for i in 1 2 3 4 5 6; do echo "n$i"; done; sleep 3600']);
    await waitFor('printed', async () => (await docker.getContainer(row.dockerId).logs({ stdout: true, tail: 10 })).toString().includes('n6'));

    await call('logs.open', { streamId: 'tail', ...target(row), tail: 3, follow: false, timestamps: false });
    await waitFor('end', () => inbox('conn-a', 'tail').ends.length === 1);

    expect(linesOf('conn-a', 'tail')).toEqual(['n4', 'n5', 'n6'].map((text) => ({ stream: 'stdout', text, time: null })));
    expect(inbox('conn-a', 'tail').ends[0]).toMatchObject({ reason: 'finished' });
  });

  it('batches a burst: 10,000 lines arrive in bounded events, in order', async () => {
    const row = await ownedContainer('burst', ['sh', '-c', 'seq 1 12000; sleep 3600']);
    await waitFor('burst printed', async () => (await docker.getContainer(row.dockerId).logs({ stdout: true, tail: 1 })).toString().includes('12000'));

    await call('logs.open', { streamId: 'burst', ...target(row), tail: 10_000, timestamps: false });
    await waitFor('all lines', () => linesOf('conn-a', 'burst').length === 10_000);

    const { batches } = inbox('conn-a', 'burst');
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(1_000);
    expect(batches.length).toBeLessThan(100);
    expect(linesOf('conn-a', 'burst').map((l) => Number(l.text))).toEqual(Array.from({ length: 10_000 }, (_, i) => 2001 + i));
    await call('logs.close', { streamId: 'burst' });
  });

  it('reads a TTY container as one unframed stream', async () => {
    const row = await ownedContainer('tty', ['sh', '-c', 'echo "from a tty"; echo "also stderr" >&2; sleep 3600'], mine, true);

    expect(await call('logs.open', { streamId: 'tty', ...target(row), timestamps: false })).toMatchObject({ ok: true, value: { tty: true } });
    await waitFor('tty lines', () => linesOf('conn-a', 'tty').length >= 2);

    expect(linesOf('conn-a', 'tty').slice(0, 2)).toEqual([
      { stream: 'stdout', text: 'from a tty', time: null },
      { stream: 'stdout', text: 'also stderr', time: null },
    ]);
    await call('logs.close', { streamId: 'tty' });
  });
});

describe('a stream ends when its source goes', () => {
  it('tells the client when the container is removed mid-stream', async () => {
    const row = await ownedContainer('removed', ['sh', '-c', LOOP]);
    await call('logs.open', { streamId: 'removed', ...target(row) });
    await waitFor('lines', () => linesOf('conn-a', 'removed').length > 5);

    await docker.getContainer(row.dockerId).remove({ force: true });

    await waitFor('end', () => inbox('conn-a', 'removed').ends.length === 1);
    expect(inbox('conn-a', 'removed').ends[0]).toMatchObject({ reason: 'removed' });
    expect(app.services.logs.count('conn-a')).toBe(0);
  });

  it('tells the client when the container stops', async () => {
    const row = await ownedContainer('stopped', ['sh', '-c', LOOP]);
    await call('logs.open', { streamId: 'stopped', ...target(row) });
    await waitFor('lines', () => linesOf('conn-a', 'stopped').length > 2);

    await docker.getContainer(row.dockerId).stop({ t: 2 });

    await waitFor('end', () => inbox('conn-a', 'stopped').ends.length === 1);
    expect(inbox('conn-a', 'stopped').ends[0]).toMatchObject({ reason: 'stopped' });
  });

  it("ends a host's streams when the host goes down", async () => {
    const row = await ownedContainer('hostdown', ['sh', '-c', LOOP]);
    await call('logs.open', { streamId: 'hostdown', ...target(row) });
    await waitFor('lines', () => linesOf('conn-a', 'hostdown').length > 2);

    // What the host runtime announces when its connection drops (dockerd itself is never stopped here).
    app.events.emit('host.state', {
      hostId: 'local',
      state: 'down',
      reason: 'test',
      reasonCode: 'DOCKER_UNREACHABLE',
      reasonDetails: null,
      since: Date.now(),
      latencyMs: null,
    });

    await waitFor('end', () => inbox('conn-a', 'hostdown').ends.length === 1);
    expect(inbox('conn-a', 'hostdown').ends[0]).toEqual({ streamId: 'hostdown', reason: 'host-down', message: 'test' });
  });

  it("closes every stream of a connection that went away, and no other connection's", async () => {
    const row = await ownedContainer('connection', ['sh', '-c', LOOP]);
    await call('logs.open', { streamId: 'one', ...target(row) }, 'conn-gone');
    await call('logs.open', { streamId: 'two', ...target(row) }, 'conn-gone');
    await call('logs.open', { streamId: 'one', ...target(row) }, 'conn-stays');

    await app.closeConnection('conn-gone');

    expect(app.services.logs.count('conn-gone')).toBe(0);
    expect(app.services.logs.count('conn-stays')).toBe(1);
    const before = linesOf('conn-stays', 'one').length;
    await waitFor('still streaming', () => linesOf('conn-stays', 'one').length > before);
    await call('logs.close', { streamId: 'one' }, 'conn-stays');
  });
});

describe('logs.open refuses', () => {
  it("another workload's container with FORBIDDEN, and opens nothing", async () => {
    const row = await ownedContainer('theirs', ['sh', '-c', LOOP], theirs);

    const asMine = await call('logs.open', { streamId: 'steal', id: row.id, workloadId: mine.id });
    const withTheirStage = await call('logs.open', { streamId: 'steal', id: row.id, workloadId: mine.id, stageId: theirs.stageId });
    const wrongStage = await call('logs.open', { streamId: 'steal', id: row.id, workloadId: theirs.id, stageId: mine.stageId });
    await new Promise((resolve) => setTimeout(resolve, 200));

    for (const result of [asMine, withTheirStage, wrongStage]) expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(app.services.logs.count('conn-a')).toBe(0);
    expect(linesOf('conn-a', 'steal')).toEqual([]);
  });

  it("its own workload's container that the app did not create and nobody trusted, with FORBIDDEN, and opens nothing", async () => {
    // The labels name `mine`: a claim anyone with the Docker socket can make.
    const row = await ownedContainer('forged', ['sh', '-c', 'echo forged-secret-line; sleep 3600'], mine, false, true);
    expect(row.provenance).toBe('unverified');
    await waitFor('printed', async () => (await docker.getContainer(row.dockerId).logs({ stdout: true, tail: 10 })).toString().includes('forged-secret-line'));

    const refused = await call('logs.open', { streamId: 'forged-logs', ...target(row) });
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { container: row.name } } });
    expect(app.services.logs.count('conn-a')).toBe(0);
    expect(linesOf('conn-a', 'forged-logs')).toEqual([]);
    expect(inbox('conn-a', 'forged-logs').ends).toEqual([]);

    // The user's recorded trust opens it.
    app.services.containers.setTrust(row, true, Date.now());
    expect(await call('logs.open', { streamId: 'forged-logs', ...target(row), follow: false })).toMatchObject({ ok: true });
    await waitFor('the line', () => linesOf('conn-a', 'forged-logs').some((l) => l.text === 'forged-secret-line'));
  });

  it('a forged id (a Docker id, an unknown row) with NOT_FOUND', async () => {
    const row = rowOf(`${runId}-theirs`)!;
    expect(await call('logs.open', { streamId: 'forged', id: row.dockerId.slice(0, 64), workloadId: theirs.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await call('logs.open', { streamId: 'forged', id: 'no-such-row', workloadId: mine.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('a second stream with the same id on one connection, and more than the limit, with CONFLICT', async () => {
    const row = rowOf(`${runId}-connection`)!;
    const opened = [];
    for (let i = 0; i < 8; i += 1) opened.push(await call('logs.open', { streamId: `s${i}`, ...target(row), tail: 0 }, 'conn-many'));
    const duplicate = await call('logs.open', { streamId: 's0', ...target(row), tail: 0 }, 'conn-many');
    const ninth = await call('logs.open', { streamId: 's8', ...target(row), tail: 0 }, 'conn-many');

    expect(opened.every((r) => r.ok)).toBe(true);
    expect(duplicate).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('already open') } });
    expect(ninth).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('close one first') } });
    await app.closeConnection('conn-many');
  });

  it('bad input with VALIDATION, naming the field', async () => {
    const row = rowOf(`${runId}-connection`)!;
    const cases = [
      { streamId: '../x', ...target(row) },
      { streamId: 'ok', ...target(row), tail: -1 },
      { streamId: 'ok', ...target(row), tail: 10_001 },
      { streamId: 'ok', ...target(row), since: 'yesterday' },
      { streamId: 'ok', ...target(row), follow: 'yes' },
    ];
    for (const input of cases) {
      const result = await call('logs.open', input);
      expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(app.services.logs.count()).toBe(0);
  });
});

describe("a host's scope", () => {
  it('ends its streams when it closes, before its connection goes, and the host comes back', async () => {
    const row = await ownedContainer('scopeclose', ['sh', '-c', LOOP]);
    await call('logs.open', { streamId: 'scopeclose', ...target(row) });
    await waitFor('lines', () => linesOf('conn-a', 'scopeclose').length > 2);

    await app.services.stopHost('local');

    // Awaited by the scope's close: nothing is left reading the host once it has closed.
    expect(app.services.logs.count()).toBe(0);
    expect(inbox('conn-a', 'scopeclose').ends).toEqual([{ streamId: 'scopeclose', reason: 'host-down', message: 'Tinyforge stopped watching this host.' }]);
    await app.services.restartHost('local');
    await waitFor('docker up again', () => app.services.runtime('local')?.connection.status.state === 'up');
  });
});

describe('app.close', () => {
  it('ends open streams with shutdown and waits for them', async () => {
    const row = rowOf(`${runId}-connection`)!;
    await call('logs.open', { streamId: 'last', ...target(row) }, 'conn-last');

    await app.close();

    expect(inbox('conn-last', 'last').ends).toEqual([{ streamId: 'last', reason: 'shutdown', message: null }]);
    expect(app.services.logs.count()).toBe(0);
  });
});
