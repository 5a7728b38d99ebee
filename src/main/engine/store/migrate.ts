// Numbered migrations, applied in order, each in its own transaction and recorded in
// schema_migrations. Versions only go up; a database written by a newer version of the app is
// refused instead of being half-understood.
import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { migration0001 } from './migrations/0001-init';
import { migration0002 } from './migrations/0002-ssh-hosts';
import { migration0003 } from './migrations/0003-deploys';
import { migration0004 } from './migrations/0004-host-proxy';
import { migration0005 } from './migrations/0005-provenance';
import { migration0006 } from './migrations/0006-registry-credentials';
import { migration0007 } from './migrations/0007-proxy-image';
import { migration0008 } from './migrations/0008-target-keys';
import { migration0009 } from './migrations/0009-stacks';
import { migration0010 } from './migrations/0010-stack-adoption';
import { migration0011 } from './migrations/0011-stack-routes';
import { migration0012 } from './migrations/0012-sites';
import { migration0013 } from './migrations/0013-stop-history';
import { migration0014 } from './migrations/0014-exec-sessions';
import { migration0015 } from './migrations/0015-webhooks';
import { migration0016 } from './migrations/0016-registry-watch';
import { migration0017 } from './migrations/0017-notify-channels';
import { migration0018 } from './migrations/0018-dns-records';
import { migration0019 } from './migrations/0019-site-version-shape';

export interface Migration {
  version: number;
  name: string;
  up: string;
  /**
   * The migration rebuilds a table that others reference (SQLite's 12-step table change): foreign
   * keys are off while it runs, or dropping the old table would cascade into its children. They are
   * checked before the migration commits, and it rolls back if any reference dangles.
   */
  rebuildsTables?: boolean;
}

export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0012,
  migration0013,
  migration0014,
  migration0015,
  migration0016,
  migration0017,
  migration0018,
  migration0019,
];

export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

/** Applies the pending migrations; returns the versions it applied (empty when up to date). */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  for (let i = 0; i < migrations.length; i += 1) {
    if (migrations[i]!.version !== i + 1) {
      throw new Error(`migration list is not numbered 1..n: found ${migrations[i]!.version} at position ${i + 1}`);
    }
  }
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  const latest = latestVersion(migrations);
  if (current > latest) {
    throw new AppError(
      'DATABASE_FROM_NEWER_VERSION',
      `This database is at schema version ${current} but this Tinyforge knows only up to ${latest}. Update Tinyforge, or point it at another data folder.`,
      { version: current, latest },
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const appliedNow = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= current) continue;
    // IMMEDIATE takes the write lock before reading: a second process opening the same file at the
    // same moment waits, then sees the migration done, instead of running it twice.
    // foreign_keys cannot change inside a transaction: it is switched around it.
    const enforcing = db.pragma('foreign_keys', { simple: true }) === 1;
    if (m.rebuildsTables && enforcing) db.pragma('foreign_keys = OFF');
    try {
      const ran = db
        .transaction(() => {
          if (appliedNow.get(m.version)) return false;
          db.exec(m.up);
          if (m.rebuildsTables) {
            const dangling = db.pragma('foreign_key_check') as unknown[];
            if (dangling.length > 0) throw new Error(`migration ${m.version} (${m.name}) would leave ${dangling.length} dangling references; rolled back`);
          }
          record.run(m.version, m.name, Date.now());
          return true;
        })
        .immediate();
      if (ran) applied.push(m.version);
    } finally {
      if (m.rebuildsTables && enforcing) db.pragma('foreign_keys = ON');
    }
  }
  return applied;
}
