import { describe, expect, it, vi } from 'vitest';
import type { ExecEndedEvent } from '../../shared/exec';
import { openExecSession } from './execSession';
import type { ExecStatus } from './execSession';

/** A client whose exec.open answers when the test says, and whose events the test pushes. */
function fakeClient() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let answerOpen!: (value: { sessionId: string; shell: 'sh' }) => void;
  const calls: Array<[string, unknown]> = [];
  const client = {
    on: (event: string, listener: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
    'exec.open': vi.fn(() => new Promise<{ sessionId: string; shell: 'sh' }>((resolve) => (answerOpen = resolve))),
    'exec.input': vi.fn(async (input: unknown) => (calls.push(['input', input]), { sent: true as const })),
    'exec.resize': vi.fn(async (input: unknown) => (calls.push(['resize', input]), { resized: true as const })),
    'exec.close': vi.fn(async (input: unknown) => (calls.push(['close', input]), { closed: true })),
  };
  const push = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
  return { client, push, calls, open: (sessionId: string) => answerOpen({ sessionId, shell: 'sh' }), listeners };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('openExecSession', () => {
  it('plays output that came before the id, keeps other sessions out, and sends early keys and the last size once open', async () => {
    const fake = fakeClient();
    const output: string[] = [];
    const statuses: ExecStatus[] = [];
    const control = openExecSession(fake.client as never, 'row-1', { cols: 80, rows: 24 }, { output: (d) => output.push(d), status: (s) => statuses.push(s) });
    fake.push('exec.output', { sessionId: 's-1', data: '/ # ' });
    fake.push('exec.output', { sessionId: 's-other', data: 'not mine' });
    control.input('ls');
    control.resize(100, 30);
    fake.open('s-1');
    await tick();
    fake.push('exec.output', { sessionId: 's-other', data: 'still not mine' });
    fake.push('exec.output', { sessionId: 's-1', data: 'bin' });
    await tick();

    expect(output).toEqual(['/ # ', 'bin']);
    expect(statuses.map((s) => s.state)).toEqual(['opening', 'open']);
    expect(fake.calls).toEqual([
      ['resize', { sessionId: 's-1', cols: 100, rows: 30 }],
      ['input', { sessionId: 's-1', data: 'ls' }],
    ]);
  });

  it('reports an ending that came before the id, and stops listening on close', async () => {
    const fake = fakeClient();
    const statuses: ExecStatus[] = [];
    const control = openExecSession(fake.client as never, 'row-1', { cols: 80, rows: 24 }, { output: () => undefined, status: (s) => statuses.push(s) });
    const ended: ExecEndedEvent = { sessionId: 's-2', reason: 'container-stopped', exitCode: null, message: null };
    fake.push('exec.ended', ended);
    fake.open('s-2');
    await tick();
    expect(statuses.at(-1)).toEqual({ state: 'ended', end: ended });

    control.close();
    expect([...fake.listeners.values()].every((set) => set.size === 0)).toBe(true);
    // It had ended already: nothing to close on the engine.
    expect(fake.calls.filter(([name]) => name === 'close')).toEqual([]);
  });
});
