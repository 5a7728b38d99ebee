import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore, stage, stageDeploy } from '../testing/fixtures';
import type { TestStore } from '../testing/fixtures';
import { DeployRepo } from './deployRepo';

let store: TestStore;
afterEach(() => store?.cleanup());

function setup() {
  store = openTestStore();
  const project = store.workloads.createProject({ hostId: 'local', name: 'api', imageRepository: 'acme/api', stages: [stage('production')] });
  const stageId = project.kind === 'project' ? project.stages[0]!.id : '';
  return {
    repo: new DeployRepo(store.db),
    base: stageDeploy(project.id, stageId, 'acme/api:1'),
  };
}

describe('DeployRepo', () => {
  it('refuses a second deploy of the same stage while one runs, with DEPLOY_IN_PROGRESS', () => {
    const { repo, base } = setup();
    repo.start(base);
    expect(() => repo.start(base)).toThrowError(expect.objectContaining({ code: 'DEPLOY_IN_PROGRESS' }));
    expect(repo.running()).toHaveLength(1);
  });

  it('advances step by step, keeping what happened, and frees the stage when finished', () => {
    const { repo, base } = setup();
    const d = repo.start(base);
    repo.advance(d.id, 'image', 'placeholder', { imageDigest: 'sha256:abc' });
    const after = repo.advance(d.id, 'placeholder', 'create', { newContainerId: 'row-1' });
    expect(after).toMatchObject({ step: 'create', imageDigest: 'sha256:abc', newContainerId: 'row-1', status: 'running' });
    expect(after.steps.map((s) => s.step)).toEqual(['image', 'placeholder']);
    repo.finish(d.id, 'succeeded', null);
    expect(repo.running()).toEqual([]);
    expect(repo.start(base).status).toBe('running');
  });

  it('enters only successful images in the rollback history', () => {
    const { repo, base } = setup();
    const ok = repo.start(base);
    repo.advance(ok.id, 'image', 'placeholder', { imageDigest: 'sha256:good' });
    repo.finish(ok.id, 'succeeded', null);
    const bad = repo.start({ ...base, image: 'acme/api:2' });
    repo.advance(bad.id, 'image', 'placeholder', { imageDigest: 'sha256:bad' });
    repo.finish(bad.id, 'failed', 'health check failed', { step: 'health', status: 'failed', at: Date.now(), message: 'timeout' });
    expect(repo.images(base.stageId).map((i) => i.imageDigest)).toEqual(['sha256:good']);
    expect(repo.history(base.stageId).map((h) => [h.status, h.error])).toEqual([
      ['failed', 'health check failed'],
      ['succeeded', null],
    ]);
  });

  it('does not change a finished deploy', () => {
    const { repo, base } = setup();
    const d = repo.start(base);
    repo.finish(d.id, 'failed', 'x');
    repo.advance(d.id, 'image', 'placeholder');
    expect(repo.get(d.id)).toMatchObject({ status: 'failed', step: 'image' });
  });
});

describe('DeployRepo.recent', () => {
  it('lists the newest deploys across stages first, named by project and stage, and honours the limit', () => {
    const { repo, base } = setup();
    const other = store.workloads.createProject({ hostId: 'local', name: 'web', imageRepository: 'acme/web', stages: [stage('staging')] });
    const otherStage = other.kind === 'project' ? other.stages[0]!.id : '';
    const first = repo.start(base);
    repo.finish(first.id, 'failed', 'health check failed');
    const second = repo.start({ ...base, workloadId: other.id, stageId: otherStage, image: 'acme/web:2' });
    // Same millisecond is possible: order by time, so give the second a later start.
    store.db.prepare('UPDATE deploys SET started_at = started_at + 1000 WHERE id = ?').run(second.id);

    const recent = repo.recent(10);
    expect(recent.map((d) => [d.workloadName, d.stageName, d.status])).toEqual([
      ['web', 'staging', 'running'],
      ['api', 'production', 'failed'],
    ]);
    expect(recent[1]!.error).toBe('health check failed');
    expect(repo.recent(1).map((d) => d.id)).toEqual([second.id]);
  });
});
