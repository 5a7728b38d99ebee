import { afterEach, describe, expect, it } from 'vitest';
import { createTestProject, openTestStore } from '../testing/fixtures';
import type { TestStore } from '../testing/fixtures';
import { RegistryWatchRepo } from './registryWatchRepo';
import { StageRepo } from './stageRepo';

let store: TestStore;
afterEach(() => store?.cleanup());

describe('RegistryWatchRepo', () => {
  it('keeps one watch per stage, and a new mode starts afresh', () => {
    store = openTestStore();
    const repo = new RegistryWatchRepo(store.db);
    const { projectId, stageId } = createTestProject(store.workloads);
    const target = { workloadId: projectId, stageId, service: null };
    const first = repo.setMode(target, 'deploy', 1);
    repo.markDeployed(first.id, 'sha256:x');
    repo.markNotified(first.id, 'sha256:x');
    const again = repo.setMode(target, 'notify', 2);
    expect(again).toEqual({ ...first, mode: 'notify', deployedDigest: null, notifiedDigest: null });
    expect(repo.ofWorkload(projectId)).toHaveLength(1);
    expect(repo.active().map((w) => w.id)).toEqual([first.id]);
    repo.setMode(target, 'off', 3);
    expect(repo.active()).toEqual([]);
  });

  it('goes with its stage, and with its workload', () => {
    store = openTestStore();
    const repo = new RegistryWatchRepo(store.db);
    const a = createTestProject(store.workloads, { name: 'a' });
    const b = createTestProject(store.workloads, { name: 'b' });
    repo.setMode({ workloadId: a.projectId, stageId: a.stageId, service: null }, 'deploy', 1);
    repo.setMode({ workloadId: b.projectId, stageId: b.stageId, service: null }, 'deploy', 1);
    new StageRepo(store.db).remove(a.stageId);
    expect(repo.ofWorkload(a.projectId)).toEqual([]);
    store.db.prepare('DELETE FROM workloads WHERE id = ?').run(b.projectId);
    expect(repo.ofWorkload(b.projectId)).toEqual([]);
  });

  it('refuses a watch that names both a stage and a service, or neither', () => {
    store = openTestStore();
    const { projectId, stageId } = createTestProject(store.workloads);
    const insert = store.db.prepare('INSERT INTO registry_watches (id, workload_id, stage_id, service, mode, updated_at) VALUES (?, ?, ?, ?, ?, 0)');
    expect(() => insert.run('x', projectId, stageId, 'web', 'deploy')).toThrow(/CHECK/);
    expect(() => insert.run('y', projectId, null, null, 'deploy')).toThrow(/CHECK/);
    expect(() => insert.run('z', projectId, stageId, null, 'sometimes')).toThrow(/CHECK/);
  });

  it('keeps an image check through a restart of the store', () => {
    store = openTestStore();
    const repo = new RegistryWatchRepo(store.db);
    const check = {
      key: 'docker.io/library/nginx:1',
      registry: 'docker.io',
      checkedAt: 5,
      digest: null,
      error: { code: 'REGISTRY_RATE_LIMITED' as const, message: '429' },
      failures: 2,
      retryAt: 99,
    };
    repo.putCheck(check);
    expect(new RegistryWatchRepo(store.db).checks()).toEqual([check]);
    repo.putCheck({ ...check, digest: 'sha256:y', error: null, failures: 0, retryAt: null });
    expect(repo.check(check.key)).toEqual({ ...check, digest: 'sha256:y', error: null, failures: 0, retryAt: null });
  });
});
