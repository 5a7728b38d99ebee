// The containers table: the single source of truth for every container the app owns. Two write
// paths: the reconciler's (observed state, here as applyPass) and the deployer's (its own columns,
// added with the deployer). Neither touches the other's columns.
import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { ContainerView, ForgedContainer } from '../../../shared/types';

// Aliased straight to ContainerView's field names: the list of thousands of rows is built by SQLite
// in its final shape, with no second object per row.
const VIEW_SELECT = `
  SELECT c.id, c.host_id AS hostId, c.workload_id AS workloadId, w.name AS workloadName, c.kind, c.role,
         c.stage_id AS stageId, c.docker_id AS dockerId, c.name, c.image, c.state, c.health, c.exit_code AS exitCode,
         c.created_at AS createdAt, c.started_at AS startedAt, c.finished_at AS finishedAt,
         c.first_seen_at AS firstSeenAt, c.last_seen_at AS lastSeenAt, c.missing_since AS missingSince,
         c.provenance, c.trusted_at AS trustedAt, c.stop_kind AS stopKind
  FROM containers c LEFT JOIN workloads w ON w.id = c.workload_id`;

// The shapes of one reconcile pass: what the reconciler's planner (reconciler/plan.ts) reads from this
// table and what it asks applyPass to write.
/**
 * The reconciler-owned columns of a row, named as the view names them (deployer-owned ones are never
 * read or written here). A row the reconciler writes always has a workload.
 */
export type ObservedRow = Pick<
  ContainerView,
  'kind' | 'role' | 'stageId' | 'dockerId' | 'name' | 'image' | 'state' | 'health' | 'exitCode' | 'createdAt' | 'startedAt' | 'finishedAt' | 'missingSince'
> & { workloadId: string };

export type ExistingRow = ObservedRow & { id: string };

export interface PassPlan {
  inserts: ObservedRow[];
  /** Rows whose reconciler-owned columns changed (by row id). */
  updates: (ObservedRow & { id: string })[];
  /** Rows whose container is gone from Docker. */
  missing: string[];
  /** Containers seen stopping in this pass (running before, exited or gone now): to be classified. */
  stopped: StoppedContainer[];
  forged: ForgedContainer[];
  /** True when anything a user sees changed (not just last-seen times). */
  changed: boolean;
}

export interface StoppedContainer {
  dockerId: string;
  workloadId: string;
  name: string;
  exitCode: number | null;
  /** Gone from Docker rather than exited. */
  vanished: boolean;
}

/** Rows the app may act on by itself (route, count, drain, clean up): never a merely labelled one. */
export const VERIFIED_SQL = "provenance IN ('created', 'trusted')";

export type OwnedRunning = Pick<ContainerView, 'id' | 'hostId' | 'workloadId' | 'stageId' | 'dockerId' | 'name' | 'startedAt'>;

export interface ContainerCounts {
  total: number;
  running: number;
  exited: number;
  missing: number;
}

export class ContainerRepo {
  private readonly listAll: Statement<[], ContainerView>;
  private readonly listHost: Statement<[string], ContainerView>;
  private readonly listWorkload: Statement<[string], ContainerView>;
  private readonly hostRows: Statement<[string], ExistingRow>;
  private readonly insert: Statement;
  private readonly update: Statement;
  private readonly markMissing: Statement;
  private readonly unverifiedStmt: Statement<[number], ContainerView>;
  private readonly unverifiedCount: Statement<[], { n: number }>;
  private readonly setTrustStmt: Statement;
  private readonly logTrust: Statement;
  private readonly getStmt: Statement<[string], ContainerView>;
  private readonly countsStmt: Statement<[], ContainerCounts>;
  private readonly staleCountStmt: Statement<[number], { n: number }>;
  private runningOwnedStmt: Statement<[string], OwnedRunning> | undefined;

