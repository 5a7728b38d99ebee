import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { openTestStore } from '../testing/fixtures';
import type { TestStore } from '../testing/fixtures';
import { openDatabase } from './db';
import { MIGRATIONS, latestVersion, migrate } from './migrate';

let store: TestStore;
afterEach(() => store?.cleanup());

describe('migrations', () => {
  it('creates every table, records the version and seeds the local host', () => {
    store = openTestStore();
    const tables = store.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual(
      expect.arrayContaining(['containers', 'hosts', 'projects', 'schema_migrations', 'settings', 'stacks', 'stages', 'static_sites', 'workloads']),
    );
    expect(store.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: latestVersion() });
    expect(store.db.prepare('SELECT id, kind FROM hosts').all()).toEqual([{ id: 'local', kind: 'local' }]);
  });

  it('is a no-op when run again on every boot', () => {
    store = openTestStore();
    expect(migrate(store.db)).toEqual([]);
    store.db.close();
    const reopened = openDatabase(store.file);
    expect(reopened.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
    expect(reopened.prepare('SELECT COUNT(*) AS n FROM hosts').get()).toEqual({ n: 1 });
    reopened.close();
  });

  it('refuses a database written by a newer version, and changes nothing', () => {
    store = openTestStore();
    store.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(99, 'future', 0);
    store.db.close();
    expect(() => openDatabase(store.file)).toThrowError(
      expect.objectContaining({ code: 'DATABASE_FROM_NEWER_VERSION', details: { version: 99, latest: expect.any(Number) } }),
    );
    const raw = new BetterSqlite3(store.file);
    expect(raw.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: 99 });
    raw.close();
  });

  it('rolls a failing migration back whole and records nothing for it', () => {
    store = openTestStore();
    const broken = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'broken', up: 'CREATE TABLE half (x INTEGER); INSERT INTO nowhere VALUES (1);' }];
    expect(() => migrate(store.db, broken)).toThrow();
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 });
    expect(store.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: MIGRATIONS.length });
  });

  it('rejects a migration list that skips a number', () => {
    store = openTestStore();
    expect(() => migrate(store.db, [{ version: 2, name: 'x', up: '' }])).toThrow(/numbered/);
  });

  it('opens with WAL, foreign keys and a busy timeout', () => {
    store = openTestStore();
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
  });

  it('uses AppError with a code for the refusal', () => {
    store = openTestStore();
    store.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(50, 'future', 0);
    try {
      migrate(store.db);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
    }
  });
});
