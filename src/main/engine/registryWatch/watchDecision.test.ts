import { describe, expect, it } from 'vitest';
import { decide, updateState } from './watchDecision';
import type { DecisionInput } from './watchDecision';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

const base: DecisionInput = { mode: 'deploy', available: B, previous: A, running: [A], deployedDigest: null, notifiedDigest: null };

describe('updateState', () => {
  it('is current when a running digest is the available one, update when none is', () => {
    expect(updateState(A, [A])).toBe('current');
    expect(updateState(A, [B, A])).toBe('current');
    expect(updateState(B, [A])).toBe('update');
  });

  it('is unknown, never a badge, without a repo digest or without a check', () => {
    expect(updateState(B, null)).toBe('unknown');
    expect(updateState(B, [])).toBe('unknown');
    expect(updateState(null, [A])).toBe('unknown');
  });
});

describe('decide', () => {
  it('deploys and announces a new digest in deploy mode', () => {
    expect(decide(base)).toEqual({ state: 'update', deploy: true, notify: true });
  });

  it('only announces in notify mode', () => {
    expect(decide({ ...base, mode: 'notify' })).toEqual({ state: 'update', deploy: false, notify: true });
  });

  it('does nothing at all when off', () => {
    expect(decide({ ...base, mode: 'off' })).toEqual({ state: 'update', deploy: false, notify: false });
  });

  it('never deploys or announces one digest twice', () => {
    expect(decide({ ...base, deployedDigest: B, notifiedDigest: B })).toEqual({ state: 'update', deploy: false, notify: false });
  });

  it('does nothing when the stage runs the available digest', () => {
    expect(decide({ ...base, running: [B] })).toEqual({ state: 'current', deploy: false, notify: false });
  });

  it('acts on an update seen on the first check when the running digest is known', () => {
    expect(decide({ ...base, previous: null })).toMatchObject({ deploy: true });
  });

  it('with no repo digest to compare, acts only on a change seen between two checks', () => {
    expect(decide({ ...base, running: null, previous: null })).toEqual({ state: 'unknown', deploy: false, notify: false });
    expect(decide({ ...base, running: null, previous: B })).toEqual({ state: 'unknown', deploy: false, notify: false });
    expect(decide({ ...base, running: null, previous: A })).toEqual({ state: 'unknown', deploy: true, notify: true });
  });

  it('does nothing without a successful check', () => {
    expect(decide({ ...base, available: null })).toEqual({ state: 'unknown', deploy: false, notify: false });
  });
});
