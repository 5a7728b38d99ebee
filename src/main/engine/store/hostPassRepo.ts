// The last successful reconcile pass of each host, as a checkpoint. The reconciler keeps the live
// value in memory and writes it here only now and then (host down, engine closing, every few
// minutes), so that "last seen" stays true across a restart without a write on every pass.
import type { Database, Statement } from 'better-sqlite3';

export class HostPassRepo {
  private readonly getStmt: Statement<[string], { at: number }>;
  private readonly setStmt: Statement;

  constructor(db: Database) {
    this.getStmt = db.prepare('SELECT last_pass_at AS at FROM host_passes WHERE host_id = ?');
    // Never backwards: a late checkpoint from a closing scope must not undo a newer one.
    this.setStmt = db.prepare(`
      INSERT INTO host_passes (host_id, last_pass_at) VALUES (?, ?)
      ON CONFLICT (host_id) DO UPDATE SET last_pass_at = MAX(last_pass_at, excluded.last_pass_at)`);
  }

  get(hostId: string): number | null {
    return this.getStmt.get(hostId)?.at ?? null;
  }

  set(hostId: string, at: number): void {
    this.setStmt.run(hostId, at);
  }
}
