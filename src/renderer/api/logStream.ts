// One live log subscription as the renderer sees it: opens `logs.open` with an id it chose itself
// (so no line can arrive before the page knows which stream it belongs to), keeps only its own
// stream's events, and closes the stream when done. The engine closes a connection's streams when
// the WebSocket drops; when it comes back this resumes from the last line's timestamp, skipping
// lines already shown, so a reconnect neither repeats nor loses lines.
import type { LogEndEvent, LogLine } from '../../shared/logs';
import type { RendererClient } from './client';
import type { ConnectionSource } from './connectionStatus';
import { sinceOf, timeKey } from '../model/logTime';

export interface LogTarget {
  containerId: string;
  workloadId: string;
  stageId?: string;
}

export type LogStreamStatus =
  | { state: 'opening' }
  | { state: 'live'; tty: boolean }
  /** The engine connection dropped; the stream resumes when it is back. */
  | { state: 'reconnecting' }
  | { state: 'ended'; end: LogEndEvent }
  | { state: 'failed'; error: unknown };

export interface LogStreamHandlers {
  lines(lines: LogLine[]): void;
  status(status: LogStreamStatus): void;
}

export interface LogStreamOptions {
  /** Lines of history on first open. */
  tail: number;
  /** A stream id unique on this connection; random by default. */
  newStreamId?: () => string;
}

export interface LogStreamControl {
  /** Opens a new stream after this one ended, resuming after the last line received. */
  reopen(): void;
  close(): void;
}

/** Resuming reads at most this much history since the last line (the engine's own bound). */
const RESUME_TAIL = 10_000;

export function randomStreamId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `log-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function openLogStream(
  client: Pick<RendererClient, 'on' | 'logs.open' | 'logs.close'>,
  connection: Pick<ConnectionSource, 'onStatus' | 'onReconnected'>,
  target: LogTarget,
  handlers: LogStreamHandlers,
  options: LogStreamOptions,
): LogStreamControl {
  const newId = options.newStreamId ?? randomStreamId;
  let streamId: string | null = null;
  let status: LogStreamStatus = { state: 'opening' };
  let closed = false;
  /** The newest line's timestamp, to resume from and to skip repeats after resuming. */
  let lastTime: string | null = null;
  let lastKey: string | null = null;
  /** While resuming: lines at or before lastKey were already shown. */
  let skipUpTo: string | null = null;

  const setStatus = (next: LogStreamStatus) => {
    status = next;
    handlers.status(next);
  };

  const open = () => {
    const id = newId();
    streamId = id;
    skipUpTo = lastKey;
    const since = lastTime ? sinceOf(lastTime) : null;
    setStatus({ state: 'opening' });
    client['logs.open']({
      streamId: id,
      id: target.containerId,
      workloadId: target.workloadId,
      ...(target.stageId !== undefined ? { stageId: target.stageId } : {}),
      tail: since ? RESUME_TAIL : options.tail,
      follow: true,
      timestamps: true,
      ...(since ? { since } : {}),
    }).then(
      ({ tty }) => {
        if (closed) {
          // Closed while opening: the stream exists now, and nobody will read it.
          void client['logs.close']({ streamId: id }).catch(() => undefined);
          return;
        }
        // An end event may already have come (a container that was stopped); keep that.
        if (streamId === id && status.state === 'opening') setStatus({ state: 'live', tty });
      },
      (error: unknown) => {
        if (closed || streamId !== id) return;
        streamId = null;
        setStatus({ state: 'failed', error });
      },
    );
  };

  const offLines = client.on('logs.lines', ({ streamId: id, lines }) => {
    if (closed || id !== streamId) return;
    let fresh = lines;
    if (skipUpTo !== null) {
      const bound = skipUpTo;
      fresh = lines.filter((line) => line.time === null || (timeKey(line.time) ?? '') > bound);
      // Once a newer line came, everything after it is new as well.
      if (fresh.length > 0) skipUpTo = null;
    }
    const newest = fresh.at(-1)?.time ?? null;
    if (newest) {
      lastTime = newest;
      lastKey = timeKey(newest);
    }
    if (fresh.length > 0) handlers.lines(fresh);
  });

  const offEnd = client.on('logs.end', (end) => {
    if (closed || end.streamId !== streamId) return;
    streamId = null;
    setStatus({ state: 'ended', end });
  });

  const offStatus = connection.onStatus((carrier) => {
    // The engine ended this connection's streams with the socket; no end event will come.
    if (!closed && carrier.state === 'lost' && streamId !== null) {
      streamId = null;
      setStatus({ state: 'reconnecting' });
    }
  });
  const offReconnected = connection.onReconnected(() => {
    if (!closed && status.state === 'reconnecting') open();
  });

  open();

  return {
    reopen() {
      if (!closed && streamId === null) open();
    },
    close() {
      if (closed) return;
      closed = true;
      for (const off of [offLines, offEnd, offStatus, offReconnected]) off();
      if (streamId !== null && status.state === 'live') void client['logs.close']({ streamId }).catch(() => undefined);
      streamId = null;
    },
  };
}
