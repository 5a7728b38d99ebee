import { describe, expect, it } from 'vitest';
import { DEPLOY_STEPS, instancesToRemove, recoveryFor, rollbackTarget } from './steps';

describe('recoveryFor: a crash at each step', () => {
  it.each([
    ['image', 'undo'],
    ['proxy', 'undo'],
    ['placeholder', 'undo'],
    ['create', 'undo'],
    ['start', 'undo'],
    ['health', 'undo'],
    ['route', 'finish'],
    ['drain', 'finish'],
    ['cleanup', 'finish'],
  ] as const)('%s -> %s', (step, action) => {
    expect(recoveryFor(step).action).toBe(action);
  });

  it('covers every step', () => {
    expect(DEPLOY_STEPS.map((s) => recoveryFor(s).action)).toHaveLength(9);
  });
});

describe('rollbackTarget', () => {
  const h = (digest: string, at: number) => ({ image: `acme/api@${digest}`, imageDigest: digest, deployId: `d${at}`, deployedAt: at });

  it('returns the newest earlier image with another digest', () => {
    expect(rollbackTarget([h('sha256:a', 1), h('sha256:b', 2), h('sha256:c', 3)])?.imageDigest).toBe('sha256:b');
  });

  it('skips redeploys of the current digest', () => {
    expect(rollbackTarget([h('sha256:a', 1), h('sha256:b', 2), h('sha256:b', 3)])?.imageDigest).toBe('sha256:a');
  });

  it('has nothing to return to with one image, or none', () => {
    expect(rollbackTarget([h('sha256:a', 1)])).toBeNull();
    expect(rollbackTarget([])).toBeNull();
  });
});

describe('instancesToRemove', () => {
  const i = (id: string, state: string, createdAt: number) => ({ id, state, createdAt });

  it('removes the oldest stopped instances beyond the limit', () => {
    expect(instancesToRemove([i('a', 'exited', 1), i('b', 'exited', 2), i('c', 'running', 3)], 2)).toEqual(['a']);
  });

  it('never removes a running instance, even over the limit', () => {
    expect(instancesToRemove([i('a', 'running', 1), i('b', 'running', 2)], 1)).toEqual([]);
  });

  it('does not count missing rows or placeholders', () => {
    expect(instancesToRemove([i('a', 'missing', 1), i('b', 'pending', 2), i('c', 'running', 3), i('d', 'exited', 4)], 2)).toEqual([]);
  });
});
