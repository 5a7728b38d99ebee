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
    const broken = [...MIGRATIONS, { version: latestVersion() + 1, name: 'broken', up: 'CREATE TABLE half (x INTEGER); INSERT INTO nowhere VALUES (1);' }];
    expect(() => migrate(store.db, broken)).toThrow();
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 });
    expect(store.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: latestVersion() });
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

  describe('0008: runs keyed by target', () => {
    /** A database at version 7 with a project, a stage, a finished deploy and its rollback image. */
    function atVersion7(): BetterSqlite3.Database {
      const db = new BetterSqlite3(':memory:');
      db.pragma('foreign_keys = ON');
      migrate(db, MIGRATIONS.slice(0, 7));
      db.exec(`
        INSERT INTO workloads (id, host_id, kind, name, created_at) VALUES ('w1', 'local', 'project', 'shop', 1);
        INSERT INTO projects (workload_id, image_repository) VALUES ('w1', 'shop');
      `);
      return db;
    }

    it('keeps every deploy and every rollback image, keyed by its stage', () => {
      const db = atVersion7();
      db.exec("INSERT INTO stages (id, project_id, name, image_tag) VALUES ('s1', 'w1', 'prod', 'latest')");
      db.exec(`
        INSERT INTO deploys (id, host_id, workload_id, stage_id, kind, image, image_digest, status, step, started_at, finished_at)
          VALUES ('d1', 'local', 'w1', 's1', 'deploy', 'app:1', 'sha256:aa', 'succeeded', 'done', 10, 11);
        INSERT INTO stage_images (stage_id, image, image_digest, deploy_id, deployed_at) VALUES ('s1', 'app:1', 'sha256:aa', 'd1', 11);
        INSERT INTO containers (id, host_id, workload_id, kind, role, stage_id, docker_id, name, state, first_seen_at, last_seen_at, provenance)
          VALUES ('c1', 'local', 'w1', 'project', 'prod', 's1', 'abc', 'shop-prod-1', 'running', 1, 1, 'created');
      `);

      // 0008 and every migration after it (the later ones do not touch these rows).
      expect(migrate(db)).toEqual(MIGRATIONS.filter((m) => m.version >= 8).map((m) => m.version));

      expect(db.prepare('SELECT id, target_key AS targetKey, stage_id AS stageId FROM deploys').all()).toEqual([{ id: 'd1', targetKey: 's1', stageId: 's1' }]);
      expect(db.prepare('SELECT deploy_id AS deployId FROM stage_images').all()).toEqual([{ deployId: 'd1' }]);
      expect(db.prepare('SELECT target_key AS targetKey FROM containers').all()).toEqual([{ targetKey: 's1' }]);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      // The rebuilt table still cascades: removing the stage takes its deploys and images along.
      db.prepare("DELETE FROM stages WHERE id = 's1'").run();
      expect(db.prepare('SELECT COUNT(*) AS n FROM deploys').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT COUNT(*) AS n FROM stage_images').get()).toEqual({ n: 0 });
      db.close();
    });

    it("lets a target with no stage run once at a time, and derives a site row's target from its workload", () => {
      const db = atVersion7();
      migrate(db);
      db.exec("INSERT INTO workloads (id, host_id, kind, name, created_at) VALUES ('site1', 'local', 'site', 'docs', 1)");
      const start = db.prepare(
        "INSERT INTO deploys (id, host_id, workload_id, target_key, kind, image, status, step, started_at) VALUES (?, 'local', 'site1', 'site1', 'deploy', 'x', 'running', 'image', 1)",
      );
      start.run('r1');
      expect(() => start.run('r2')).toThrow(/UNIQUE/);
      db.exec(`INSERT INTO containers (id, host_id, workload_id, kind, role, name, state, first_seen_at, last_seen_at, provenance)
        VALUES ('c2', 'local', 'site1', 'site', 'site', 'docs-1', 'running', 1, 1, 'created'),
               ('c3', 'local', NULL, 'stack', 'web', 'x-web-1', 'running', 1, 1, 'unverified')`);
      expect(db.prepare('SELECT id, target_key AS targetKey FROM containers ORDER BY id').all()).toEqual([
        { id: 'c2', targetKey: 'site1' },
        { id: 'c3', targetKey: null },
      ]);
      db.close();
    });

    it('rolls back a table rebuild that would leave a dangling reference, and turns foreign keys back on', () => {
      const db = new BetterSqlite3(':memory:');
      db.pragma('foreign_keys = ON');
      const rebuild = [
        { version: 1, name: 'a', up: 'CREATE TABLE p (id TEXT PRIMARY KEY) STRICT; CREATE TABLE c (p TEXT REFERENCES p(id)) STRICT;' },
        { version: 2, name: 'b', rebuildsTables: true, up: "INSERT INTO c VALUES ('nobody');" },
      ];
      expect(() => migrate(db, rebuild)).toThrow(/dangling/);
      expect(db.prepare('SELECT COUNT(*) AS n FROM c').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: 1 });
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      db.close();
    });
  });
});
