import { describe, expect, it } from 'vitest';
import { byteUnitOf, formatBytes, formatBytesIn } from './byteFormat';

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

describe('formatBytesIn', () => {
  it('writes a size in the unit asked for, with the decimals asked for', () => {
    expect(byteUnitOf(999)).toBe(0);
    expect(byteUnitOf(1_500)).toBe(1);
    expect(formatBytesIn(500, 'en', 1, 1)).toBe('0.5 kB');
    expect(formatBytesIn(1_050, 'en', 1, 2)).toBe('1.05 kB');
    expect(formatBytesIn(0.25, 'en', 0, 2)).toBe('0.25 bytes');
  });
});
