import { describe, expect, it } from 'vitest';
import { sinceOf, timeKey } from './logTime';

describe('log times', () => {
  it('sorts Docker timestamps whose fractions were trimmed to different lengths', () => {
    const a = timeKey('2026-11-26T07:11:56.1Z') as string;
    const b = timeKey('2026-11-26T07:11:56.09Z') as string;
    const c = timeKey('2026-11-26T07:11:56Z') as string;

    expect([a, b, c].sort()).toEqual([c, b, a]);
  });

  it("turns a timestamp into Docker's since, to the nanosecond", () => {
    expect(sinceOf('1970-01-01T00:00:10.5Z')).toBe('10.500000000');
    expect(sinceOf('2026-11-26T07:11:56.123456789Z')).toBe(`${Date.UTC(2026, 10, 26, 7, 11, 56) / 1000}.123456789`);
  });

  it('refuses what is not a UTC Docker timestamp', () => {
    expect(timeKey('yesterday')).toBeNull();
    expect(sinceOf('2026-11-26T07:11:56+02:00')).toBeNull();
  });
});
