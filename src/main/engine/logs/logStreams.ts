// Every open log stream, by the connection that opened it. A stream's lines go to that connection
// only (directed events), only that connection can close it, and it is closed when that connection
// goes away, when its host disconnects, when its host's scope closes (closeHost, awaited before the
// host's connection closes) and when the app closes (which waits for all of them).
// The caller has already checked that the container belongs to the workload it named.
import type Dockerode from 'dockerode';
import type { Readable } from 'node:stream';
import { AppError } from '../../../shared/errors';
import { MAX_LOG_STREAMS_PER_CONNECTION } from '../../../shared/logs';
import type { EventBus } from '../events';
import type { CallContext } from '../rpc/callContext';
import { LogStream } from './logStream';
import type { LogEnding, LogStreamOptions } from './logStream';
import { isNotFound } from '../docker/dockerErrors';

export interface OpenLogStream {
  streamId: string;
  hostId: string;
  /** The host's Docker client, read again when the stream ends (the session may have changed). */
  docker: () => Dockerode;
  dockerId: string;
  /** For messages. */
  name: string;
  tail: number;
  follow: boolean;
  timestamps: boolean;
  since?: string;
}

/**
 * Above this much queued toward a connection, its streams stop sending and reading until it drains.
 * Each stream may still send the batch it was sending (at most 256 KiB), so a connection's queue
 * stays under about 1 MiB + 8 x 256 KiB however long its client stalls.
 */
export const MAX_QUEUED_BYTES_PER_CONNECTION = 1024 * 1024;

export interface LogStreamsOptions {
  events: Pick<EventBus, 'emitTo' | 'subscribe' | 'queuedTo'>;
  maxPerConnection?: number;
  batch?: LogStreamOptions['batch'];
}

