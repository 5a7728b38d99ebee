import { describe, expect, it } from 'vitest';
import { formatBytes } from './byteFormat';

describe('formatBytes', () => {
  it('counts whole bytes under a kilobyte', () => {
    expect(formatBytes(512, 'en')).toBe('512 bytes');
    expect(formatBytes(0, 'en')).toBe('0 bytes');
  });

  it('steps up by thousands with one decimal, in the UI language', () => {
    expect(formatBytes(1_500, 'en')).toBe('1.5 kB');
    expect(formatBytes(52_400_000, 'en')).toBe('52.4 MB');
    expect(formatBytes(52_400_000, 'ru')).toBe('52,4 МБ');
    expect(formatBytes(2_000_000_000, 'en')).toBe('2 GB');
  });
});
