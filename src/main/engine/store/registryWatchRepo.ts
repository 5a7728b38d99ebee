// The registry_watches and registry_checks tables: which stages and stack services are watched and
// how, and what the last check of each watched image found. The watcher's only write path.
import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { ErrorCode } from '../../../shared/errors';
import type { WatchMode } from '../../../shared/registryWatch';

export interface WatchRecord {
  id: string;
  workloadId: string;
  hostId: string;
  stageId: string | null;
  service: string | null;
  mode: WatchMode;
  deployedDigest: string | null;
  notifiedDigest: string | null;
}

/** One image's check, as the scheduler reads it (the same shape as checkSchedule's ImageCheckState). */
export interface ImageCheckRecord {
  key: string;
  registry: string;
  checkedAt: number | null;
  digest: string | null;
  error: { code: ErrorCode; message: string } | null;
  failures: number;
  retryAt: number | null;
}

interface WatchRow {
  id: string;
  workload_id: string;
  host_id: string;
  stage_id: string | null;
  service: string | null;
  mode: WatchMode;
  deployed_digest: string | null;
  notified_digest: string | null;
}

interface CheckRow {
  image_key: string;
  registry: string;
  checked_at: number | null;
  digest: string | null;
  error_code: string | null;
  error_message: string | null;
  failures: number;
  retry_at: number | null;
}

const WATCH_COLUMNS = 'w.id, w.workload_id, wl.host_id, w.stage_id, w.service, w.mode, w.deployed_digest, w.notified_digest';

export class RegistryWatchRepo {
  private readonly s: {
    active: Statement<[], WatchRow>;
    ofWorkload: Statement<[string], WatchRow>;
    byStage: Statement<[string], WatchRow>;
    byService: Statement<[string, string], WatchRow>;
    insert: Statement<[string, string, string | null, string | null, WatchMode, number]>;
    setMode: Statement<[WatchMode, number, string]>;
    setDeployed: Statement<[string, string]>;
    setNotified: Statement<[string, string]>;
    checks: Statement<[], CheckRow>;
    check: Statement<[string], CheckRow>;
    putCheck: Statement<[string, string, number | null, string | null, string | null, string | null, number, number | null]>;
  };

  constructor(private readonly db: Database) {
    const from = 'FROM registry_watches w JOIN workloads wl ON wl.id = w.workload_id';
    this.s = {
      active: db.prepare(`SELECT ${WATCH_COLUMNS} ${from} WHERE w.mode <> 'off'`),
      ofWorkload: db.prepare(`SELECT ${WATCH_COLUMNS} ${from} WHERE w.workload_id = ?`),
      byStage: db.prepare(`SELECT ${WATCH_COLUMNS} ${from} WHERE w.stage_id = ?`),
      byService: db.prepare(`SELECT ${WATCH_COLUMNS} ${from} WHERE w.workload_id = ? AND w.service = ?`),
      insert: db.prepare('INSERT INTO registry_watches (id, workload_id, stage_id, service, mode, updated_at) VALUES (?, ?, ?, ?, ?, ?)'),
      // A new mode starts afresh: turning deploy on again must deploy a digest seen before.
      setMode: db.prepare('UPDATE registry_watches SET mode = ?, deployed_digest = NULL, notified_digest = NULL, updated_at = ? WHERE id = ?'),
      setDeployed: db.prepare('UPDATE registry_watches SET deployed_digest = ? WHERE id = ?'),
      setNotified: db.prepare('UPDATE registry_watches SET notified_digest = ? WHERE id = ?'),
      checks: db.prepare('SELECT * FROM registry_checks'),
      check: db.prepare('SELECT * FROM registry_checks WHERE image_key = ?'),
      putCheck: db.prepare(`
        INSERT INTO registry_checks (image_key, registry, checked_at, digest, error_code, error_message, failures, retry_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(image_key) DO UPDATE SET registry = excluded.registry, checked_at = excluded.checked_at, digest = excluded.digest,
          error_code = excluded.error_code, error_message = excluded.error_message, failures = excluded.failures, retry_at = excluded.retry_at`),
    };
  }

  /** Every watch whose mode is not off, with its workload's host. */
  active(): WatchRecord[] {
    return this.s.active.all().map(toWatch);
  }

  ofWorkload(workloadId: string): WatchRecord[] {
    return this.s.ofWorkload.all(workloadId).map(toWatch);
  }

  /** Sets the mode of a stage's or a service's watch, creating it on first use. */
  setMode(target: { workloadId: string; stageId: string | null; service: string | null }, mode: WatchMode, now: number): WatchRecord {
    return this.db.transaction(() => {
      const existing = this.find(target);
      if (existing) this.s.setMode.run(mode, now, existing.id);
      else this.s.insert.run(randomUUID(), target.workloadId, target.stageId, target.service, mode, now);
      return this.find(target)!;
    })();
  }

  find(target: { workloadId: string; stageId: string | null; service: string | null }): WatchRecord | null {
    const row = target.stageId !== null ? this.s.byStage.get(target.stageId) : this.s.byService.get(target.workloadId, target.service ?? '');
    return row ? toWatch(row) : null;
  }

  markDeployed(watchId: string, digest: string): void {
    this.s.setDeployed.run(digest, watchId);
  }

  markNotified(watchId: string, digest: string): void {
    this.s.setNotified.run(digest, watchId);
  }

  checks(): ImageCheckRecord[] {
    return this.s.checks.all().map(toCheck);
  }

  check(key: string): ImageCheckRecord | null {
    const row = this.s.check.get(key);
    return row ? toCheck(row) : null;
  }

  putCheck(c: ImageCheckRecord): void {
    this.s.putCheck.run(c.key, c.registry, c.checkedAt, c.digest, c.error?.code ?? null, c.error?.message ?? null, c.failures, c.retryAt);
  }
}

function toWatch(row: WatchRow): WatchRecord {
  return {
    id: row.id,
    workloadId: row.workload_id,
    hostId: row.host_id,
    stageId: row.stage_id,
    service: row.service,
    mode: row.mode,
    deployedDigest: row.deployed_digest,
    notifiedDigest: row.notified_digest,
  };
}

function toCheck(row: CheckRow): ImageCheckRecord {
  return {
    key: row.image_key,
    registry: row.registry,
    checkedAt: row.checked_at,
    digest: row.digest,
    error: row.error_code ? { code: row.error_code as ErrorCode, message: row.error_message ?? '' } : null,
    failures: row.failures,
    retryAt: row.retry_at,
  };
}