interface Entry {
  hostId: string;
  /** Null while Docker is still being asked to open it. */
  stream: LogStream | null;
  /** Set when it was closed before it finished opening. */
  cancelled: LogEnding | null;
  /** Aborts Docker's answer when the stream is closed while it opens. */
  abort: AbortController;
  /** Settles (never rejects) once opening has succeeded or failed. */
  opened: Promise<void>;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class LogStreams {
  private readonly connections = new Map<string, Map<string, Entry>>();
  private readonly maxPerConnection: number;
  private readonly stopWatchingHosts: () => void;
  private closing = false;

  constructor(private readonly options: LogStreamsOptions) {
    this.maxPerConnection = options.maxPerConnection ?? MAX_LOG_STREAMS_PER_CONNECTION;
    this.stopWatchingHosts = options.events.subscribe((event, payload) => {
      if (event !== 'host.state') return;
      const state = payload as { hostId: string; state: string; reason: string | null };
      if (state.state === 'down') this.hostDown(state.hostId, state.reason);
    });
  }

  /** How many streams are open (or opening), for tests and the health view. */
  count(connectionId?: string): number {
    if (connectionId !== undefined) return this.connections.get(connectionId)?.size ?? 0;
    let total = 0;
    for (const streams of this.connections.values()) total += streams.size;
    return total;
  }

  async open(caller: CallContext, request: OpenLogStream): Promise<{ streamId: string; tty: boolean }> {
    if (this.closing) throw new AppError('CONFLICT', 'Tinyforge is closing; no new log stream can be opened.');
    const { connectionId } = caller;
    const streams = this.connections.get(connectionId) ?? new Map<string, Entry>();
    if (streams.has(request.streamId)) {
      throw new AppError('CONFLICT', `a log stream with id ${request.streamId} is already open on this connection; close it or choose another id.`);
    }
    if (streams.size >= this.maxPerConnection) {
      throw new AppError('CONFLICT', `this window already has ${streams.size} log streams open (the most it may have); close one first.`);
    }
    // Reserved before the first await, so parallel opens cannot pass the checks above together.
    let settleOpening!: () => void;
    const opened = new Promise<void>((resolve) => (settleOpening = resolve));
    const entry: Entry = { hostId: request.hostId, stream: null, cancelled: null, abort: new AbortController(), opened };
    streams.set(request.streamId, entry);
    this.connections.set(connectionId, streams);
    try {
      const { tty, body } = await this.dockerOpen(request, entry.abort.signal);
      const stream = new LogStream({
        streamId: request.streamId,
        body,
        tty,
        timestamps: request.timestamps,
        follow: request.follow,
        batch: this.options.batch,
        send: (lines) => this.options.events.emitTo(connectionId, 'logs.lines', { streamId: request.streamId, lines }),
        // Only the browser shell measures its queue; over Electron IPC this is never true.
        congested: () => this.options.events.queuedTo(connectionId) > MAX_QUEUED_BYTES_PER_CONNECTION,
        end: ({ reason, message }) => {
          this.forget(connectionId, request.streamId, entry);
          this.options.events.emitTo(connectionId, 'logs.end', { streamId: request.streamId, reason, message });
        },
        whyEnded: () => whyEnded(request),
      });
      entry.stream = stream;
      stream.start();
      // Closed (connection gone, host down, app closing) while Docker was answering.
      if (entry.cancelled) void stream.stop(entry.cancelled);
      return { streamId: request.streamId, tty };
    } catch (error) {
      this.forget(connectionId, request.streamId, entry);
      if (entry.cancelled) {
        throw new AppError('CONFLICT', `the log stream ${request.streamId} was closed (${entry.cancelled.reason}) before it opened.`);
      }
      throw error;
    } finally {
      settleOpening();
    }
  }

  /** Closes one of the caller's streams; false when the caller has no such stream (any more). */
  async close(connectionId: string, streamId: string): Promise<boolean> {
    const entry = this.connections.get(connectionId)?.get(streamId);
    if (!entry) return false;
    await this.stopEntry(entry, { reason: 'closed', message: null });
    return true;
  }

  /** The connection (a WebSocket, a webContents) went away: its streams go with it. */
  async closeConnection(connectionId: string): Promise<void> {
    const streams = this.connections.get(connectionId);
    if (!streams) return;
    await Promise.all([...streams.values()].map((entry) => this.stopEntry(entry, { reason: 'closed', message: null })));
  }

  /** Ends every stream of a host, telling each client why. */
  hostDown(hostId: string, reason: string | null): void {
    void this.closeHost(hostId, { reason: 'host-down', message: reason });
  }

  /** Ends every stream of a host and waits until each has ended (those still opening too). */
  async closeHost(hostId: string, ending: LogEnding): Promise<void> {
    const ofHost = [...this.connections.values()].flatMap((streams) => [...streams.values()].filter((entry) => entry.hostId === hostId));
    await Promise.all(ofHost.map((entry) => this.stopEntry(entry, ending)));
  }

  /**
   * App shutdown: refuses new streams, ends every open one and waits until all have ended, those
   * still opening too (their Docker request is aborted), so nothing reads a host after it closes.
   */
  async closeAll(): Promise<void> {
    this.closing = true;
    this.stopWatchingHosts();
    const all = [...this.connections.values()].flatMap((streams) => [...streams.values()]);
    await Promise.all(all.map((entry) => this.stopEntry(entry, { reason: 'shutdown', message: null })));
  }

  /** Ends the stream; one still opening is cut short, and waited for until it has ended too. */
  private async stopEntry(entry: Entry, ending: LogEnding): Promise<void> {
    if (!entry.stream) {
      entry.cancelled ??= ending;
      entry.abort.abort();
      await entry.opened;
    }
    // Null when opening failed; when Docker answered first, open() has already stopped it with
    // `cancelled`, and this only waits for its end.
    await entry.stream?.stop(ending);
  }

  private forget(connectionId: string, streamId: string, entry: Entry): void {
    const streams = this.connections.get(connectionId);
    if (streams?.get(streamId) !== entry) return;
    streams.delete(streamId);
    if (streams.size === 0) this.connections.delete(connectionId);
  }

  private async dockerOpen(request: OpenLogStream, abortSignal: AbortSignal): Promise<{ tty: boolean; body: Readable | Buffer }> {
    const container = request.docker().getContainer(request.dockerId);
    const gone = (error: unknown): never => {
      if (isNotFound(error)) throw new AppError('NOT_FOUND', `${request.name} no longer exists in Docker.`, { container: request.name });
      throw error;
    };
    // The TTY flag decides how the body is framed; inspecting also proves the container still exists.
    const info = await container.inspect({ abortSignal }).catch(gone);
    const base = {
      stdout: true,
      stderr: true,
      tail: request.tail,
      timestamps: request.timestamps,
      abortSignal,
      ...(request.since ? { since: request.since } : {}),
    };
    // dockerode's overloads pick the return type by the literal `follow`.
    const body = request.follow
      ? ((await container.logs({ ...base, follow: true }).catch(gone)) as unknown as Readable)
      : await container.logs({ ...base, follow: false }).catch(gone);
    return { tty: info.Config?.Tty === true, body: Buffer.isBuffer(body) || typeof body.on === 'function' ? body : Buffer.from(String(body as unknown)) };
  }
}

/** How long to look again before calling a stopped container stopped rather than removed. */
const REMOVAL_GRACE_MS = 300;

/**
 * A followed body ended without anyone closing it: Docker does that when the container stops or
 * goes. `docker rm -f` kills first, so the body ends while the container still exists (exited,
 * then removing): a second look a moment later tells a removal from a stop.
 */
async function whyEnded(request: OpenLogStream): Promise<LogEnding> {
  const look = async (): Promise<LogEnding | 'not-running'> => {
    const info = await request.docker().getContainer(request.dockerId).inspect();
    if (info.State?.Status === 'removing' || info.State?.Status === 'dead') return { reason: 'removed', message: null };
    if (info.State?.Running) return { reason: 'error', message: 'Docker ended the log stream while the container was still running.' };
    return 'not-running';
  };
  try {
    const first = await look();
    if (first !== 'not-running') return first;
    await new Promise((resolve) => setTimeout(resolve, REMOVAL_GRACE_MS));
    const second = await look();
    return second === 'not-running' ? { reason: 'stopped', message: null } : second;
  } catch (error) {
    if (isNotFound(error)) return { reason: 'removed', message: null };
    return { reason: 'host-down', message: messageOf(error) };
  }
}
