// Container rows the app deleted itself (the deployer's max_instances cleanup, a stage removal),
// remembered for a minute by Docker id. A reconcile pass lists Docker, then reads the rows: when
// the app removes a container and its row between the two, the pass would see the container in its
// (now stale) list with no row and insert one, which the next pass then marks missing, a row for a
// container nobody has. A pass ignores containers whose rows were removed after its list began.
import type { Database } from 'better-sqlite3';

const KEEP_MS = 60_000;

export class RemovedRows {
  private readonly byHost = new Map<string, Map<string, number>>();

  constructor(private readonly now: () => number = Date.now) {}

  note(hostId: string, dockerId: string): void {
    if (!dockerId) return;
    const host = this.byHost.get(hostId) ?? new Map<string, number>();
    this.byHost.set(hostId, host);
    host.set(dockerId, this.now());
  }

  /** Docker ids of the host whose rows were removed at or after `at`. */
  since(hostId: string, at: number): Set<string> {
    const host = this.byHost.get(hostId);
    const found = new Set<string>();
    if (!host) return found;
    const cutoff = this.now() - KEEP_MS;
    for (const [dockerId, removedAt] of host) {
      if (removedAt < cutoff) host.delete(dockerId);
      else if (removedAt >= at) found.add(dockerId);
    }
    return found;
  }
}

/**
 * One log per database: every repository writing the containers table of that database, and the
 * reconciler reading it, share it without each being handed it.
 */
const logs = new WeakMap<Database, RemovedRows>();

export function removedRowsOf(db: Database): RemovedRows {
  let log = logs.get(db);
  if (!log) {
    log = new RemovedRows();
    logs.set(db, log);
  }
  return log;
}
