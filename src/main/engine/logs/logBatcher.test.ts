import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../../shared/logs';
import { LogBatcher } from './logBatcher';

const line = (text: string): LogLine => ({ stream: 'stdout', text, time: null });
const many = (n: number, text = 'x') => Array.from({ length: n }, (_, i) => line(`${text}${i}`));

/** A batcher on a hand-cranked clock: `tick()` fires the pending timer. */
function setup(options: { maxLines?: number; maxChars?: number } = {}) {
  const sent: LogLine[][] = [];
  const pauses: boolean[] = [];
  let pending: (() => void) | null = null;
  const batcher = new LogBatcher({
    ...options,
    send: (lines) => sent.push(lines),
    backpressure: (paused) => pauses.push(paused),
    setTimer: (run) => {
      pending = run;
      return 1;
    },
    clearTimer: () => {
      pending = null;
    },
  });
  const tick = () => {
    const run = pending;
    pending = null;
    run?.();
  };
  return { batcher, sent, pauses, tick, hasTimer: () => pending !== null };
}

describe('LogBatcher', () => {
  it('sends lines that arrive within one interval as one event', () => {
    const { batcher, sent, tick } = setup();
    batcher.push(many(3));
    batcher.push(many(2, 'y'));
    expect(sent).toEqual([]);

    tick();

    expect(sent.map((b) => b.length)).toEqual([5]);
  });

  it('never sends more than the bound per event, and pauses the source while a full batch waits', () => {
    const { batcher, sent, pauses, tick } = setup({ maxLines: 100 });

    batcher.push(many(250));
    expect(pauses).toEqual([true]);
    tick();
    tick();
    tick();

    expect(sent.map((b) => b.length)).toEqual([100, 100, 50]);
    expect(pauses).toEqual([true, false]);
    expect(batcher.size).toBe(0);
  });

  it('bounds a batch by its text size as well as its line count', () => {
    const { batcher, sent, tick } = setup({ maxChars: 10 });
    batcher.push([line('aaaaaa'), line('bbbbbb'), line('cc')]);

    tick();
    tick();

    expect(sent.map((b) => b.map((l) => l.text))).toEqual([['aaaaaa'], ['bbbbbb', 'cc']]);
  });

  it('flushes everything at the end, in bounded batches, and stops the timer', () => {
    const { batcher, sent, hasTimer } = setup({ maxLines: 2 });
    batcher.push(many(5));

    batcher.flushAll();

    expect(sent.map((b) => b.length)).toEqual([2, 2, 1]);
    expect(hasTimer()).toBe(false);
  });

  it('sends nothing after dispose', () => {
    const { batcher, sent, tick } = setup();
    batcher.push(many(3));

    batcher.dispose();
    batcher.push(many(3));
    tick();

    expect(sent).toEqual([]);
  });

  it('sends nothing while held (the connection is behind) and picks up where it was on release', () => {
    const { batcher, sent, tick, hasTimer } = setup();
    batcher.push(many(2));
    batcher.hold(true);
    batcher.push(many(1, 'y'));
    tick();

    expect(sent).toEqual([]);
    expect(hasTimer()).toBe(false);
    batcher.hold(false);
    tick();
    expect(sent).toEqual([[...many(2), ...many(1, 'y')]]);
  });
});
