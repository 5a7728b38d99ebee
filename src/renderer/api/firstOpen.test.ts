import { describe, expect, it } from 'vitest';
import type { ConnectionStatus } from './connectionStatus';
import { afterFirstOpen } from './firstOpen';

function fakeConnection(initial: ConnectionStatus) {
  let status = initial;
  const listeners = new Set<(s: ConnectionStatus) => void>();
  return {
    status: () => status,
    onStatus(listener: (s: ConnectionStatus) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next: ConnectionStatus) {
      status = next;
      for (const l of [...listeners]) l(next);
    },
    listeners,
  };
}

describe('afterFirstOpen', () => {
  it('runs at once when the carrier is already open (Electron IPC)', () => {
    const runs: string[] = [];
    afterFirstOpen(fakeConnection({ state: 'open' }), () => runs.push('render'), 50, () => undefined);
    expect(runs).toEqual(['render']);
  });

  it('waits for the socket to open, then runs exactly once and stops listening', () => {
    const connection = fakeConnection({ state: 'connecting' });
    const timers: Array<() => void> = [];
    const runs: string[] = [];
    afterFirstOpen(connection, () => runs.push('render'), 50, (fn) => timers.push(fn));
    expect(runs).toEqual([]);
    connection.set({ state: 'open' });
    timers.forEach((fire) => fire());
    expect(runs).toEqual(['render']);
    expect(connection.listeners.size).toBe(0);
  });

  it('runs after the bound when the engine does not answer, and not again when it opens later', () => {
    const connection = fakeConnection({ state: 'connecting' });
    const timers: Array<{ fn: () => void; ms: number }> = [];
    const runs: string[] = [];
    afterFirstOpen(connection, () => runs.push('render'), 50, (fn, ms) => timers.push({ fn, ms }));
    expect(timers.map((t) => t.ms)).toEqual([50]);
    timers[0]!.fn();
    connection.set({ state: 'open' });
    expect(runs).toEqual(['render']);
  });

  it('runs when the page turns out to be unauthorized: the frame must show that', () => {
    const connection = fakeConnection({ state: 'connecting' });
    const runs: string[] = [];
    afterFirstOpen(connection, () => runs.push('render'), 50, () => undefined);
    connection.set({ state: 'unauthorized' });
    expect(runs).toEqual(['render']);
  });
});
