// Keeps the containers table in step with one host's Docker, controller style: every trigger (boot,
// a Docker event, a reconnect, the resync tick, a user's "refresh") asks for a pass; a pass lists
// everything and converges, so no step depends on having seen a particular event. Triggers are
// single-flight: one arriving during a pass marks it dirty and causes exactly one more pass.
import type { Database } from 'better-sqlite3';
import { errorInfoOf } from '../../../shared/errors';
import type { ForgedContainer, ReconcileReport } from '../../../shared/types';
import type { ContainerLister, ObservedContainer } from '../docker/observed';
import type { WatchSignal } from '../docker/dockerConnection';
import type { EventBus } from '../events';
import type { ContainerRepo } from '../store/containerRepo';
import type { HostPassRepo } from '../store/hostPassRepo';
import type { WorkloadRepo } from '../store/workloadRepo';
import { LABEL } from '../docker/labels';
import { planPass } from './plan';
import { removedRowsOf } from '../store/removedRows';
import type { ExistingRow, PassPlan, StoppedContainer } from '../store/containerRepo';
import type { StopRepo, StopVerdict } from '../store/stopRepo';
import { classifyStop, signalNumber } from './stopKind';
import type { ExitFacts, StopHint } from './stopKind';

export interface ReconcilerDeps {
  hostId: string;
  lister: ContainerLister;
  /** Change signals from the host's events stream; optional for a lister without one (benches). */
  watch?: (listener: (signal: WatchSignal) => void) => () => void;
  db: Database;
  containers: ContainerRepo;
  workloads: WorkloadRepo;
  events: EventBus;
  /** Checkpoints of the last successful pass (optional for benches that do not need "last seen"). */
  passes?: HostPassRepo;
  resyncIntervalMs: number;
  now?: () => number;
  log?: (message: string) => void;
  /**
   * Told after each successful triggered pass (the proxy's own reconcile hangs here). Must not
   * block: it runs its own single-flight work in the background.
   */
  onPass?: (outcome: PassOutcome) => void;
  /** Where stops are classified and recorded (optional for benches that do not record them). */
  stops?: StopRepo;
  /**
   * Told once per newly recorded crash or OOM kill, and once per container that turned unhealthy
   * (the notifier; never a stop the app or someone else asked for). Must not block.
   */
  notify?: (event: ReconcilerNotice) => void;
}

export type ReconcilerNotice =
  | { kind: 'container.crashed'; hostId: string; workloadId: string | null; container: string; stopKind: 'crash' | 'oom'; exitCode: number | null }
  | { kind: 'container.unhealthy'; hostId: string; workloadId: string; container: string };

/** Kill/stop events older than this explain no exit (see stopKind's reach); dropped from memory. */
const HINT_KEEP_MS = 10 * 60_000;

/** How often, at most, the last successful pass is checkpointed while the host stays up. */
const CHECKPOINT_EVERY_MS = 5 * 60_000;

export interface PassOutcome {
  ok: boolean;
  plan: PassPlan | null;
  ms: number;
}

export class Reconciler {
  private readonly deps: ReconcilerDeps;
  private readonly now: () => number;
  private loop: Promise<void> | null = null;
  private dirty = false;
  private tickDue = false;
  private timer: NodeJS.Timeout | null = null;
  private unwatch: (() => void) | null = null;
  private closed = false;
  private lastForgedKey = '';
  /** The last successful pass written to deps.passes (0: none this session). */
  private checkpointedAt = 0;
  /** Containers named by events since the last pass: read exactly rather than from the list. */
  private focus = new Set<string>();
  /** The last kill/stop event seen per container: a hint, never proof, of a stop from outside. */
  private hints = new Map<string, StopHint>();
  /**
   * `die` events since the last pass. A container under a restart policy can die and run again
   * between two lists, which then show it running both times: only its die events tell that it
   * crashed (a missed one is a crash not counted, never a false one).
   */
  private deaths = new Map<string, { exitCode: number | null; at: number; oom: boolean }[]>();
  private oomSeen = new Set<string>();
  private startedPasses = 0;
  private finishedPasses = 0;
  private waiters: { target: number; resolve: () => void }[] = [];
  private state: Omit<ReconcileReport, 'hostId'> = {
    lastPassAt: null,
    lastPassMs: null,
    lastError: null,
    passes: 0,
    forged: [],
  };

