// Why a container stopped, decided over plain data. The reconciler gathers what it knows of one
// exit (the app's own intent, Docker's inspect, the kill/stop events it happened to see) and this
// function names the kind. Events are only a hint: dockerd drops events for slow subscribers, so a
// missed one must degrade to `crash` (with its signal), never to a false `app`. Only the app's own
// persisted intent makes a stop `app`.
import type { StopIntent, StopVerdict } from '../store/stopRepo';

/** What inspect said of the exit; null when the container was gone before it could be read. */
export interface ExitFacts {
  oomKilled: boolean;
  exitCode: number | null;
  finishedAt: number | null;
  /** When the run that ended began: a run started after the intent (a restart) is not what it meant. */
  startedAt?: number | null;
}

/** A `kill` or `stop` event the reconciler saw for the container (signal from `kill`'s attributes). */
export interface StopHint {
  action: 'kill' | 'stop';
  signal: number | null;
  at: number;
}

export interface StopEvidence {
  intent: StopIntent | null;
  exit: ExitFacts | null;
  hint: StopHint | null;
  /** The exit code the list showed, when inspect could not be had. */
  listedExitCode: number | null;
  /** When the reconciler noticed the stop (the exit time when Docker gave none). */
  seenAt: number;
  /** The container vanished rather than exited: removed (by someone) while running. */
  vanished: boolean;
}

/**
 * An intent covers exits from a moment before it was written (clocks of the app and a remote
 * dockerd differ a little) until it expires.
 */
const CLOCK_SLACK_MS = 5_000;
/** A kill/stop event explains an exit up to this long after it (docker stop's grace, then SIGKILL). */
const HINT_REACH_MS = 5 * 60_000;

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGUSR1: 10, SIGUSR2: 12, SIGTERM: 15 };

/** Docker's `kill` event carries the signal as a number ("15") or, from some clients, a name ("SIGTERM"). */
export function signalNumber(raw: string | undefined): number | null {
  if (raw === undefined || raw === '') return null;
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const name = raw.toUpperCase();
  return SIGNALS[name.startsWith('SIG') ? name : `SIG${name}`] ?? null;
}

/** A process killed by signal N exits 128+N in a shell's convention, which Docker reports. */
export function signalOfExitCode(code: number | null): number | null {
  return code !== null && code > 128 && code <= 128 + 64 ? code - 128 : null;
}

export function classifyStop(e: StopEvidence): StopVerdict {
  const exitCode = e.exit?.exitCode ?? e.listedExitCode;
  const at = e.exit?.finishedAt ?? e.seenAt;
  const base = { exitCode, at, reason: null, signal: signalOfExitCode(exitCode) };
  // The kernel's word beats anyone's intent: an OOM kill during a drain is still an OOM kill.
  if (e.exit?.oomKilled) return { ...base, kind: 'oom', signal: 9 };
  // A user's restart leaves an intent behind whose stop the reconciler may never see; the run it
  // started is newer than the intent, so its later crash is not covered.
  const startedAfter = (e.exit?.startedAt ?? null) !== null && e.intent !== null && e.exit!.startedAt! > e.intent.at;
  if (e.intent && !startedAfter && at >= e.intent.at - CLOCK_SLACK_MS && at <= e.intent.expiresAt) {
    return { ...base, kind: 'app', reason: e.intent.reason };
  }
  if (e.hint && e.hint.at <= at + CLOCK_SLACK_MS && e.hint.at >= at - HINT_REACH_MS) {
    return { ...base, kind: 'outside', signal: e.hint.signal ?? base.signal };
  }
  // Removed while running, with no intent and no event seen: someone forced it away. Not a crash:
  // a container cannot remove itself.
  if (e.vanished) return { ...base, kind: 'outside' };
  return { ...base, kind: 'crash' };
}