  constructor(private readonly db: Database) {
    this.listAll = db.prepare(`${VIEW_SELECT} ORDER BY c.name`);
    this.listHost = db.prepare(`${VIEW_SELECT} WHERE c.host_id = ? ORDER BY c.name`);
    this.listWorkload = db.prepare(`${VIEW_SELECT} WHERE c.workload_id = ? ORDER BY c.name`);
    this.getStmt = db.prepare(`${VIEW_SELECT} WHERE c.id = ?`);
    // The hot path of every pass: no join, and columns aliased straight to the planner's shape so
    // each of 10,000 rows is one object rather than two.
    this.hostRows = db.prepare(`
      SELECT id, COALESCE(workload_id, '') AS workloadId, kind, role, stage_id AS stageId, docker_id AS dockerId, name,
             image, state, health, exit_code AS exitCode, created_at AS createdAt, started_at AS startedAt, finished_at AS finishedAt,
             missing_since AS missingSince
      FROM containers WHERE host_id = ?`);
    this.insert = db.prepare(`
      INSERT INTO containers (id, host_id, workload_id, kind, role, stage_id, docker_id, name, image, state, health, exit_code,
        created_at, started_at, finished_at, first_seen_at, last_seen_at, missing_since, provenance)
      VALUES (@id, @hostId, @workloadId, @kind, @role, @stageId, @dockerId, @name, @image, @state, @health, @exitCode,
        @createdAt, @startedAt, @finishedAt, @now, @now, NULL, 'unverified')`);
    this.update = db.prepare(`
      UPDATE containers SET workload_id = @workloadId, kind = @kind, role = @role, stage_id = @stageId,
        name = @name, image = @image, state = @state, health = @health, exit_code = @exitCode, created_at = @createdAt,
        started_at = @startedAt, finished_at = @finishedAt, missing_since = NULL, last_seen_at = @now
      WHERE id = @id`);
    // A vanished row keeps, as its last sighting, the last pass that still listed it.
    this.markMissing = db.prepare(
      `UPDATE containers SET state = 'missing', missing_since = @now, last_seen_at = MAX(last_seen_at, COALESCE(@seenAt, 0)) WHERE id = @id`,
    );
    const UNVERIFIED = "c.provenance = 'unverified' AND c.docker_id <> '' AND c.state <> 'missing'";
    this.unverifiedStmt = db.prepare(`${VIEW_SELECT} WHERE ${UNVERIFIED} ORDER BY c.first_seen_at LIMIT ?`);
    this.unverifiedCount = db.prepare(`SELECT COUNT(*) AS n FROM containers c WHERE ${UNVERIFIED}`);
    // Only between `unverified` and `trusted`: a row the app created needs no vouching, and one it
    // did not create can never become `created`.
    this.setTrustStmt = db.prepare(`UPDATE containers SET provenance = @to, trusted_at = @trustedAt WHERE id = @id AND provenance = @from`);
    this.logTrust = db.prepare(`
      INSERT INTO container_trust_log (host_id, workload_id, docker_id, name, image, action, at)
      VALUES (@hostId, @workloadId, @dockerId, @name, @image, @action, @at)`);
    this.staleCountStmt = db.prepare(`
      SELECT COUNT(*) AS n FROM containers
      WHERE ${VERIFIED_SQL} AND docker_id <> '' AND CASE
        WHEN state = 'missing' THEN COALESCE(missing_since, first_seen_at)
        WHEN state IN ('exited', 'dead') THEN COALESCE(finished_at, started_at, first_seen_at)
      END <= ?`);
    this.countsStmt = db.prepare(`
      SELECT COUNT(*) AS total,
             COALESCE(SUM(state = 'running'), 0) AS running,
             COALESCE(SUM(state IN ('exited', 'dead')), 0) AS exited,
             COALESCE(SUM(state = 'missing'), 0) AS missing
      FROM containers`);
  }

  list(hostId?: string): ContainerView[] {
    return hostId === undefined ? this.listAll.all() : this.listHost.all(hostId);
  }

  get(id: string): ContainerView | undefined {
    return this.getStmt.get(id);
  }

