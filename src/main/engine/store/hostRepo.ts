// The hosts table. The `local` host exists from the first migration.
import type { Database, Statement } from 'better-sqlite3';
import type { HostKind } from '../../../shared/types';

export interface HostRow {
  id: string;
  name: string;
  kind: HostKind;
}

export class HostRepo {
  private readonly listStmt: Statement<[], HostRow>;
  private readonly getStmt: Statement<[string], HostRow>;

  constructor(db: Database) {
    this.listStmt = db.prepare('SELECT id, name, kind FROM hosts ORDER BY kind = \'local\' DESC, name');
    this.getStmt = db.prepare('SELECT id, name, kind FROM hosts WHERE id = ?');
  }

  list(): HostRow[] {
    return this.listStmt.all();
  }

  get(id: string): HostRow | undefined {
    return this.getStmt.get(id);
  }
}
