// How a terminal's shell is started and told apart from its output. Pure: the session does the I/O.
import type { ExecShell } from '../../../shared/exec';

/**
 * Docker cannot kill an exec, and closing its attach connection does not end the shell
 * (moby/moby#9098): the shell would live on in the container after its terminal closed. So the
 * launcher first prints its own PID inside the container, framed as an OSC sequence no terminal
 * shows, then becomes the shell (`exec` keeps the PID). The session strips that frame from the
 * output and, when it closes, hangs up that PID with a second exec (bash passes the HUP to its jobs).
 */
export const PID_FRAME_START = '\u001b]tinyforge-pid;';
export const PID_FRAME_END = '\u0007';

export function launchCommand(shell: ExecShell): string[] {
  return ['sh', '-c', `printf '\\033]tinyforge-pid;%s\\007' "$$"; exec ${shell}`];
}

/** The probe that decides the shell: exit 0 when bash is on the PATH. */
export const BASH_PROBE = ['sh', '-c', 'command -v bash >/dev/null 2>&1'];

export function shellFromProbe(exitCode: number | null): ExecShell {
  return exitCode === 0 ? 'bash' : 'sh';
}

/** Hangs up a shell (and, through bash, its jobs) by its PID in the container. */
export function hangUpCommand(pid: number): string[] {
  return ['sh', '-c', `kill -HUP ${pid} 2>/dev/null; sleep 0.2; kill -KILL ${pid} 2>/dev/null; true`];
}

/** Output longer than this without a PID frame has none (a launcher that could not print it). */
const FRAME_WINDOW = 512;

/**
 * Finds the PID frame near the start of the output and takes it out. `pending` is what has come so
 * far; the answer is either "wait for more", or the PID (null when there is no frame) and the output
 * without the frame. Anything before the frame (the TTY echoing early keystrokes) is kept.
 */
export function takePidFrame(pending: string): { done: false } | { done: true; pid: number | null; rest: string } {
  const start = pending.indexOf(PID_FRAME_START);
  if (start < 0) return pending.length < FRAME_WINDOW ? { done: false } : { done: true, pid: null, rest: pending };
  const end = pending.indexOf(PID_FRAME_END, start + PID_FRAME_START.length);
  if (end < 0) return pending.length < FRAME_WINDOW ? { done: false } : { done: true, pid: null, rest: pending };
  const pid = Number(pending.slice(start + PID_FRAME_START.length, end));
  return {
    done: true,
    pid: Number.isInteger(pid) && pid > 0 ? pid : null,
    rest: pending.slice(0, start) + pending.slice(end + PID_FRAME_END.length),
  };
}
