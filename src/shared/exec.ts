// The container terminal as it crosses the contract: what a session pushes to the one connection
// that opened it, why it ended, and how it is remembered in its workload's history. Kept zod-free
// and apart from types.ts, like logs.ts: the renderer's first bundle loads events.ts, which names these.

/** The shell a session runs: `bash` when the container has it, else `sh`. */
export type ExecShell = 'bash' | 'sh';

/**
 * Why a session ended: the client closed it (or its window went away); the shell exited (`exit`);
 * the container stopped or was removed under it; its host disconnected; the app is closing; or
 * Docker failed (the message says how).
 */
export type ExecEndReason = 'closed' | 'exited' | 'container-stopped' | 'host-down' | 'shutdown' | 'error';

export const EXEC_END_REASONS: readonly ExecEndReason[] = ['closed', 'exited', 'container-stopped', 'host-down', 'shutdown', 'error'];

/** A chunk of what the terminal printed, decoded as UTF-8 (a character split across chunks is kept whole). */
export interface ExecOutputEvent {
  sessionId: string;
  data: string;
}

export interface ExecEndedEvent {
  sessionId: string;
  reason: ExecEndReason;
  /** The shell's exit code, for `exited`. */
  exitCode: number | null;
  /** For `error` and `host-down`: what Docker or the connection said. */
  message: string | null;
}

/** One terminal session in a workload's history: who, when, which container, how long. Never what was typed. */
export interface ExecSessionView {
  id: string;
  workloadId: string;
  containerId: string;
  containerName: string;
  /** The OS user the app ran as. */
  osUser: string;
  shell: ExecShell;
  startedAt: number;
  /** Null while the session is open. */
  endedAt: number | null;
  endReason: ExecEndReason | null;
}

/** How many terminals one connection (a window, a browser tab) may have open at once. */
export const MAX_EXEC_SESSIONS_PER_CONNECTION = 8;
/** The largest keystroke batch (a paste) one exec.input carries, in characters. */
export const MAX_EXEC_INPUT_CHARS = 64 * 1024;
