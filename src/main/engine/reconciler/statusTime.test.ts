import { describe, expect, it } from 'vitest';
import { parseHumanDuration, timesFromStatus } from './statusTime';

describe('parseHumanDuration (go-units HumanDuration)', () => {
  it.each([
    ['Less than a second', 0],
    ['1 second', 1_000],
    ['45 seconds', 45_000],
    ['About a minute', 60_000],
    ['12 minutes', 720_000],
    ['About an hour', 3_600_000],
    ['5 hours', 18_000_000],
    ['3 days', 259_200_000],
    ['2 weeks', 1_209_600_000],
    ['4 months', 4 * 30 * 86_400_000],
    ['2 years', 2 * 365 * 86_400_000],
  ])('%s -> %d ms', (text, ms) => {
    expect(parseHumanDuration(text)).toBe(ms);
  });

  it('returns null for text it does not know', () => {
    expect(parseHumanDuration('a while')).toBeNull();
  });
});

describe('timesFromStatus', () => {
  it('reads the start of a running container, health suffix included', () => {
    expect(timesFromStatus('Up 5 minutes (healthy)')).toEqual({ startedAgoMs: 300_000, finishedAgoMs: null });
  });
  it('reads the finish of an exited container', () => {
    expect(timesFromStatus('Exited (137) 2 seconds ago')).toEqual({ startedAgoMs: null, finishedAgoMs: 2_000 });
  });
  it('knows nothing about created containers', () => {
    expect(timesFromStatus('Created')).toEqual({ startedAgoMs: null, finishedAgoMs: null });
  });
});
