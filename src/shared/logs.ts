// What a streamed log subscription pushes to the one connection that opened it. Kept zod-free and
// apart from types.ts: the renderer's first bundle loads events.ts, which names these.

/** One line of a container's output, as the engine split it. */
export interface LogLine {
  /** Which stream wrote it. A container with a TTY has one merged stream, reported as stdout. */
  stream: 'stdout' | 'stderr';
  text: string;
  /** Docker's RFC 3339 timestamp (nanoseconds), when the subscription asked for timestamps. */
  time: string | null;
  /** The line was longer than the engine keeps (MAX_LOG_LINE_BYTES) and was cut there. */
  truncated?: true;
}

/**
 * Why a stream ended: the client closed it; a non-following read reached its end; the container
 * stopped (Docker ends a follow then), was removed, or its host disconnected; the app is closing;
 * or Docker failed (the message says how).
 */
export type LogEndReason = 'closed' | 'finished' | 'stopped' | 'removed' | 'host-down' | 'shutdown' | 'error';

export const LOG_END_REASONS: readonly LogEndReason[] = ['closed', 'finished', 'stopped', 'removed', 'host-down', 'shutdown', 'error'];

/** The longest line kept, in bytes of UTF-8; the rest of a longer line is dropped (bounded memory). */
export const MAX_LOG_LINE_BYTES = 16 * 1024;
/** The most lines one `logs.lines` event carries. */
export const MAX_LOG_BATCH_LINES = 1_000;
/** How many streams one connection (a window, a browser tab) may have open at once. */
export const MAX_LOG_STREAMS_PER_CONNECTION = 8;

export interface LogLinesEvent {
  streamId: string;
  lines: LogLine[];
}

export interface LogEndEvent {
  streamId: string;
  reason: LogEndReason;
  /** For `error` and `host-down`: what Docker or the connection said. */
  message: string | null;
}