  listByWorkload(workloadId: string): ContainerView[] {
    return this.listWorkload.all(workloadId);
  }

  /**
   * The host's running containers the app owns by its own records (provenance created or trusted,
   * never a label alone): what the stats collector samples.
   */
  runningOwned(hostId: string): OwnedRunning[] {
    this.runningOwnedStmt ??= this.db.prepare(`
      SELECT id, host_id AS hostId, workload_id AS workloadId, stage_id AS stageId, docker_id AS dockerId, name, started_at AS startedAt
      FROM containers WHERE host_id = ? AND state = 'running' AND docker_id <> '' AND ${VERIFIED_SQL}`);
    return this.runningOwnedStmt.all(hostId);
  }

  /** Every row of a host, placeholders included, in the shape the pass planner reads. */
  rowsForHost(hostId: string): ExistingRow[] {
    return this.hostRows.all(hostId);
  }

  /** Present containers that only claim a workload by their labels: how many, and the oldest `limit`. */
  unverified(limit: number): { count: number; oldest: ContainerView[] } {
    return { count: this.unverifiedCount.get()!.n, oldest: this.unverifiedStmt.all(limit) };
  }

  /**
   * A user's decision about a labelled container: trusted (it then counts as the workload's own) or
   * not. Recorded in the trust log in the same transaction. Returns the row as it now is.
   */
  setTrust(row: ContainerView, trusted: boolean, now: number): ContainerView {
    return this.db.transaction(() => {
      const from = trusted ? 'unverified' : 'trusted';
      const changed = this.setTrustStmt.run({ id: row.id, from, to: trusted ? 'trusted' : 'unverified', trustedAt: trusted ? now : null }).changes;
      if (changed === 0) return this.get(row.id)!;
      this.logTrust.run({
        hostId: row.hostId,
        workloadId: row.workloadId,
        dockerId: row.dockerId,
        name: row.name,
        image: row.image,
        action: trusted ? 'trusted' : 'untrusted',
        at: now,
      });
      return this.get(row.id)!;
    })();
  }

  counts(): ContainerCounts {
    return this.countsStmt.get()!;
  }

  /** How many own rows stopped or vanished before `cutoff` (stale/stalePlan's staleContainers, counted in SQL). */
  staleCount(cutoff: number): number {
    return this.staleCountStmt.get(cutoff)!.n;
  }

  /**
   * The reconciler's write path. Call inside the pass transaction. It writes only rows that changed:
   * a present row's "last seen" is the host's last successful pass (see withLastSeen), so an
   * unchanged world costs no write at all. `previousPassAt` is the last pass that listed the
   * vanished rows.
   */
  applyPass(hostId: string, plan: PassPlan, now: number, previousPassAt: number | null = null): void {
    for (const id of plan.missing) this.markMissing.run({ now, seenAt: previousPassAt, id });
    for (const row of plan.inserts) this.insert.run({ ...row, id: randomUUID(), hostId, now });
    for (const row of plan.updates) this.update.run({ ...row, now });
  }
}

/**
 * Gives present rows their true "last seen": the last successful pass of their host, which listed
 * them (rows are written only when they change, so their own column can be older). Missing rows
 * and placeholders keep theirs. Mutates and returns the rows (fresh objects from SQLite).
 */
export function withLastSeen<R extends Pick<ContainerView, 'hostId' | 'dockerId' | 'state' | 'lastSeenAt'>>(
  rows: R[],
  lastPassAt: (hostId: string) => number | null,
): R[] {
  const byHost = new Map<string, number | null>();
  for (const row of rows) {
    if (row.state === 'missing' || row.dockerId === '') continue;
    let passAt = byHost.get(row.hostId);
    if (passAt === undefined) {
      passAt = lastPassAt(row.hostId);
      byHost.set(row.hostId, passAt);
    }
    if (passAt !== null && passAt > row.lastSeenAt) row.lastSeenAt = passAt;
  }
  return rows;
}
