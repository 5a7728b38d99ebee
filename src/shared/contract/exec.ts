// Terminals in owned containers: a Docker exec with a TTY on the host's own connection. A session
// belongs to the connection that opened it: its output arrives there only (exec.output, then one
// exec.ended), and only that connection may type into, resize or close it. Sessions are recorded in
// the workload's history (exec.history), never their keystrokes.
import { z } from 'zod';
import type { ExecSessionView, ExecShell } from '../exec';
import { MAX_EXEC_INPUT_CHARS } from '../exec';
import { type } from '../typeMarker';
import { call, id } from './schemas';

const sessionId = z.string().regex(/^[0-9a-f-]{36}$/, 'must be a session id');
const cols = z.number().int().min(1).max(1_000);
const rows = z.number().int().min(1).max(1_000);

export const execCalls = {
  /**
   * Opens a terminal in a running container the app created or the user trusted (FORBIDDEN
   * otherwise), sized `cols` x `rows` from its first line; `bash` when the container has it, else `sh`.
   */
  'exec.open': call(z.strictObject({ id, cols, rows }), type<{ sessionId: string; shell: ExecShell }>()),
  /** Keystrokes (or a paste) for one of the caller's own sessions. */
  'exec.input': call(z.strictObject({ sessionId, data: z.string().min(1).max(MAX_EXEC_INPUT_CHARS) }), type<{ sent: true }>()),
  /** The terminal's new size; the shell and the program in front get SIGWINCH. */
  'exec.resize': call(z.strictObject({ sessionId, cols, rows }), type<{ resized: true }>()),
  /** Ends one of the caller's sessions; `closed` is false when it had already ended. */
  'exec.close': call(z.strictObject({ sessionId }), type<{ closed: boolean }>()),
  /** A workload's terminal sessions, newest first. */
  'exec.history': call(z.strictObject({ workloadId: id }), type<ExecSessionView[]>()),
} as const;
