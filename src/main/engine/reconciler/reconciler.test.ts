import { afterEach, describe, expect, it } from 'vitest';
import type { ContainerLister, ObservedContainer } from '../docker/observed';
import { LABEL } from '../docker/labels';
import { EventBus } from '../events';
import { observed, openTestStore, stage } from '../testing/fixtures';
import type { TestStore } from '../testing/fixtures';
import { Reconciler } from './reconciler';
import type { ReconcilerDeps } from './reconciler';
import { DeployerRows } from '../store/deployerRows';
import { HostPassRepo } from '../store/hostPassRepo';
import { withLastSeen } from '../store/containerRepo';
import { statSync } from 'node:fs';

let store: TestStore;
let reconciler: Reconciler | undefined;
afterEach(async () => {
  await reconciler?.close();
  reconciler = undefined;
  store?.cleanup();
});

/** A lister whose answer the test controls, counting calls and optionally holding each one. */
function controlledLister() {
  let answer: ObservedContainer[] | Error = [];
  let gate: Promise<void> | null = null;
  const lister = {
    calls: 0,
    set(next: ObservedContainer[] | Error) {
      answer = next;
    },
    hold() {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return () => {
        gate = null;
        release();
      };
    },
    async listContainers() {
      lister.calls += 1;
      if (gate) await gate;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  return lister;
}

/** A reconciler over the test store and `lister`; `extra` adds or replaces its other dependencies. */
function storeReconciler(lister: ContainerLister, extra: Partial<ReconcilerDeps> = {}): Reconciler {
  return new Reconciler({
    hostId: 'local',
    lister,
    db: store.db,
    containers: store.containers,
    workloads: store.workloads,
    events: new EventBus(),
    resyncIntervalMs: 60_000,
    ...extra,
  });
}

function setup() {
  store = openTestStore();
  const project = store.workloads.createProject({ hostId: 'local', name: 'api', imageRepository: 'acme/api', stages: [stage('production')] });
  const lister = controlledLister();
  const events = new EventBus();
  const emitted: string[] = [];
  events.subscribe((name) => emitted.push(name));
  reconciler = storeReconciler(lister, { events });
  const labels = { [LABEL.managed]: 'true', [LABEL.workloadId]: project.id, [LABEL.workloadKind]: 'project', [LABEL.role]: 'production' };
  return { project, lister, emitted, labels, r: reconciler };
}

/** A reconciler over `lister` whose events the test sends by hand through `signal`. */
async function watchedReconciler(lister: ReturnType<typeof controlledLister> & { inspectContainer?: unknown }, onEvent?: (event: string) => void) {
  let signal!: (s: { kind: 'event'; dockerId: string }) => void;
  const events = new EventBus();
  if (onEvent) events.subscribe((e) => onEvent(e));
  reconciler = new Reconciler({
    hostId: 'local',
    lister: lister as ContainerLister,
    watch: (l) => {
      signal = l;
      return () => undefined;
    },
    db: store.db,
    containers: store.containers,
    workloads: store.workloads,
    events,
    resyncIntervalMs: 60_000,
  });
  const r = reconciler;
  await r.start();
  return { r, signal: (s: { kind: 'event'; dockerId: string }) => signal(s) };
}

describe('Reconciler', () => {
  it('records owned containers with their stage, and announces the change', async () => {
    const { project, lister, emitted, labels, r } = setup();
    lister.set([observed({ name: 'api-blue', labels })]);
    await r.trigger();
    const rows = store.containers.list();
    expect(rows).toHaveLength(1);
    const stageId = project.kind === 'project' ? project.stages[0]!.id : '';
    expect(rows[0]).toMatchObject({ name: 'api-blue', workloadId: project.id, workloadName: 'api', role: 'production', stageId, state: 'running' });
    expect(emitted).toContain('containers.changed');
  });

  it('is idempotent: a second pass over the same Docker state changes nothing and announces nothing', async () => {
    const { lister, emitted, labels, r } = setup();
    lister.set([observed({ labels })]);
    await r.trigger();
    const before = store.containers.list().map(({ lastSeenAt: _, ...rest }) => rest);
    emitted.length = 0;
    const outcome = await r.pass();
    expect(outcome.plan?.changed).toBe(false);
    expect(store.containers.list().map(({ lastSeenAt: _, ...rest }) => rest)).toEqual(before);
    expect(emitted).not.toContain('containers.changed');
  });

  it('marks nothing missing when the list call fails, and keeps the last known state', async () => {
    const { lister, labels, r } = setup();
    lister.set([observed({ labels })]);
    await r.trigger();
    lister.set(new Error('socket gone'));
    await r.trigger();
    expect(store.containers.list().map((c) => c.state)).toEqual(['running']);
    expect(r.report().lastError).toEqual({ code: 'INTERNAL', message: 'socket gone' });
  });

  it('marks a vanished container missing with the time it was found gone', async () => {
    const { lister, labels, r } = setup();
    lister.set([observed({ labels })]);
    await r.trigger();
    lister.set([]);
    const before = Date.now();
    await r.trigger();
    const [row] = store.containers.list();
    expect(row!.state).toBe('missing');
    expect(row!.missingSince).toBeGreaterThanOrEqual(before);
  });

  it('leaves placeholders of deploys in flight alone', async () => {
    const { project, lister, r } = setup();
    store.db
      .prepare(
        `INSERT INTO containers (id, host_id, workload_id, kind, role, docker_id, name, state, first_seen_at, last_seen_at)
         VALUES ('ph', 'local', ?, 'project', 'production', '', 'api-next', 'pending', 0, 0)`,
      )
      .run(project.id);
    lister.set([]);
    await r.trigger(true);
    expect(store.containers.list().map((c) => [c.id, c.state, c.lastSeenAt])).toEqual([['ph', 'pending', 0]]);
  });

  it('does not bring back a row the app deleted while the list was in flight', async () => {
    const { lister, labels, r } = setup();
    lister.set([observed({ dockerId: 'old1', name: 'api-old', labels, state: 'exited' })]);
    await r.trigger(true);
    const row = store.containers.list()[0]!;
    // The deployer's cleanup removes the container and its row while a pass is listing: the list
    // still shows the container, the store no longer has its row.
    const release = lister.hold();
    const pass = r.trigger(true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    new DeployerRows(store.db).remove(row.id);
    release();
    await pass;
    expect(store.containers.list()).toEqual([]);
    // A later list that still shows it (the removal failed in Docker) is believed again.
    await new Promise((resolve) => setTimeout(resolve, 2));
    await r.trigger(true);
    expect(store.containers.list().map((c) => c.dockerId)).toEqual(['old1']);
  });

  it('never writes deployer-owned columns', async () => {
    const { lister, labels, r } = setup();
    const c = observed({ labels });
    lister.set([c]);
    await r.trigger();
    store.db.prepare("UPDATE containers SET subdomain = 'api', proxy_route_id = 'route-1', npm_proxy_id = 7, image_tag = 'v1'").run();
    lister.set([{ ...c, state: 'exited', status: 'Exited (1) 1 second ago' }]);
    await r.trigger();
    lister.set([]);
    await r.trigger();
    expect(store.db.prepare('SELECT state, subdomain, proxy_route_id, npm_proxy_id, image_tag FROM containers').get()).toEqual({
      state: 'missing',
      subdomain: 'api',
      proxy_route_id: 'route-1',
      npm_proxy_id: 7,
      image_tag: 'v1',
    });
  });

  it('ignores and reports containers with forged workload labels', async () => {
    const { lister, emitted, r } = setup();
    lister.set([observed({ name: 'intruder', labels: { [LABEL.workloadId]: 'not-a-workload', [LABEL.role]: 'production' } })]);
    await r.trigger();
    expect(store.containers.list()).toEqual([]);
    expect(r.report().forged).toEqual([expect.objectContaining({ name: 'intruder', claimedWorkloadId: 'not-a-workload' })]);
    expect(emitted).toContain('reconcile.forged');
  });

  it('logs forged containers once per change in the set, with the count and at most five names', async () => {
    const { lister } = setup();
    const lines: string[] = [];
    reconciler = storeReconciler(lister, { log: (l) => lines.push(l) });
    const forged = (n: number) => Array.from({ length: n }, (_, i) => observed({ name: `intruder-${i}`, labels: { [LABEL.workloadId]: `nope-${i}` } }));
    const seven = forged(7);
    lister.set(seven);
    await reconciler.pass();
    await reconciler.pass();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ignored 7 container\(s\)/);
    expect(lines[0]).toContain('intruder-4 -> nope-4');
    expect(lines[0]).not.toContain('intruder-5');
    expect(lines[0]).toMatch(/and 2 more$/);
    lister.set(seven.slice(0, 2));
    await reconciler.pass();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/ignored 2 container\(s\).*intruder-1 -> nope-1$/);
  });

  it('is single-flight: triggers during a pass cause exactly one more pass', async () => {
    const { lister, r } = setup();
    const release = lister.hold();
    const first = r.trigger();
    await new Promise((res) => setTimeout(res, 10));
    const a = r.trigger();
    const b = r.trigger();
    const c = r.trigger();
    release();
    await Promise.all([first, a, b, c]);
    expect(lister.calls).toBe(2);
  });

  it('closes cleanly while a pass is in flight, and writes nothing after close', async () => {
    const { lister, labels, r } = setup();
    lister.set([observed({ labels })]);
    const release = lister.hold();
    const pass = r.trigger();
    await new Promise((res) => setTimeout(res, 10));
    const closing = r.close();
    release();
    await Promise.all([pass, closing]);
    expect(store.containers.list()).toEqual([]);
    await r.trigger();
    expect(lister.calls).toBe(1);
  });

  it('adopts compose containers once a stack claims their project', async () => {
    const { lister, r } = setup();
    lister.set([observed({ name: 'shop-web-1', labels: { [LABEL.composeProject]: 'shop', [LABEL.composeService]: 'web' } })]);
    await r.trigger();
    expect(store.containers.list()).toEqual([]);
    store.workloads.createStack({ hostId: 'local', name: 'Shop', composeProjectName: 'shop', composeFile: '', envFile: '' });
    await r.trigger();
    expect(store.containers.list()).toEqual([expect.objectContaining({ name: 'shop-web-1', kind: 'stack', role: 'web', workloadName: 'Shop' })]);
  });

  it('answers a trigger after one fresh pass even while events keep the loop busy', async () => {
    const { lister, r } = setup();
    let passes = 0;
    const original = lister.listContainers;
    lister.listContainers = async () => {
      passes += 1;
      // Every pass sees another event arrive: the loop never drains on its own.
      void r.trigger();
      await new Promise((res) => setTimeout(res, 5));
      return original();
    };
    await r.trigger();
    expect(passes).toBeLessThanOrEqual(3);
    await r.close();
  });

  it('keeps the containers named by events for the next pass when a pass fails', async () => {
    const { lister, labels } = setup();
    const inspected: string[] = [];
    const c = observed({ labels, status: 'Up 1 second' });
    const withInspect = Object.assign(lister, {
      inspectContainer: async (id: string) => {
        inspected.push(id);
        return { ...c, state: 'exited' as const, status: '', exact: { startedAt: 1, finishedAt: 2 } };
      },
    });
    const { r: watched, signal } = await watchedReconciler(withInspect);
    lister.set(new Error('gone'));
    signal({ kind: 'event', dockerId: c.dockerId });
    await watched.trigger();
    expect(inspected).toEqual([]);
    lister.set([c]);
    await watched.trigger();
    expect(inspected).toEqual([c.dockerId]);
    expect(store.containers.list()[0]).toMatchObject({ state: 'exited', finishedAt: 2 });
  });

  it('takes only state, health and times from an inspect, so image and creation time do not flip', async () => {
    const { lister, labels } = setup();
    const c = observed({ labels, image: 'sha256:abc', createdAt: 1_700_000_000_000 });
    const withInspect = Object.assign(lister, {
      inspectContainer: async () => ({
        ...c,
        image: 'acme/api:old-tag',
        createdAt: 1_700_000_000_123,
        state: 'running' as const,
        exact: { startedAt: 5, finishedAt: null },
      }),
    });
    const changes: string[] = [];
    const { r: watched, signal } = await watchedReconciler(withInspect, (e) => changes.push(e));
    lister.set([c]);
    await watched.trigger();
    signal({ kind: 'event', dockerId: c.dockerId });
    await watched.trigger();
    changes.length = 0;
    await watched.trigger();
    expect(store.containers.list()[0]).toMatchObject({ image: 'sha256:abc', createdAt: 1_700_000_000_000 });
    expect(changes).toEqual([]);
  });

  it('writes nothing on a pass over an unchanged world, yet shows a true last-seen time', async () => {
    const { lister, labels } = setup();
    const passes = new HostPassRepo(store.db);
    let clock = 1_800_000_000_000;
    reconciler = storeReconciler(lister, { passes, now: () => clock });
    const gone = observed({ labels });
    lister.set([observed({ labels }), gone]);
    await reconciler.pass({ full: true });
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const walBefore = statSync(`${store.file}-wal`).size;
    const changesBefore = store.db.prepare('SELECT total_changes() AS n').get() as { n: number };

    clock += 30_000;
    await reconciler.pass({ full: true });

    const changesAfter = store.db.prepare('SELECT total_changes() AS n').get() as { n: number };
    expect(changesAfter.n - changesBefore.n).toBe(0);
    expect(statSync(`${store.file}-wal`).size).toBe(walBefore);
    // Present rows were seen by the pass that just listed them; the store's column was not touched.
    const seen = withLastSeen(store.containers.list(), () => reconciler!.lastSeenAt());
    expect(seen.map((row) => row.lastSeenAt)).toEqual([clock, clock]);

    // A container that vanishes keeps, as its last sighting, the last pass that still listed it.
    const lastListed = clock;
    clock += 30_000;
    lister.set([]);
    await reconciler.pass();
    const rows = withLastSeen(store.containers.list(), () => reconciler!.lastSeenAt());
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.state === 'missing' && row.lastSeenAt === lastListed && row.missingSince === clock)).toBe(true);
  });

  it('checkpoints the last pass on close, and a new engine shows present rows as seen then', async () => {
    const { lister, labels } = setup();
    const passes = new HostPassRepo(store.db);
    const clock = 1_800_000_000_000;
    reconciler = storeReconciler(lister, { passes, now: () => clock });
    lister.set([observed({ labels })]);
    await reconciler.pass();
    await reconciler.pass();
    await reconciler.close();
    // The host is down at the next start: no pass yet, the checkpoint answers.
    const next = storeReconciler(lister, { passes });
    expect(next.lastSeenAt()).toBe(clock);
    expect(new HostPassRepo(store.db).get('local')).toBe(clock);
  });
});
