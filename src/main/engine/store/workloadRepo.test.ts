import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { openTestStore, stage } from '../testing/fixtures';
import type { TestStore } from '../testing/fixtures';

let store: TestStore;
afterEach(() => store?.cleanup());

const count = (s: TestStore, table: string) => (s.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('WorkloadRepo', () => {
  it('creates a project with its stages in order', () => {
    store = openTestStore();
    const p = store.workloads.createProject({
      hostId: 'local',
      name: 'api',
      imageRepository: 'ghcr.io/acme/api',
      stages: [stage('staging'), stage('production')],
    });
    expect(p).toMatchObject({ kind: 'project', name: 'api', imageRepository: 'ghcr.io/acme/api', containerCount: 0 });
    expect(p.kind === 'project' && p.stages.map((s) => s.name)).toEqual(['staging', 'production']);
    expect(store.workloads.get(p.id)).toEqual(p);
  });

  it('rolls the whole create back when a stage insert fails: no workload row is left behind', () => {
    store = openTestStore();
    expect(() =>
      store.workloads.createProject({ hostId: 'local', name: 'api', imageRepository: 'acme/api', stages: [stage('prod'), stage('prod')] }),
    ).toThrowError(AppError);
    expect(count(store, 'workloads')).toBe(0);
    expect(count(store, 'projects')).toBe(0);
    expect(count(store, 'stages')).toBe(0);
  });

  it('rolls back a stack whose compose project name is taken', () => {
    store = openTestStore();
    store.workloads.createStack({ hostId: 'local', name: 'shop', composeProjectName: 'shop', composeFile: '', envFile: '' });
    expect(() => store.workloads.createStack({ hostId: 'local', name: 'shop 2', composeProjectName: 'shop', composeFile: '', envFile: '' })).toThrowError(
      /compose project name/,
    );
    expect(count(store, 'workloads')).toBe(1);
  });

  it('refuses a duplicate name on the same host with CONFLICT', () => {
    store = openTestStore();
    store.workloads.createSite({ hostId: 'local', name: 'docs', sourceDir: '/srv/docs' });
    try {
      store.workloads.createSite({ hostId: 'local', name: 'docs', sourceDir: '/srv/docs' });
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).code).toBe('CONFLICT');
    }
  });

  it('refuses an unknown host with NOT_FOUND and writes nothing', () => {
    store = openTestStore();
    expect(() => store.workloads.createSite({ hostId: 'mars', name: 'docs', sourceDir: '' })).toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(count(store, 'workloads')).toBe(0);
  });

  it('renames, and reports NOT_FOUND for an unknown id', () => {
    store = openTestStore();
    const s = store.workloads.createSite({ hostId: 'local', name: 'docs', sourceDir: '' });
    expect(store.workloads.rename(s.id, 'handbook').name).toBe('handbook');
    expect(() => store.workloads.rename('nope', 'x')).toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('refuses to delete a workload whose containers still exist, naming them, and deletes nothing', () => {
    store = openTestStore();
    const s = store.workloads.createSite({ hostId: 'local', name: 'docs', sourceDir: '' });
    store.db
      .prepare(
        `INSERT INTO containers (id, host_id, workload_id, kind, role, docker_id, name, state, first_seen_at, last_seen_at)
         VALUES ('c1', 'local', ?, 'site', 'site', 'd1', 'docs-blue', 'running', 0, 0)`,
      )
      .run(s.id);
    expect(() => store.workloads.delete(s.id)).toThrowError(
      expect.objectContaining({ code: 'WORKLOAD_HAS_CONTAINERS', details: { containers: [{ name: 'docs-blue', state: 'running' }] } }),
    );
    expect(count(store, 'workloads')).toBe(1);
    expect(count(store, 'containers')).toBe(1);
  });

  it('deletes a workload whose containers are all gone, with their rows', () => {
    store = openTestStore();
    const p = store.workloads.createProject({ hostId: 'local', name: 'api', imageRepository: 'acme/api', stages: [stage('prod')] });
    store.db
      .prepare(
        `INSERT INTO containers (id, host_id, workload_id, kind, role, docker_id, name, state, first_seen_at, last_seen_at)
         VALUES ('c1', 'local', ?, 'project', 'prod', 'd1', 'api-old', 'missing', 0, 0)`,
      )
      .run(p.id);
    store.workloads.delete(p.id);
    expect([count(store, 'workloads'), count(store, 'projects'), count(store, 'stages'), count(store, 'containers')]).toEqual([0, 0, 0, 0]);
  });

  it('has indexes for every lookup the reconciler makes', () => {
    store = openTestStore();
    const plan = (sql: string) =>
      store.db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all()
        .map((r) => (r as { detail: string }).detail)
        .join(' | ');
    expect(plan("SELECT id FROM containers WHERE host_id = 'local' AND docker_id = 'x'")).toMatch(/USING INDEX containers_host_docker_id/);
    expect(plan("SELECT id FROM containers WHERE stage_id = 'x'")).toMatch(/USING INDEX containers_stage/);
    expect(plan("SELECT workload_id FROM stacks WHERE host_id = 'local' AND compose_project_name = 'x'")).toMatch(/USING INDEX stacks_host_compose_project/);
    expect(plan("SELECT id FROM workloads WHERE webhook_secret = 'x'")).toMatch(/USING INDEX workloads_webhook_secret/);
    expect(plan("SELECT id FROM stages WHERE project_id = 'p' AND name = 'x'")).toMatch(/USING INDEX/);
  });
});
