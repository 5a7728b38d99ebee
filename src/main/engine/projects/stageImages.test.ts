import { describe, expect, it } from 'vitest';
import { digestNames, stageImageViews } from './stageImages';

const entry = (image: string, imageDigest: string, deployedAt: number) => ({ image, imageDigest, deployId: `d${deployedAt}`, deployedAt });

describe('stageImageViews', () => {
  it('lists each digest once, newest first, naming it by its tag and marking current and rollback target', () => {
    const views = stageImageViews(
      [entry('app:v1', 'sha256:a', 1), entry('app:v2', 'sha256:b', 2), entry('sha256:a', 'sha256:a', 3), entry('app:v3', 'sha256:c', 4)],
      (digest) => (digest === 'sha256:b' ? 'gone' : 'present'),
    );
    expect(views).toEqual([
      { imageDigest: 'sha256:c', image: 'app:v3', deployedAt: 4, current: true, rollbackTarget: false, presence: 'present' },
      { imageDigest: 'sha256:a', image: 'app:v1', deployedAt: 3, current: false, rollbackTarget: true, presence: 'present' },
      { imageDigest: 'sha256:b', image: 'app:v2', deployedAt: 2, current: false, rollbackTarget: false, presence: 'gone' },
    ]);
  });

  it('is empty for a stage never deployed, and offers no target after a single image', () => {
    expect(stageImageViews([], () => 'present')).toEqual([]);
    expect(stageImageViews([entry('app:v1', 'sha256:a', 1)], () => 'unknown')).toEqual([
      expect.objectContaining({ current: true, rollbackTarget: false, presence: 'unknown' }),
    ]);
  });
});

describe('digestNames', () => {
  it('names a promoted digest by the tag its source stage deployed it under', () => {
    const staging = [entry('app:v1', 'sha256:a', 1), entry('sha256:a', 'sha256:a', 3)];
    const production = [entry('sha256:a', 'sha256:a', 4)];
    const names = digestNames([staging, production]);
    expect(stageImageViews(production, () => 'present', names)).toEqual([expect.objectContaining({ image: 'app:v1', current: true })]);
  });
});
