import { describe, expect, it } from 'vitest';
import { DEFAULT_REF_MAPPING, mappingProblem, projectTarget } from './refMapping';

const STAGES = ['staging', 'production'];
const MAP = {
  branches: [
    { branch: 'main', stage: 'production' },
    { branch: 'develop', stage: 'staging' },
  ],
  tagStage: 'staging',
};

describe('projectTarget', () => {
  it('maps a push to main to production with the stage’s own tag', () => {
    expect(projectTarget({ ref: 'refs/heads/main' }, DEFAULT_REF_MAPPING, STAGES, 'push')).toMatchObject({
      kind: 'deploy',
      stage: 'production',
      imageTag: undefined,
    });
  });

  it('maps a pushed tag to the mapped stage with the tag’s name as the image tag', () => {
    expect(projectTarget({ ref: 'refs/tags/v1.4.2' }, MAP, STAGES, 'push')).toMatchObject({ kind: 'deploy', stage: 'staging', imageTag: 'v1.4.2' });
  });

  it('follows a per-project mapping', () => {
    expect(projectTarget({ ref: 'refs/heads/develop' }, MAP, STAGES, 'push')).toMatchObject({ kind: 'deploy', stage: 'staging' });
  });

  it('ignores branches not mapped, deleted branches and tags, tags when unmapped, other refs and pings', () => {
    expect(projectTarget({ ref: 'refs/heads/feature/x' }, MAP, STAGES, 'push').kind).toBe('ignored');
    expect(projectTarget({ ref: 'refs/heads/main', deleted: true }, MAP, STAGES, 'push').kind).toBe('ignored');
    expect(projectTarget({ ref: 'refs/tags/v1', deleted: true }, MAP, STAGES, 'push').kind).toBe('ignored');
    expect(projectTarget({ ref: 'refs/tags/v1' }, { ...MAP, tagStage: null }, STAGES, 'push').kind).toBe('ignored');
    expect(projectTarget({ ref: 'refs/pull/1/head' }, MAP, STAGES, 'push').kind).toBe('ignored');
    expect(projectTarget({ zen: 'hi' }, MAP, STAGES, 'ping').kind).toBe('ignored');
  });

  it('takes a stage and tag named in the body (a CI script)', () => {
    expect(projectTarget({ stage: 'staging', tag: '2.0.0' }, MAP, STAGES, 'push')).toMatchObject({ kind: 'deploy', stage: 'staging', imageTag: '2.0.0' });
    expect(projectTarget({ stage: 'staging' }, MAP, STAGES, 'push')).toMatchObject({ kind: 'deploy', stage: 'staging', imageTag: undefined });
  });

  it.each([
    [[1, 2]],
    [null],
    ['"a string"'],
    [{}],
    [{ stage: 'nope' }],
    [{ stage: 'Staging!' }],
    [{ stage: 5 }],
    [{ stage: 'staging', tag: 'bad tag' }],
    [{ stage: 'staging', tag: '-leading-dash' }],
    [{ stage: 'staging', tag: 7 }],
    [{ tag: '1.0' }],
    [{ ref: 42 }],
    [{ ref: 'refs/tags/has space' }],
  ])('refuses a body that names no valid target: %j', (body) => {
    expect(projectTarget(body, MAP, STAGES, 'push').kind).toBe('invalid');
  });

  it('refuses a mapping that points at a stage the project no longer has', () => {
    expect(projectTarget({ ref: 'refs/heads/main' }, MAP, ['staging'], 'push').kind).toBe('invalid');
  });
});

describe('mappingProblem', () => {
  it('accepts a mapping of existing stages', () => {
    expect(mappingProblem(MAP, STAGES)).toBeNull();
  });

  it('names a branch mapped twice and a stage that does not exist', () => {
    expect(
      mappingProblem(
        {
          branches: [
            { branch: 'main', stage: 'staging' },
            { branch: 'main', stage: 'production' },
          ],
          tagStage: null,
        },
        STAGES,
      ),
    ).toMatch(/twice/);
    expect(mappingProblem({ branches: [{ branch: 'main', stage: 'qa' }], tagStage: null }, STAGES)).toMatch(/no stage qa/);
    expect(mappingProblem({ branches: [], tagStage: 'qa' }, STAGES)).toMatch(/no stage qa/);
  });
});
