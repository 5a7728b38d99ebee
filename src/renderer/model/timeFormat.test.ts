import { describe, expect, it } from 'vitest';
import { formatDuration } from './timeFormat';

describe('formatDuration', () => {
  it('uses milliseconds under a second', () => {
    expect(formatDuration(850, 'en')).toBe('850 ms');
  });

  it('uses seconds with one decimal above', () => {
    expect(formatDuration(1_234, 'en')).toBe('1.2 sec');
    expect(formatDuration(1_234, 'ru')).toBe('1,2 с');
  });
});
