import { describe, expect, it } from 'vitest';
import { TargetQueue } from './targetQueue';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('TargetQueue', () => {
  it('runs work for one target one at a time, in order, and work for another target beside it', async () => {
    const q = new TargetQueue();
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const job = (name: string) => async () => {
      running += 1;
      most = Math.max(most, running);
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      running -= 1;
    };
    const a = q.run('stage-1', job('a'));
    const b = q.run('stage-1', job('b'));
    const other = q.run('stage-2', job('other'));
    await Promise.all([a, b, other]);
    expect(log.filter((l) => !l.endsWith('other'))).toEqual(['start a', 'end a', 'start b', 'end b']);
    // The other target ran beside a, so two ran at once overall, never two of stage-1.
    expect(log.indexOf('start other')).toBeLessThan(log.indexOf('end a'));
    expect(most).toBe(2);
  });

  it('runs the next work after a failed one, and forgets idle targets', async () => {
    const q = new TargetQueue();
    const failed = q.run('t', () => Promise.reject(new Error('boom')));
    const next = q.run('t', async () => 'ran');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ran');
    await tick();
    expect(q.busy()).toBe(0);
  });
});
