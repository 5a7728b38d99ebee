import { describe, expect, it } from 'vitest';
import { classifyStop, signalNumber, signalOfExitCode } from './stopKind';
import type { StopEvidence } from './stopKind';

const T = 1_700_000_000_000;

function evidence(partial: Partial<StopEvidence>): StopEvidence {
  return {
    intent: null,
    exit: { oomKilled: false, exitCode: 1, finishedAt: T },
    hint: null,
    listedExitCode: null,
    seenAt: T + 1_000,
    vanished: false,
    ...partial,
  };
}

describe('classifyStop', () => {
  it('calls an exit with a code and nothing else known a crash, keeping code and time', () => {
    expect(classifyStop(evidence({}))).toEqual({ kind: 'crash', reason: null, exitCode: 1, signal: null, at: T });
  });

  it('reads the signal of a process killed from inside (kill -9 -> 137) as a crash with signal 9', () => {
    expect(classifyStop(evidence({ exit: { oomKilled: false, exitCode: 137, finishedAt: T } }))).toMatchObject({ kind: 'crash', signal: 9 });
  });

  it('names an OOM kill whatever else is known, even during the app own stop', () => {
    const intent = { reason: 'drain' as const, at: T - 1_000, expiresAt: T + 60_000 };
    expect(classifyStop(evidence({ intent, exit: { oomKilled: true, exitCode: 137, finishedAt: T } }))).toMatchObject({ kind: 'oom', signal: 9 });
  });

  it('takes a stop the app intended for the app, with its reason', () => {
    const intent = { reason: 'user' as const, at: T - 1_000, expiresAt: T + 60_000 };
    expect(classifyStop(evidence({ intent, exit: { oomKilled: false, exitCode: 143, finishedAt: T } }))).toMatchObject({
      kind: 'app',
      reason: 'user',
      signal: 15,
    });
  });

  it('does not let an expired intent cover a later exit', () => {
    const intent = { reason: 'user' as const, at: T - 120_000, expiresAt: T - 60_000 };
    expect(classifyStop(evidence({ intent })).kind).toBe('crash');
  });

  it('does not let an intent written after the exit cover it', () => {
    const intent = { reason: 'drain' as const, at: T + 60_000, expiresAt: T + 600_000 };
    expect(classifyStop(evidence({ intent })).kind).toBe('crash');
  });

  it('classifies a stop the app intended before it crashed by the exit time, not by when the pass ran', () => {
    const intent = { reason: 'drain' as const, at: T - 1_000, expiresAt: T + 60_000 };
    expect(classifyStop(evidence({ intent, seenAt: T + 86_400_000 })).kind).toBe('app');
  });

  it('does not let the intent of a restart cover a crash of the run it started', () => {
    const intent = { reason: 'user' as const, at: T - 60_000, expiresAt: T + 60_000 };
    expect(classifyStop(evidence({ intent, exit: { oomKilled: false, exitCode: 1, finishedAt: T, startedAt: T - 59_000 } })).kind).toBe('crash');
    expect(classifyStop(evidence({ intent, exit: { oomKilled: false, exitCode: 143, finishedAt: T, startedAt: T - 3_600_000 } })).kind).toBe('app');
  });

  it('takes a kill event with no intent for a stop from outside, with the signal asked for', () => {
    const hint = { action: 'kill' as const, signal: 15, at: T - 2_000 };
    expect(classifyStop(evidence({ hint, exit: { oomKilled: false, exitCode: 143, finishedAt: T } }))).toMatchObject({ kind: 'outside', signal: 15 });
  });

  it('ignores a kill event long before the exit (an old stop, a later crash)', () => {
    const hint = { action: 'kill' as const, signal: 15, at: T - 3_600_000 };
    expect(classifyStop(evidence({ hint })).kind).toBe('crash');
  });

  it('degrades a dropped kill event to a crash with its signal, never to app', () => {
    const verdict = classifyStop(evidence({ exit: { oomKilled: false, exitCode: 143, finishedAt: T } }));
    expect(verdict).toMatchObject({ kind: 'crash', signal: 15 });
  });

  it('never calls a stop app on a hint alone', () => {
    const hint = { action: 'stop' as const, signal: null, at: T };
    expect(classifyStop(evidence({ hint })).kind).toBe('outside');
  });

  it('uses the listed exit code and the sighting time when inspect had nothing', () => {
    expect(classifyStop(evidence({ exit: null, listedExitCode: 2 }))).toEqual({ kind: 'crash', reason: null, exitCode: 2, signal: null, at: T + 1_000 });
  });

  it('calls a running container that vanished without an intent a stop from outside', () => {
    expect(classifyStop(evidence({ exit: null, vanished: true })).kind).toBe('outside');
  });

  it('calls a running container the app removed the app own', () => {
    const intent = { reason: 'user' as const, at: T, expiresAt: T + 60_000 };
    expect(classifyStop(evidence({ exit: null, vanished: true, intent })).kind).toBe('app');
  });
});

describe('signals', () => {
  it('reads numbers and names', () => {
    expect([signalNumber('9'), signalNumber('SIGTERM'), signalNumber('kill'), signalNumber(undefined), signalNumber('weird')]).toEqual([9, 15, 9, null, null]);
  });

  it('reads 128+N exit codes only', () => {
    expect([signalOfExitCode(137), signalOfExitCode(143), signalOfExitCode(1), signalOfExitCode(0), signalOfExitCode(null), signalOfExitCode(255)]).toEqual([
      9,
      15,
      null,
      null,
      null,
      null,
    ]);
  });
});
