// The reconciler's half of crash kinds over a store and a lister the test controls: it notices a
// container stop, reads the exit once, and records the kind the app's intent and the events say.
import { afterEach, describe, expect, it } from 'vitest';
import type { ObservedContainer } from '../docker/observed';
import type { WatchSignal } from '../docker/dockerConnection';
import { LABEL } from '../docker/labels';
import { EventBus } from '../events';
import { observed, openTestStore, stage } from '../testing/fixtures';
import type { TestStore } from '../testing/fixtures';
import { StopRepo } from '../store/stopRepo';
import { Reconciler } from './reconciler';

let store: TestStore;
let reconciler: Reconciler | undefined;
afterEach(async () => {
  await reconciler?.close();
  reconciler = undefined;
  store?.cleanup();
});

const FINISHED = Date.parse('2026-12-01T10:00:00Z');

async function setup() {
  store = openTestStore();
  const project = store.workloads.createProject({ hostId: 'local', name: 'api', imageRepository: 'acme/api', stages: [stage('production')] });
  const labels = { [LABEL.managed]: 'true', [LABEL.workloadId]: project.id, [LABEL.workloadKind]: 'project', [LABEL.role]: 'production' };
  const stops = new StopRepo(store.db);
  let listed: ObservedContainer[] = [];
  const exits = new Map<string, { exitCode: number; oomKilled: boolean }>();
  let send!: (s: WatchSignal) => void;
  const lister = {
    listContainers: async () => listed,
    inspectContainer: async (id: string) => {
      const c = listed.find((x) => x.dockerId === id);
      if (!c) return null;
      const exit = exits.get(id);
      return { ...c, exitCode: exit?.exitCode ?? null, exact: { startedAt: 1, finishedAt: exit ? FINISHED : null, oomKilled: exit?.oomKilled ?? false } };
    },
  };
  reconciler = new Reconciler({
    hostId: 'local',
    lister,
    watch: (l) => {
      send = l;
      return () => undefined;
    },
    db: store.db,
    containers: store.containers,
    workloads: store.workloads,
    events: new EventBus(),
    resyncIntervalMs: 60_000,
    stops,
  });
  await reconciler.start();
  const r = reconciler;
  const running = observed({ labels });
  listed = [running];
  await r.trigger();
  /** The container exits (Docker's list catches up), optionally after a signal of events. */
  const exit = async (exitCode: number, oomKilled = false) => {
    exits.set(running.dockerId, { exitCode, oomKilled });
    listed = [{ ...running, state: 'exited', exitCode, status: `Exited (${exitCode}) 1 second ago` }];
    await r.trigger();
  };
  const vanish = async () => {
    listed = [];
    await r.trigger();
  };
  /** Its restart policy runs it again. */
  const restart = () => {
    exits.delete(running.dockerId);
    listed = [running];
  };
  return { stops, running, exit, vanish, restart, send: (s: WatchSignal) => send(s) };
}

