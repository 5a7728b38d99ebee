// The stop_intents and container_stops tables (migration 0013): what the app is about to stop, and
// every stop the reconciler classified. An intent is written before the app's own stop or remove
// and outlives a crash of the app; it expires, so a later stop of the same container by someone
// else is not taken for the app's.
import type { Database, Statement } from 'better-sqlite3';
import type { StopKind } from '../../../shared/types';

/** Why the app itself stopped a container (its intent, written before the stop). */
export type StopReason = 'drain' | 'user' | 'stack' | 'site' | 'stale';

export interface StopIntent {
  reason: StopReason;
  at: number;
  expiresAt: number;
}

/** What the reconciler concluded about one stop. */
export interface StopVerdict {
  kind: StopKind;
  reason: StopReason | null;
  exitCode: number | null;
  signal: number | null;
  /** When it stopped: Docker's FinishedAt when known, else when the reconciler noticed. */
  at: number;
}

/** Long enough for docker stop's grace, a slow compose down and a pass after it. */
export const INTENT_TTL_MS = 10 * 60_000;
/** Exit times a little past the operation's end still count (Docker's clock against ours). */
const SETTLE_SLACK_MS = 5_000;
/**
 * One exit can be seen twice: inspect's FinishedAt and the die event's time, a few ms apart. Two
 * real exits of one container are further apart: Docker's first restart waits 100 ms.
 */
const SAME_EXIT_MS = 90;

export interface StopRecord {
  hostId: string;
  dockerId: string;
  workloadId: string | null;
  name: string;
  at: number;
  kind: StopKind;
  reason: StopReason | null;
  exitCode: number | null;
  signal: number | null;
}

export class StopRepo {
  private readonly putIntent: Statement;
  private readonly getIntent: Statement<[string, string], StopIntent>;
  private readonly pruneIntents: Statement<[number]>;
  private readonly dropIntent: Statement<[string, string]>;
  private readonly settleIntent: Statement;
  private readonly insertStop: Statement;
  private readonly setKind: Statement;
  private readonly forContainer: Statement<[string, string], StopRecord>;
  private readonly countSince: Statement<[string, number, number], { n: number }>;
  private readonly crashesOfWorkload: Statement<[string, number], StopRecord>;
  private readonly crashesOnHost: Statement<[string, number], StopRecord>;

  constructor(private readonly db: Database) {
    this.putIntent = db.prepare(`
      INSERT INTO stop_intents (host_id, docker_id, reason, at, expires_at) VALUES (@hostId, @dockerId, @reason, @at, @expiresAt)
      ON CONFLICT (host_id, docker_id) DO UPDATE SET reason = excluded.reason, at = excluded.at, expires_at = excluded.expires_at`);
    this.getIntent = db.prepare('SELECT reason, at, expires_at AS expiresAt FROM stop_intents WHERE host_id = ? AND docker_id = ?');
    // Kept a day past expiry: a pass that classifies late (the host was down) still finds it; the
    // exit time, not the pass time, decides whether it covers the exit.
    this.pruneIntents = db.prepare('DELETE FROM stop_intents WHERE expires_at < ? - 86400000');
    this.settleIntent = db.prepare('UPDATE stop_intents SET expires_at = MIN(expires_at, @end) WHERE host_id = @hostId AND docker_id = @dockerId');
    this.dropIntent = db.prepare('DELETE FROM stop_intents WHERE host_id = ? AND docker_id = ?');
    this.insertStop = db.prepare(`
      INSERT INTO container_stops (host_id, docker_id, workload_id, name, at, kind, reason, exit_code, signal)
      SELECT @hostId, @dockerId, @workloadId, @name, @at, @kind, @reason, @exitCode, @signal
      WHERE NOT EXISTS (SELECT 1 FROM container_stops WHERE host_id = @hostId AND docker_id = @dockerId AND ABS(at - @at) < ${SAME_EXIT_MS})`);
    this.setKind = db.prepare('UPDATE containers SET stop_kind = @kind WHERE host_id = @hostId AND docker_id = @dockerId');
    this.forContainer = db.prepare(`
      SELECT host_id AS hostId, docker_id AS dockerId, workload_id AS workloadId, name, at, kind, reason, exit_code AS exitCode, signal
      FROM container_stops WHERE host_id = ? AND docker_id = ? ORDER BY at`);
    this.countSince = db.prepare("SELECT COUNT(*) AS n FROM container_stops WHERE workload_id = ? AND kind IN ('crash', 'oom') AND at >= ? AND at <= ?");
    const crashColumns = 'host_id AS hostId, docker_id AS dockerId, workload_id AS workloadId, name, at, kind, reason, exit_code AS exitCode, signal';
    this.crashesOfWorkload = db.prepare(
      `SELECT ${crashColumns} FROM container_stops WHERE workload_id = ? AND kind IN ('crash', 'oom') AND at >= ? ORDER BY at`,
    );
    this.crashesOnHost = db.prepare(`SELECT ${crashColumns} FROM container_stops WHERE host_id = ? AND kind IN ('crash', 'oom') AND at >= ? ORDER BY at`);
  }