  constructor(deps: ReconcilerDeps) {
    this.deps = deps;
    this.now = deps.now ?? Date.now;
  }

  /**
   * Starts watching and the resync tick. With a watch, the boot pass is the connection's first
   * `resync` signal, which it sends only once its events stream is open: the first list then cannot
   * miss anything that happens between it and the subscription. Without one (benches), it runs now.
   */
  start(): Promise<void> {
    this.unwatch =
      this.deps.watch?.((signal) => {
        if (signal.kind === 'event' && signal.dockerId) {
          this.focus.add(signal.dockerId);
          if (signal.action === 'kill' || signal.action === 'stop') this.noteHint(signal.dockerId, signal.action, signal.signal, signal.at);
          if (signal.action === 'oom') this.oomSeen.add(signal.dockerId);
          if (signal.action === 'die') this.noteDeath(signal.dockerId, signal.exitCode, signal.at);
        }
        void this.trigger(signal.kind === 'resync');
      }) ?? null;
    this.timer = setInterval(() => void this.trigger(true), this.deps.resyncIntervalMs);
    this.timer.unref?.();
    return this.unwatch ? Promise.resolve() : this.trigger(true);
  }

  /**
   * When this host's containers were last listed successfully: this session's last pass, else the
   * last checkpoint (a host still down since the engine started). Present rows were seen then.
   */
  lastSeenAt(): number | null {
    return this.state.lastPassAt ?? this.deps.passes?.get(this.deps.hostId) ?? null;
  }

  report(): ReconcileReport {
    return { hostId: this.deps.hostId, ...this.state, forged: [...this.state.forged] };
  }

