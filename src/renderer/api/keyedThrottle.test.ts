import { describe, expect, it } from 'vitest';
import { keyedThrottle } from './keyedThrottle';

function manualTimers() {
  const timers: { run: () => void; cleared: boolean }[] = [];
  return {
    timers,
    set: (run: () => void) => {
      const timer = { run, cleared: false };
      timers.push(timer);
      return timer;
    },
    clear: (handle: unknown) => {
      (handle as { cleared: boolean }).cleared = true;
    },
    fire() {
      const due = timers.splice(0).filter((t) => !t.cleared);
      for (const timer of due) timer.run();
    },
  };
}

describe('keyedThrottle', () => {
  it('acts on the first event at once and folds a burst into one trailing run', () => {
    const clock = manualTimers();
    const runs: string[] = [];
    const throttle = keyedThrottle((key) => runs.push(key), 200, clock.set, clock.clear);

    throttle.run('containers');
    throttle.run('containers');
    throttle.run('containers');
    expect(runs).toEqual(['containers']);

    clock.fire();
    expect(runs).toEqual(['containers', 'containers']);
    clock.fire(); // the trailing run's own window closes quietly
    expect(runs).toEqual(['containers', 'containers']);
  });

  it('keeps keys independent', () => {
    const clock = manualTimers();
    const runs: string[] = [];
    const throttle = keyedThrottle((key) => runs.push(key), 200, clock.set, clock.clear);
    throttle.run('a');
    throttle.run('b');
    expect(runs).toEqual(['a', 'b']);
  });

  it('runs nothing after cancel', () => {
    const clock = manualTimers();
    const runs: string[] = [];
    const throttle = keyedThrottle((key) => runs.push(key), 200, clock.set, clock.clear);
    throttle.run('a');
    throttle.run('a');
    throttle.cancel();
    clock.fire();
    expect(runs).toEqual(['a']);
  });
});
