import { describe, expect, it } from 'vitest';
import { hasEnded, isCopying, progressFraction } from './siteProgress';

const at = (over: Partial<Parameters<typeof progressFraction>[0]>) => ({
  files: 0,
  bytes: 0,
  totalFiles: 0,
  totalBytes: 0,
  phase: 'copying' as const,
  ...over,
});

describe('progressFraction', () => {
  it('follows bytes when the total is known', () => {
    expect(progressFraction(at({ files: 9, totalFiles: 10, bytes: 250, totalBytes: 1_000 }))).toBe(0.25);
  });

  it('falls back to files for an upload of empty files', () => {
    expect(progressFraction(at({ files: 3, totalFiles: 4 }))).toBe(0.75);
    expect(progressFraction(at({}))).toBe(0);
  });

  it('is whole once the copy is over, and never leaves 0..1', () => {
    expect(progressFraction(at({ phase: 'deploying', bytes: 1, totalBytes: 4 }))).toBe(1);
    expect(progressFraction(at({ phase: 'done' }))).toBe(1);
    expect(progressFraction(at({ bytes: 5, totalBytes: 4 }))).toBe(1);
  });
});

describe('phases', () => {
  it('cancels only while copying; ends at done, failed, cancelled or unchanged', () => {
    expect(isCopying({ phase: 'copying' })).toBe(true);
    expect(isCopying({ phase: 'deploying' })).toBe(false);
    expect(isCopying(null)).toBe(false);
    expect(['copying', 'deploying', 'done', 'failed', 'cancelled', 'unchanged'].filter((phase) => hasEnded({ phase: phase as 'done' }))).toEqual([
      'done',
      'failed',
      'cancelled',
      'unchanged',
    ]);
  });
});
