// How a deploy learns that its new container ended during the health wait, and what it says about
// it: the exit code, whether the kernel killed it for memory, and its last log lines. The deploy
// creates the container without a restart policy until it is healthy (deployer.ts), so the exit it
// sees is final: the state, the OOM flag and the logs all belong to that one run.
import type Dockerode from 'dockerode';
import type { DeployFailureDetails } from '../../../shared/types';
import { demultiplex } from '../docker/demultiplex';

export const LOG_TAIL_LINES = 20;
/** A log line longer than this is cut: the tail is stored in the deploy record. */
const MAX_LINE = 2_000;

export interface ContainerExit {
  exitCode: number;
  oomKilled: boolean;
  logTail: string[];
}

/** A deploy failure with a stable code and the details the renderer words it from. */
export class DeployError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: DeployFailureDetails,
  ) {
    super(message);
    this.name = 'DeployError';
  }
}

export function containerExited(exit: ContainerExit): DeployError {
  const how = exit.oomKilled ? `was killed for running out of memory (exit code ${exit.exitCode})` : `exited with code ${exit.exitCode}`;
  return new DeployError('DEPLOY_CONTAINER_EXITED', `the new container ${how} before its health check passed; its last log lines are in the deploy's record.`, {
    exitCode: exit.exitCode,
    oomKilled: exit.oomKilled,
    logTail: exit.logTail,
  });
}

/**
 * Resolves when the started container is no longer running, with how it ended; resolves null when
 * `signal` aborts first (the health check passed or timed out). Docker's wait call blocks until the
 * container stops, so the exit is known within the round trip of its answer, not at the next probe.
 */
export async function watchExit(container: Dockerode.Container, signal: AbortSignal): Promise<ContainerExit | null> {
  try {
    await container.wait({ condition: 'not-running', abortSignal: signal });
  } catch (error) {
    if (signal.aborted) return null;
    throw error;
  }
  if (signal.aborted) return null;
  const info = await container.inspect();
  const raw = await container.logs({ stdout: true, stderr: true, tail: LOG_TAIL_LINES, follow: false, timestamps: false });
  return {
    exitCode: info.State.ExitCode,
    oomKilled: info.State.OOMKilled,
    logTail: tailLines(demultiplex(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw)))),
  };
}

/** The last lines of a log text, without the empty one after its final newline. */
export function tailLines(text: string, count = LOG_TAIL_LINES): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines.slice(-count).map((line) => (line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line));
}
