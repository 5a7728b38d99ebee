import { describe, expect, it } from 'vitest';
import type { ConnectionStatus } from './connectionStatus';
import { afterCallsSent } from './firstFrame';

/** A carrier whose status the test moves, and a timer queue the test fires. */
function setup(initial: ConnectionStatus['state']) {
  let status = { state: initial } as ConnectionStatus;
  const listeners = new Set<(s: ConnectionStatus) => void>();
  const connection = {
    status: () => status,
    onStatus(listener: (s: ConnectionStatus) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const timers: Array<{ fn: () => void; ms: number }> = [];
  const runs: string[] = [];
  afterCallsSent(
    connection,
    () => runs.push('render'),
    100,
    (fn, ms) => timers.push({ fn, ms }),
  );
  const move = (next: ConnectionStatus) => {
    status = next;
    for (const listener of [...listeners]) listener(next);
  };
  const fire = (ms: number) => timers.filter((t) => t.ms === ms).forEach((t) => t.fn());
  return { runs, timers, move, fire, listeners };
}

describe('afterCallsSent', () => {
  it('renders in a task after the socket opens (the open handler sends the waiting calls first), not before', () => {
    const { runs, timers, move, fire } = setup('connecting');
    expect(timers.map((t) => t.ms)).toEqual([100]);
    move({ state: 'open' });
    expect(runs).toEqual([]);
    fire(0);
    expect(runs).toEqual(['render']);
  });

  it('renders in the next task when the carrier is open already (Electron IPC)', () => {
    const { runs, timers, fire } = setup('open');
    expect(timers.map((t) => t.ms)).toEqual([0]);
    fire(0);
    expect(runs).toEqual(['render']);
  });

  it('renders after the bound when the socket does not open, once, and stops listening', () => {
    const { runs, move, fire, listeners } = setup('connecting');
    fire(100);
    expect(runs).toEqual(['render']);
    expect(listeners.size).toBe(0);
    move({ state: 'open' });
    fire(0);
    expect(runs).toEqual(['render']);
  });

  it('renders when the shell refuses the token or the socket is lost, so the banner can say so', () => {
    for (const next of [{ state: 'unauthorized' }, { state: 'lost', attempt: 1, retryInMs: 500 }] as ConnectionStatus[]) {
      const { runs, move, fire } = setup('connecting');
      move(next);
      fire(0);
      fire(100);
      expect(runs).toEqual(['render']);
    }
  });
});
