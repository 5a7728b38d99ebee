// The containers table: the single source of truth for every container the app owns. Two write
// paths: the reconciler's (observed state, here as applyPass) and the deployer's (its own columns,
// added with the deployer). Neither touches the other's columns.
import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { ContainerView } from '../../../shared/types';
import type { ExistingRow, PassPlan } from '../reconciler/plan';

// Aliased straight to ContainerView's field names: the list of thousands of rows is built by SQLite
// in its final shape, with no second object per row.
const VIEW_SELECT = `
  SELECT c.id, c.host_id AS hostId, c.workload_id AS workloadId, w.name AS workloadName, c.kind, c.role,
         c.stage_id AS stageId, c.docker_id AS dockerId, c.name, c.image, c.state, c.health, c.exit_code AS exitCode,
         c.created_at AS createdAt, c.started_at AS startedAt, c.finished_at AS finishedAt,
         c.first_seen_at AS firstSeenAt, c.last_seen_at AS lastSeenAt, c.missing_since AS missingSince
  FROM containers c LEFT JOIN workloads w ON w.id = c.workload_id`;

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
  private readonly touchSeen: Statement;
  private readonly getStmt: Statement<[string], ContainerView>;
  private readonly countsStmt: Statement<[], ContainerCounts>;

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
        created_at, started_at, finished_at, first_seen_at, last_seen_at, missing_since)
      VALUES (@id, @hostId, @workloadId, @kind, @role, @stageId, @dockerId, @name, @image, @state, @health, @exitCode,
        @createdAt, @startedAt, @finishedAt, @now, @now, NULL)`);
    this.update = db.prepare(`
      UPDATE containers SET workload_id = @workloadId, kind = @kind, role = @role, stage_id = @stageId,
        name = @name, image = @image, state = @state, health = @health, exit_code = @exitCode, created_at = @createdAt,
        started_at = @startedAt, finished_at = @finishedAt, missing_since = NULL, last_seen_at = @now
      WHERE id = @id`);
    this.markMissing = db.prepare(`UPDATE containers SET state = 'missing', missing_since = ? WHERE id = ?`);
    // Rows still present get their last-seen time in one statement rather than one update each.
    this.touchSeen = db.prepare(
      `UPDATE containers SET last_seen_at = ? WHERE host_id = ? AND docker_id <> '' AND state <> 'missing'`,
    );
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

  /** Every row of a host, placeholders included, in the shape the pass planner reads. */
  rowsForHost(hostId: string): ExistingRow[] {
    return this.hostRows.all(hostId);
  }

  counts(): ContainerCounts {
    return this.countsStmt.get()!;
  }

  /**
   * The reconciler's write path. Call inside the pass transaction. `touchAll` (full passes only)
   * refreshes every present row's last-seen time; an event-driven pass writes just what changed,
   * not 10,000 rows per Docker event on a big host.
   */
  applyPass(hostId: string, plan: PassPlan, now: number, options: { touchAll: boolean } = { touchAll: true }): void {
    for (const id of plan.missing) this.markMissing.run(now, id);
    if (options.touchAll) this.touchSeen.run(now, hostId);
    for (const row of plan.inserts) this.insert.run({ ...row, id: randomUUID(), hostId, now });
    for (const row of plan.updates) this.update.run({ ...row, now });
  }
}
