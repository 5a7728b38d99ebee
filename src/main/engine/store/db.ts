// Opens the SQLite database with the settings the engine relies on.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { migrate } from './migrate';

export interface OpenOptions {
  /** better-sqlite3's native binding for this runtime (Electron has its own ABI). */
  nativeBinding?: string;
}

export function openDatabase(file: string, options: OpenOptions = {}): Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new BetterSqlite3(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  // First, so that even switching the journal mode waits for another process instead of failing.
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  // NORMAL under WAL: a commit is durable once the WAL is synced at checkpoint; a power cut can
  // lose the last few transactions but never corrupts the file. Every row the reconciler writes is
  // re-derived from Docker on the next pass, and deploy records are re-checked on boot, so losing
  // the tail is recoverable while FULL would fsync on every reconcile pass.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}
