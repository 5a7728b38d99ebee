import { describe, expect, it } from 'vitest';
import { afterInitialAnswers } from './firstFrame';

function deferred() {
  let resolve!: (v: unknown) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('afterInitialAnswers', () => {
  it('runs at once when there is nothing to wait for', () => {
    const runs: string[] = [];
    afterInitialAnswers(
      [],
      () => runs.push('render'),
      250,
      () => undefined,
    );
    expect(runs).toEqual(['render']);
  });

  it('waits for every answer, then runs exactly once (the bound firing later changes nothing)', async () => {
    const a = deferred();
    const b = deferred();
    const timers: Array<() => void> = [];
    const runs: string[] = [];
    afterInitialAnswers(
      [a.promise, b.promise],
      () => runs.push('render'),
      250,
      (fn) => timers.push(fn),
    );
    a.resolve([]);
    await tick();
    expect(runs).toEqual([]);
    b.resolve({});
    await tick();
    expect(runs).toEqual(['render']);
    timers.forEach((fire) => fire());
    expect(runs).toEqual(['render']);
  });

  it('does not wait longer for an answer that failed', async () => {
    const a = deferred();
    const runs: string[] = [];
    afterInitialAnswers(
      [a.promise],
      () => runs.push('render'),
      250,
      () => undefined,
    );
    a.reject(new Error('engine refused'));
    await tick();
    expect(runs).toEqual(['render']);
  });

  it('runs after the bound when the engine does not answer, and not again when it answers later', async () => {
    const a = deferred();
    const timers: Array<{ fn: () => void; ms: number }> = [];
    const runs: string[] = [];
    afterInitialAnswers(
      [a.promise],
      () => runs.push('render'),
      250,
      (fn, ms) => timers.push({ fn, ms }),
    );
    expect(timers.map((t) => t.ms)).toEqual([250]);
    timers[0]!.fn();
    a.resolve([]);
    await tick();
    expect(runs).toEqual(['render']);
  });
});
