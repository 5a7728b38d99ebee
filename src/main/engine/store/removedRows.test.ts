import { describe, expect, it } from 'vitest';
import { RemovedRows } from './removedRows';

describe('RemovedRows', () => {
  it('names the rows removed at or after a moment, per host', () => {
    let now = 1_000;
    const log = new RemovedRows(() => now);
    log.note('local', 'aaa');
    now = 2_000;
    log.note('local', 'bbb');
    log.note('edge', 'ccc');
    expect([...log.since('local', 1_500)]).toEqual(['bbb']);
    expect([...log.since('local', 1_000)].sort()).toEqual(['aaa', 'bbb']);
    expect([...log.since('edge', 0)]).toEqual(['ccc']);
    expect(log.since('other', 0).size).toBe(0);
  });

  it('forgets removals after a minute, and ignores a placeholder without a Docker id', () => {
    let now = 0;
    const log = new RemovedRows(() => now);
    log.note('local', 'aaa');
    log.note('local', '');
    now = 61_000;
    expect(log.since('local', 0).size).toBe(0);
  });
});
