// The terminal sessions of the workloads' history (migration 0014): recorded when a session opens,
// completed when it ends. Never what was typed.
import type { Database, Statement } from 'better-sqlite3';
import type { ExecEndReason, ExecSessionView, ExecShell } from '../../../shared/exec';

export interface ExecSessionStart {
  id: string;
  hostId: string;
  workloadId: string | null;
  containerId: string;
  containerName: string;
  osUser: string;
  shell: ExecShell;
  startedAt: number;
}

/** How many sessions a workload's history shows. */
export const EXEC_HISTORY_LIMIT = 200;

export class ExecSessionRepo {
  private readonly insert: Statement;
  private readonly finish: Statement;
  private readonly ofWorkload: Statement<[string, number], ExecSessionView>;
  private readonly settle: Statement;

  constructor(db: Database) {
    this.insert = db.prepare(`
      INSERT INTO exec_sessions (id, host_id, workload_id, container_id, container_name, os_user, shell, started_at)
      VALUES (@id, @hostId, @workloadId, @containerId, @containerName, @osUser, @shell, @startedAt)`);
    this.finish = db.prepare(`UPDATE exec_sessions SET ended_at = @endedAt, end_reason = @reason WHERE id = @id AND end_reason IS NULL`);
    this.ofWorkload = db.prepare(`
      SELECT id, workload_id AS workloadId, container_id AS containerId, container_name AS containerName, os_user AS osUser,
             shell, started_at AS startedAt, ended_at AS endedAt, end_reason AS endReason
      FROM exec_sessions WHERE workload_id = ? ORDER BY started_at DESC, rowid DESC LIMIT ?`);
    this.settle = db.prepare(`UPDATE exec_sessions SET end_reason = 'shutdown' WHERE host_id = ? AND end_reason IS NULL`);
  }

  /** A container without a workload has no history to join: its sessions are not recorded. */
  start(session: ExecSessionStart): void {
    if (session.workloadId === null) return;
    this.insert.run(session);
  }

  end(id: string, endedAt: number, reason: ExecEndReason): void {
    this.finish.run({ id, endedAt, reason });
  }

  list(workloadId: string, limit = EXEC_HISTORY_LIMIT): ExecSessionView[] {
    return this.ofWorkload.all(workloadId, limit);
  }

  /** Sessions a crash left open: they ended with the process, at a time nobody recorded. */
  settleInterrupted(hostId: string): number {
    return this.settle.run(hostId).changes;
  }
}