  /**
   * Asks for a pass. Resolves when a pass that started after this call has finished (not when the
   * loop drains: a steady stream of events would keep a caller waiting forever). `full` marks a
   * resync (tick, reconnect): it announces a change regardless, so views refetch.
   */
  trigger(full = false): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (full) this.tickDue = true;
    const waited = new Promise<void>((resolve) => this.waiters.push({ target: this.startedPasses + 1, resolve }));
    if (this.loop) {
      this.dirty = true;
      return waited;
    }
    this.loop = (async () => {
      // Yield first: this.loop must be set before any pass code runs, or a trigger from inside the
      // first pass's synchronous part would start a second loop.
      await Promise.resolve();
      try {
        do {
          this.dirty = false;
          this.startedPasses += 1;
          const outcome = await this.pass();
          this.finishedPasses += 1;
          if (outcome.ok && !this.closed) this.deps.onPass?.(outcome);
          this.releaseWaiters();
        } while (this.dirty && !this.closed);
      } finally {
        this.loop = null;
        if (this.closed) this.releaseWaiters(true);
      }
    })();
    return waited;
  }

  private releaseWaiters(all = false): void {
    const still: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (all || w.target <= this.finishedPasses) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }

  /**
   * One pass: list, then plan and apply in one transaction. Exposed for tests and benches; `full`
   * makes it a resync pass (announced whatever changed), as the tick's are. A pass that finds nothing
   * changed writes nothing.
   */
  async pass(options: { full?: boolean } = {}): Promise<PassOutcome> {
    const started = performance.now();
    const full = options.full || this.tickDue;
    this.tickDue = false;
    const focus = this.focus;
    this.focus = new Set();
    let observed: ObservedContainer[];
    // Rows the app deletes from here on may belong to containers this list still shows.
    const listedAt = Date.now();
    try {
      observed = await this.deps.lister.listContainers();
      if (focus.size > 0) observed = await this.inspectFocused(observed, focus);
    } catch (error) {
      // Listing failed: we know nothing, so nothing is marked missing; rows keep their last state.
      // The containers events named still need their exact read, and a resync is still owed.
      for (const id of focus) this.focus.add(id);
      if (full) this.tickDue = true;
      this.state = { ...this.state, lastError: errorInfoOf(error) };
      // The host just went out of sight: keep when it was last seen, for a restart while it is down.
      this.checkpoint();
      return { ok: false, plan: null, ms: performance.now() - started };
    }
    if (this.closed) return { ok: false, plan: null, ms: performance.now() - started };

    const { db, containers, workloads, hostId } = this.deps;
    const now = this.now();
    let plan: PassPlan;
    let turnedUnhealthy: { workloadId: string; name: string }[] = [];
    try {
      plan = db.transaction(() => {
        const removed = removedRowsOf(db).since(hostId, listedAt);
        const current = removed.size === 0 ? observed : observed.filter((c) => !removed.has(c.dockerId));
        const rows = containers.rowsForHost(hostId);
        const p = planPass(current, rows, hostId, workloads.lookups(hostId), now);
        containers.applyPass(hostId, p, now, this.lastSeenAt());
        if (this.deps.notify) turnedUnhealthy = unhealthyTransitions(rows, p);
        return p;
      })();
    } catch (error) {
      this.state = {
        ...this.state,
        lastError: { code: 'INTERNAL', message: `store: ${error instanceof Error ? error.message : String(error)}`, details: { part: 'store' } },
      };
      return { ok: false, plan: null, ms: performance.now() - started };
    }

    for (const u of turnedUnhealthy) this.tell({ kind: 'container.unhealthy', hostId, workloadId: u.workloadId, container: u.name });
    if (plan.stopped.length > 0) await this.recordStops(plan.stopped, observed, now);
    if (this.deaths.size > 0) this.recordRestarts(plan.stopped, now);

    const ms = performance.now() - started;
    this.state = { lastPassAt: now, lastPassMs: Math.round(ms * 10) / 10, lastError: null, passes: this.state.passes + 1, forged: plan.forged };
    if (now - this.checkpointedAt >= CHECKPOINT_EVERY_MS) this.checkpoint();
    if (plan.changed || full) this.deps.events.emit('containers.changed', { hostId });
    this.reportForged(plan.forged);
    return { ok: true, plan, ms };
  }

  /**
   * dockerd emits `die` before its list view catches up (the view is updated after the exit is
   * cleaned up), so a list right after the event can still say "running" and no later event would
   * correct it. Inspect takes the container's lock and so answers with the settled state.
   */
  private async inspectFocused(observed: ObservedContainer[], focus: Set<string>): Promise<ObservedContainer[]> {
    const inspect = this.deps.lister.inspectContainer?.bind(this.deps.lister);
    if (!inspect) return observed;
    const targets = observed.filter((c) => focus.has(c.dockerId) && mayBeOwned(c));
    if (targets.length === 0) return observed;
    const exact = new Map<string, ObservedContainer | null>();
    const queue = [...targets];
    let failed = false;
    const worker = async () => {
      // Once one inspect fails the pass is lost anyway: stop taking work rather than keep calling.
      for (let c = queue.shift(); c && !failed && !this.closed; c = queue.shift()) {
        try {
          exact.set(c.dockerId, await inspect(c.dockerId));
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    };
    const outcomes = await Promise.allSettled(Array.from({ length: Math.min(8, targets.length) }, worker));
    const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (rejected) throw rejected.reason;
    const result: ObservedContainer[] = [];
    for (const c of observed) {
      if (!exact.has(c.dockerId)) {
        result.push(c);
        continue;
      }
      const fresh = exact.get(c.dockerId);
      // Removed between the list and the inspect: it is gone. Otherwise take only what the list
      // gets wrong (state, health, exit code, exact times): inspect reports the image by the name it was run
      // with and creation in ms, where the list says sha256:... and seconds, and mixing the two
      // would flip those columns on every other pass.
      if (fresh) result.push({ ...c, state: fresh.state, health: fresh.health, exitCode: fresh.exitCode, exact: fresh.exact });
    }
    return result;
  }

  private noteHint(dockerId: string, action: 'kill' | 'stop', signal: string | undefined, at: number | undefined): void {
    const when = at ?? Date.now();
    const prev = this.hints.get(dockerId);
    // `docker stop` sends kill (SIGTERM, then SIGKILL after the grace) and then stop: the first
    // signal of one stop is the one that was asked for.
    if (prev && when - prev.at < HINT_KEEP_MS) {
      if (prev.signal === null) prev.signal = signalNumber(signal);
      return;
    }
    this.hints.set(dockerId, { action, signal: signalNumber(signal), at: when });
    if (this.hints.size > 1000) {
      for (const [id, hint] of this.hints) if (when - hint.at > HINT_KEEP_MS) this.hints.delete(id);
    }
  }

  /**
   * Classifies each stop this pass saw and records it. Runs after the pass's transaction, so a
   * failure here (the container removed before its inspect, a closing store) costs only the
   * classification of that one stop, never the pass.
   */
  private async recordStops(stopped: StoppedContainer[], observed: ObservedContainer[], now: number): Promise<void> {
    const stops = this.deps.stops;
    if (!stops) return;
    const byId = new Map(observed.map((c) => [c.dockerId, c]));
    for (const s of stopped) {
      try {
        const exit = s.vanished ? null : await this.exitFacts(byId.get(s.dockerId));
        const verdict = classifyStop({
          intent: stops.intent(this.deps.hostId, s.dockerId),
          exit,
          hint: this.hints.get(s.dockerId) ?? null,
          listedExitCode: s.exitCode,
          seenAt: now,
          vanished: s.vanished,
        });
        this.hints.delete(s.dockerId);
        if (this.closed) return;
        const fresh = stops.record(this.deps.hostId, { dockerId: s.dockerId, workloadId: s.workloadId, name: s.name, ...verdict }, now);
        if (fresh) this.tellCrash(s.workloadId, s.name, verdict);
      } catch (error) {
        this.deps.log?.(`reconciler: could not classify the stop of ${s.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private noteDeath(dockerId: string, exitCode: string | undefined, at: number | undefined): void {
    const code = exitCode !== undefined && /^-?\d+$/.test(exitCode) ? Number(exitCode) : null;
    const list = this.deaths.get(dockerId) ?? [];
    // Bounded: a container in a tight loop between two passes needs no more than this many rows.
    if (list.length < 50) list.push({ exitCode: code, at: at ?? Date.now(), oom: this.oomSeen.delete(dockerId) });
    this.deaths.set(dockerId, list);
  }

  /**
   * Records the deaths of own containers that the lists never showed stopped (restarted by their
   * policy in between). Containers whose stop this pass saw were recorded from inspect already.
   */
  private recordRestarts(stopped: StoppedContainer[], now: number): void {
    const stops = this.deps.stops;
    const deaths = this.deaths;
    this.deaths = new Map();
    if (!stops || this.closed) return;
    for (const s of stopped) deaths.delete(s.dockerId);
    if (deaths.size === 0) return;
    const rows = new Map(this.deps.containers.rowsForHost(this.deps.hostId).map((r) => [r.dockerId, r]));
    for (const [dockerId, list] of deaths) {
      const row = rows.get(dockerId);
      if (!row || row.state === 'exited' || row.state === 'dead' || row.state === 'missing') continue;
      for (const death of list) {
        try {
          const verdict = classifyStop({
            intent: stops.intent(this.deps.hostId, dockerId),
            exit: { oomKilled: death.oom, exitCode: death.exitCode, finishedAt: death.at },
            hint: this.hints.get(dockerId) ?? null,
            listedExitCode: death.exitCode,
            seenAt: now,
            vanished: false,
          });
          const fresh = stops.record(this.deps.hostId, { dockerId, workloadId: row.workloadId, name: row.name, ...verdict }, now);
          if (fresh) this.tellCrash(row.workloadId, row.name, verdict);
        } catch (error) {
          this.deps.log?.(`reconciler: could not record a restart of ${row.name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      this.hints.delete(dockerId);
    }
  }

  /** Crashes and OOM kills only: a stop the app or someone else asked for is nobody's news. */
  private tellCrash(workloadId: string | null, name: string, verdict: StopVerdict): void {
    if (verdict.kind !== 'crash' && verdict.kind !== 'oom') return;
    this.tell({ kind: 'container.crashed', hostId: this.deps.hostId, workloadId, container: name, stopKind: verdict.kind, exitCode: verdict.exitCode });
  }

  private tell(notice: ReconcilerNotice): void {
    try {
      this.deps.notify?.(notice);
    } catch (error) {
      this.deps.log?.(`reconciler: a notification failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The exit as inspect tells it (OOM killed, code, finish time): the focused read's, or one more. */
  private async exitFacts(c: ObservedContainer | undefined): Promise<ExitFacts | null> {
    if (!c) return null;
    let exact = c.exact;
    let exitCode = c.exitCode;
    if (exact?.oomKilled === undefined && this.deps.lister.inspectContainer) {
      const fresh = await this.deps.lister.inspectContainer(c.dockerId);
      if (!fresh) return null;
      exact = fresh.exact;
      exitCode = fresh.exitCode;
    }
    if (!exact) return { oomKilled: false, exitCode, finishedAt: null };
    return { oomKilled: exact.oomKilled === true, exitCode, finishedAt: exact.finishedAt, startedAt: exact.startedAt };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unwatch?.();
    this.unwatch = null;
    await this.loop?.catch(() => undefined);
    this.checkpoint();
  }

  /** Writes this session's last successful pass, once per new value. Never throws (a closing database). */
  checkpoint(): void {
    const at = this.state.lastPassAt;
    if (!this.deps.passes || at === null || at === this.checkpointedAt) return;
    try {
      this.deps.passes.set(this.deps.hostId, at);
      this.checkpointedAt = at;
    } catch (error) {
      this.deps.log?.(`reconciler: could not record the last pass of host ${this.deps.hostId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private reportForged(forged: ForgedContainer[]): void {
    const key = forged
      .map((f) => `${f.dockerId}:${f.claimedWorkloadId}`)
      .sort()
      .join(',');
    if (key === this.lastForgedKey) return;
    this.lastForgedKey = key;
    if (forged.length === 0) return;
    // Once per change in the set, and short: a host can carry hundreds of copied labels.
    const named = forged.slice(0, 5).map((f) => `${f.name} -> ${f.claimedWorkloadId}`);
    const more = forged.length > named.length ? ` and ${forged.length - named.length} more` : '';
    this.deps.log?.(
      `reconciler: ignored ${forged.length} container(s) on host ${this.deps.hostId} whose tinyforge labels name no workload of theirs: ${named.join(', ')}${more}`,
    );
    this.deps.events.emit('reconcile.forged', { hostId: this.deps.hostId, containers: forged });
  }
}

/** Cheap pre-filter: only containers with a label the dispatcher reads are worth an inspect. */
function mayBeOwned(c: ObservedContainer): boolean {
  const l = c.labels;
  return (
    l[LABEL.workloadId] !== undefined ||
    l[LABEL.legacyInstanceId] !== undefined ||
    l[LABEL.legacyStaticSite] !== undefined ||
    l[LABEL.composeProject] !== undefined
  );
}

/** Owned rows whose health became `unhealthy` in this pass (from anything else, a restart's `starting` included). */
export function unhealthyTransitions(before: readonly ExistingRow[], plan: PassPlan): { workloadId: string; name: string }[] {
  const was = new Map(before.map((r) => [r.id, r.health]));
  return plan.updates.filter((u) => u.health === 'unhealthy' && was.get(u.id) !== 'unhealthy').map((u) => ({ workloadId: u.workloadId, name: u.name }));
}