  /**
   * Call before the app stops or removes these containers itself; call the returned function once
   * the operation is over. Until then the intent covers exits for INTENT_TTL_MS (an app that dies
   * mid-operation); after, only exits up to that moment: an untouched container of a stack `up`
   * that crashes a minute later is a crash, not the app's.
   */
  intend(hostId: string, dockerIds: readonly string[], reason: StopReason, now = Date.now()): () => void {
    const ids = dockerIds.filter(Boolean);
    this.db.transaction(() => {
      for (const dockerId of ids) this.putIntent.run({ hostId, dockerId, reason, at: now, expiresAt: now + INTENT_TTL_MS });
    })();
    return () => {
      const end = Date.now() + SETTLE_SLACK_MS;
      for (const dockerId of ids) this.settleIntent.run({ hostId, dockerId, end });
    };
  }

  intent(hostId: string, dockerId: string): StopIntent | null {
    return this.getIntent.get(hostId, dockerId) ?? null;
  }

  /**
   * Records a classified stop and the container row's last kind; the same exit twice writes nothing.
   * True when the stop is new (a notification is owed once per exit, not per sighting).
   */
  record(hostId: string, stop: Omit<StopRecord, 'hostId' | 'kind' | 'reason' | 'exitCode' | 'signal' | 'at'> & StopVerdict, now = Date.now()): boolean {
    return this.db.transaction(() => {
      const inserted = this.insertStop.run({
        hostId,
        dockerId: stop.dockerId,
        workloadId: stop.workloadId,
        name: stop.name,
        at: stop.at,
        kind: stop.kind,
        reason: stop.reason,
        exitCode: stop.exitCode,
        signal: stop.signal,
      });
      this.setKind.run({ hostId, dockerId: stop.dockerId, kind: stop.kind });
      // An intent covers the one stop it announced: a later exit of the same container is judged afresh.
      if (stop.kind === 'app') this.dropIntent.run(hostId, stop.dockerId);
      this.pruneIntents.run(now);
      return inserted.changes > 0;
    })();
  }

  history(hostId: string, dockerId: string): StopRecord[] {
    return this.forContainer.all(hostId, dockerId);
  }

  /** Crashes and OOM kills of a workload's containers in [from, to]: a crash loop's count. */
  crashesOf(workloadId: string, from: number, to: number): number {
    return this.countSince.get(workloadId, from, to)!.n;
  }

  /** The crashes and OOM kills since `from` of a workload's containers or of a host's: the charts' crash marks. */
  crashesSince(scope: { workloadId: string } | { hostId: string }, from: number): StopRecord[] {
    return 'workloadId' in scope ? this.crashesOfWorkload.all(scope.workloadId, from) : this.crashesOnHost.all(scope.hostId, from);
  }
}
