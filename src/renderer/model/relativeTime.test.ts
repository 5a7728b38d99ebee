import { describe, expect, it } from 'vitest';
import { formatElapsed, formatRelativeTime, relativeParts } from './relativeTime';

const now = Date.UTC(2025, 0, 15, 12, 0, 0);
const ago = (ms: number) => now - ms;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('relativeParts', () => {
  it('calls the last few seconds "now"', () => {
    expect(relativeParts(ago(3_000), now)).toEqual({ value: 0, unit: 'second' });
  });

  it('treats a slightly future time as now (clock skew)', () => {
    expect(relativeParts(now + 20_000, now)).toEqual({ value: 0, unit: 'second' });
  });

  it('picks the largest natural unit', () => {
    expect(relativeParts(ago(30_000), now)).toEqual({ value: -30, unit: 'second' });
    expect(relativeParts(ago(5 * MIN), now)).toEqual({ value: -5, unit: 'minute' });
    expect(relativeParts(ago(3 * HOUR), now)).toEqual({ value: -3, unit: 'hour' });
    expect(relativeParts(ago(2 * DAY), now)).toEqual({ value: -2, unit: 'day' });
    expect(relativeParts(ago(15 * DAY), now)).toEqual({ value: -2, unit: 'week' });
    expect(relativeParts(ago(90 * DAY), now)).toEqual({ value: -3, unit: 'month' });
    expect(relativeParts(ago(800 * DAY), now)).toEqual({ value: -2, unit: 'year' });
  });

  it('rounds at unit boundaries instead of showing "0 minutes ago"', () => {
    expect(relativeParts(ago(46_000), now)).toEqual({ value: -1, unit: 'minute' });
  });
});

describe('formatRelativeTime', () => {
  it('speaks English', () => {
    expect(formatRelativeTime(ago(5 * MIN), now, 'en')).toBe('5 minutes ago');
    expect(formatRelativeTime(ago(DAY), now, 'en')).toBe('yesterday');
    expect(formatRelativeTime(now, now, 'en')).toBe('now');
  });

  it('speaks Russian with its plural forms', () => {
    expect(formatRelativeTime(ago(5 * MIN), now, 'ru')).toBe('5 минут назад');
    expect(formatRelativeTime(ago(2 * MIN), now, 'ru')).toBe('2 минуты назад');
    expect(formatRelativeTime(ago(21 * MIN), now, 'ru')).toBe('21 минуту назад');
    expect(formatRelativeTime(ago(DAY), now, 'ru')).toBe('вчера');
  });
});

describe('formatElapsed', () => {
  it('says how long, in the UI language, and nothing for the last few seconds', () => {
    expect(formatElapsed(ago(5 * MIN), now, 'en')).toBe('5 minutes');
    expect(formatElapsed(ago(2 * HOUR), now, 'ru')).toBe('2 часа');
    expect(formatElapsed(ago(3_000), now, 'en')).toBeNull();
  });

  it('treats a start in the future (clock skew) as now', () => {
    expect(formatElapsed(now + 5 * MIN, now, 'en')).toBeNull();
  });
});