describe('stop recording', () => {
  it('records an exit with no intent and no event as a crash, on the row and in the history', async () => {
    const { stops, running, exit } = await setup();
    await exit(3);
    expect(store.containers.list()[0]).toMatchObject({ state: 'exited', stopKind: 'crash' });
    expect(stops.history('local', running.dockerId)).toEqual([
      expect.objectContaining({ kind: 'crash', exitCode: 3, signal: null, at: FINISHED, workloadId: expect.any(String) }),
    ]);
  });

  it('records an exit the app intended as the app own, with its reason', async () => {
    const { stops, running, exit } = await setup();
    stops.intend('local', [running.dockerId], 'drain', FINISHED - 1_000);
    await exit(143);
    expect(stops.history('local', running.dockerId)).toEqual([expect.objectContaining({ kind: 'app', reason: 'drain', signal: 15 })]);
    expect(store.containers.list()[0]!.stopKind).toBe('app');
  });

  it('narrows an intent to the end of its operation once settled', async () => {
    const { stops, running } = await setup();
    const settle = stops.intend('local', [running.dockerId], 'stack');
    expect(stops.intent('local', running.dockerId)!.expiresAt).toBeGreaterThan(Date.now() + 60_000);
    settle();
    expect(stops.intent('local', running.dockerId)!.expiresAt).toBeLessThanOrEqual(Date.now() + 5_000);
  });

  it('uses an intent once: the next exit of the same container is judged afresh', async () => {
    const { stops, running, exit } = await setup();
    stops.intend('local', [running.dockerId], 'user', FINISHED - 1_000);
    await exit(143);
    expect(stops.intent('local', running.dockerId)).toBeNull();
  });

  it('records an exit after a kill event the app did not ask for as a stop from outside', async () => {
    const { stops, running, exit, send } = await setup();
    send({ kind: 'event', dockerId: running.dockerId, action: 'kill', signal: '15', at: FINISHED - 500 });
    await exit(143);
    expect(stops.history('local', running.dockerId)).toEqual([expect.objectContaining({ kind: 'outside', signal: 15 })]);
  });

  it('counts each death of a container its restart policy brings back between two lists', async () => {
    const { stops, running, send } = await setup();
    send({ kind: 'event', dockerId: running.dockerId, action: 'die', exitCode: '2', at: FINISHED });
    send({ kind: 'event', dockerId: running.dockerId, action: 'oom', at: FINISHED + 900 });
    send({ kind: 'event', dockerId: running.dockerId, action: 'die', exitCode: '137', at: FINISHED + 1_000 });
    await reconciler!.trigger();
    expect(stops.history('local', running.dockerId)).toEqual([
      expect.objectContaining({ kind: 'crash', exitCode: 2, at: FINISHED }),
      expect.objectContaining({ kind: 'oom', exitCode: 137, at: FINISHED + 1_000 }),
    ]);
    expect(stops.crashesOf(store.containers.list()[0]!.workloadId!, FINISHED - 1, FINISHED + 2_000)).toBe(2);
  });

  it('records one exit once when both its die event and its inspect report it', async () => {
    const { stops, running, exit, restart, send } = await setup();
    await exit(1);
    // The late event names a container the list now shows running again (its policy restarted it).
    send({ kind: 'event', dockerId: running.dockerId, action: 'die', exitCode: '1', at: FINISHED + 3 });
    restart();
    await reconciler!.trigger();
    expect(store.containers.list()[0]!.state).toBe('running');
    expect(stops.history('local', running.dockerId)).toHaveLength(1);
  });

  it('ignores deaths of containers that are not its rows', async () => {
    const { stops, send } = await setup();
    send({ kind: 'event', dockerId: 'f'.repeat(64), action: 'die', exitCode: '1', at: FINISHED });
    await reconciler!.trigger();
    expect(stops.history('local', 'f'.repeat(64))).toEqual([]);
  });

  it('records the OOM killer', async () => {
    const { stops, running, exit } = await setup();
    await exit(137, true);
    expect(stops.history('local', running.dockerId)).toEqual([expect.objectContaining({ kind: 'oom', exitCode: 137 })]);
  });

  it('records one exit once however many passes see it', async () => {
    const { stops, running, exit } = await setup();
    await exit(1);
    await reconciler!.trigger(true);
    await reconciler!.trigger(true);
    expect(stops.history('local', running.dockerId)).toHaveLength(1);
  });

  it('records a running container the app removed as the app own, and one removed by someone else as outside', async () => {
    const first = await setup();
    first.stops.intend('local', [first.running.dockerId], 'user');
    await first.vanish();
    expect(first.stops.history('local', first.running.dockerId)).toEqual([expect.objectContaining({ kind: 'app', reason: 'user' })]);
    await reconciler!.close();
    store.cleanup();
    const second = await setup();
    await second.vanish();
    expect(second.stops.history('local', second.running.dockerId)).toEqual([expect.objectContaining({ kind: 'outside' })]);
  });
});
