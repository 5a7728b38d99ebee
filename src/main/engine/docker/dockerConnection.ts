// One connection per host: a dockerode client, the connection state (connecting/up/down + reason)
// and the Docker events subscription. While the host is down it retries with capped exponential
// backoff; every time the events stream is (re)opened it tells its watchers to relist in full,
// because dockerd keeps only its last 256 events and drops events for slow subscribers.
//
// Just over 400 lines: the state machine (connect, backoff, events stream, resync signals) reads as
// one piece; the dialers and the SSH details already live apart (dialer.ts, sshDialer.ts).
import type { Duplex } from 'node:stream';
import type Dockerode from 'dockerode';
import type { ConnectionState } from '../../../shared/types';
import { AppError } from '../../../shared/errors';
import type { ErrorCode, ErrorDetails } from '../../../shared/errors';
import { isConnectionError, isNotFound, toAppError } from './dockerErrors';
import type { DockerDialer, DockerSession } from './dialer';
import type { HostShell } from './hostShell';
import { fromDockerInspect, fromDockerSummary } from './observed';
import type { ContainerLister, ObservedContainer } from './observed';

export interface ConnectionStatus {
  state: ConnectionState;
  /** The message of the reason (no code in it): what happened and what to do. */
  reason: string | null;
  /** The code of the reason, when it has one (SSH_HOST_KEY_UNKNOWN, DOCKER_UNREACHABLE, ...). */
  code: ErrorCode | null;
  /** What the renderer words the reason from (the fingerprints of a changed key, ...). */
  details: ErrorDetails | null;
  since: number;
  dockerVersion: string | null;
  latencyMs: number | null;
}

/**
 * Failures that retrying cannot fix: they wait for the user (accept a key, give a passphrase, fix
 * the login) and `reconnect()`. Retrying them would also hammer a server with refused logins.
 */
const NEEDS_USER: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'SSH_HOST_KEY_UNKNOWN',
  'SSH_HOST_KEY_CHANGED',
  'SSH_AUTH_FAILED',
  'SSH_KEY_UNREADABLE',
  'SSH_BAD_PASSPHRASE',
  'SSH_PASSPHRASE_NEEDED',
  'SSH_AGENT_UNAVAILABLE',
]);

/**
 * What a watcher hears: a container changed (its id, so the next pass can read it exactly), or
 * events may have been lost and it must relist.
 */
export type WatchSignal =
  | {
      kind: 'event';
      dockerId: string | null;
      /** Docker's action (`die`, `kill`, `stop`...) and, for `kill`, its signal: hints for why it stopped. */
      action?: string;
      signal?: string;
      /** For `die`: the exit code dockerd reports with the event. */
      exitCode?: string;
      /** When dockerd says it happened (ms). */
      at?: number;
    }
  | { kind: 'resync'; reason: string };

export interface DockerConnectionOptions {
  hostId: string;
  dialer: DockerDialer;
  /** Bound on a ping or a list call, so a hung daemon reads as down instead of hanging the app. */
  callTimeoutMs?: number;
  backoffMinMs?: number;
  backoffMaxMs?: number;
  /** How often to measure the round trip while up. */
  latencyIntervalMs?: number;
}

// Only events that change what a row shows; exec_*, attach, top, resize and the like are noise.
const CONTAINER_EVENTS = ['create', 'start', 'restart', 'die', 'kill', 'stop', 'pause', 'unpause', 'destroy', 'rename', 'update', 'oom', 'health_status'];

export class DockerConnection implements ContainerLister {
  readonly hostId: string;
  private readonly dialer: DockerDialer;
  private session: DockerSession | null = null;
  private stopLostWatch: (() => void) | null = null;
  private latencyTimer: NodeJS.Timeout | null = null;
  private readonly latencyIntervalMs: number;
  private readonly callTimeoutMs: number;
  private readonly backoffMinMs: number;
  private readonly backoffMaxMs: number;
  private statusValue: ConnectionStatus = {
    state: 'connecting',
    reason: null,
    code: null,
    details: null,
    since: Date.now(),
    dockerVersion: null,
    latencyMs: null,
  };
  private readonly stateListeners = new Set<(status: ConnectionStatus) => void>();
  private readonly watchers = new Set<(signal: WatchSignal) => void>();
  private events: NodeJS.ReadableStream | null = null;
  private eventsAbort: AbortController | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private backoffMs: number;
  private connecting: Promise<void> | null = null;
  private closed = false;

  constructor(options: DockerConnectionOptions) {
    this.hostId = options.hostId;
    this.dialer = options.dialer;
    this.latencyIntervalMs = options.latencyIntervalMs ?? 15_000;
    this.callTimeoutMs = options.callTimeoutMs ?? 10_000;
    this.backoffMinMs = options.backoffMinMs ?? 250;
    this.backoffMaxMs = options.backoffMaxMs ?? 10_000;
    this.backoffMs = this.backoffMinMs;
  }

  /** The dockerode client of the current session. */
  get docker(): Dockerode {
    if (!this.session) throw this.notConnected();
    return this.session.docker;
  }

  /** The current session, for what needs the carrier itself (the exposed local socket). */
  get currentSession(): DockerSession | null {
    return this.session;
  }

  /**
   * A TCP stream from the Docker host to `host:port`, over the current session (the one SSH
   * connection for a remote host). DOCKER_UNREACHABLE while down: nothing is dialled from here
   * instead, since this machine's 127.0.0.1 is not the host's.
   */
  dial(host: string, port: number): Promise<Duplex> {
    const session = this.session;
    if (!session || this.statusValue.state !== 'up') {
      return Promise.reject(this.notConnected());
    }
    return session.dial(host, port);
  }

  /**
   * Programs and files on the Docker host (the compose CLI), over the current session: for an SSH
   * host, its one connection. DOCKER_UNREACHABLE while down, like dial().
   */
  shell(): HostShell {
    const session = this.session;
    if (!session || this.statusValue.state !== 'up') throw this.notConnected();
    return session.shell;
  }

  /** Drops the connection and connects again now, skipping any backoff wait (after the user fixed something). */
  reconnect(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.backoffMs = this.backoffMinMs;
    return this.connect();
  }

  get status(): ConnectionStatus {
    return this.statusValue;
  }

  onState(listener: (status: ConnectionStatus) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Subscribes to change signals. A `resync` follows every (re)opened events stream. */
  watch(listener: (signal: WatchSignal) => void): () => void {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }

  /** Starts connecting; resolves once the first attempt has succeeded or failed. */
  start(): Promise<void> {
    return this.connect();
  }

  async listContainers(): Promise<ObservedContainer[]> {
    if (!this.session) throw this.notConnected();
    try {
      // size:false matters: sizes make dockerd walk every container's filesystem (minutes on big hosts).
      const list = await this.docker.listContainers({
        all: true,
        size: false,
        abortSignal: AbortSignal.timeout(this.callTimeoutMs),
      } as Dockerode.ContainerListOptions);
      return list.map(fromDockerSummary);
    } catch (error) {
      const reason = toAppError(error, this.dialer.describe);
      // Only a broken connection means "down". A slow answer on a big host or a 500 does not:
      // dropping a healthy events stream for it would loop reconnect -> relist -> timeout. And while
      // a connect attempt runs, that attempt decides the state.
      if (isConnectionError(error) && !this.connecting) this.markDown(reason);
      throw reason;
    }
  }

  async inspectContainer(dockerId: string): Promise<ObservedContainer | null> {
    if (!this.session) throw this.notConnected();
    try {
      const info = await this.docker.getContainer(dockerId).inspect({ abortSignal: AbortSignal.timeout(this.callTimeoutMs) } as object);
      return fromDockerInspect(info);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw toAppError(error, this.dialer.describe);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.closeEvents();
    await this.connecting?.catch(() => undefined);
    await this.dropSession();
    this.watchers.clear();
    this.stateListeners.clear();
  }

  private async dropSession(): Promise<void> {
    if (this.latencyTimer) clearInterval(this.latencyTimer);
    this.latencyTimer = null;
    this.stopLostWatch?.();
    this.stopLostWatch = null;
    const session = this.session;
    this.session = null;
    await session?.close().catch(() => undefined);
  }

  private connect(): Promise<void> {
    if (this.connecting) return this.connecting;
    this.connecting = this.attempt().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async attempt(): Promise<void> {
    if (this.closed) return;
    if (this.statusValue.state !== 'connecting')
      this.setStatus({ state: 'connecting', reason: this.statusValue.reason, code: this.statusValue.code, details: this.statusValue.details });
    await this.dropSession();
    try {
      const session = await this.dialer.open();
      if (this.closed) {
        await session.close();
        return;
      }
      this.session = session;
      this.stopLostWatch = session.onLost((reason) => {
        if (this.session === session) this.markDown(reason);
      });
      const started = performance.now();
      let version: { Version?: string; ApiVersion?: string };
      try {
        // dockerode's typings omit the options argument that carries the abort signal.
        const versioned = session.docker as unknown as { version(o: object): Promise<{ Version?: string; ApiVersion?: string }> };
        version = await versioned.version({ abortSignal: AbortSignal.timeout(this.callTimeoutMs) });
      } catch (error) {
        // Through SSH, "cannot open the socket" hides whether it is missing or forbidden: ask.
        const specific = await session.diagnose?.().catch(() => null);
        throw specific ?? error;
      }
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      if (this.closed) return;
      // Subscribe before announcing `up`: the watchers' first relist must not miss anything that
      // happens between the list and the subscription.
      await this.openEvents();
      // The link may have died while the events stream was opening: markDown already ran then.
      if (this.closed || this.session !== session) return;
      this.backoffMs = this.backoffMinMs;
      this.setStatus({
        state: 'up',
        reason: null,
        code: null,
        details: null,
        latencyMs,
        dockerVersion: version.Version ? `${version.Version} (API ${version.ApiVersion ?? '?'})` : null,
      });
      this.startLatencyProbe(session);
      this.signal({ kind: 'resync', reason: 'connected' });
    } catch (error) {
      if (this.closed) return;
      this.markDown(toAppError(error, this.dialer.describe));
    }
  }

  /** Measures the round trip now and then; announces it only when it moved noticeably. */
  private startLatencyProbe(session: DockerSession): void {
    this.latencyTimer = setInterval(() => {
      const started = performance.now();
      (session.docker as unknown as { ping(o: object): Promise<unknown> })
        .ping({ abortSignal: AbortSignal.timeout(this.callTimeoutMs) })
        .then(() => {
          if (this.session !== session || this.statusValue.state !== 'up') return;
          const ms = Math.round((performance.now() - started) * 10) / 10;
          const before = this.statusValue.latencyMs ?? 0;
          if (Math.abs(ms - before) > Math.max(2, before * 0.25)) {
            this.statusValue = { ...this.statusValue, latencyMs: ms };
            for (const listener of this.stateListeners) listener(this.statusValue);
          }
        })
        .catch(() => undefined);
    }, this.latencyIntervalMs);
    this.latencyTimer.unref?.();
  }

  private async openEvents(): Promise<void> {
    this.closeEvents();
    const abort = new AbortController();
    const stream = await this.docker.getEvents({
      filters: { type: ['container'], event: CONTAINER_EVENTS },
      abortSignal: abort.signal,
    } as Dockerode.GetEventsOptions);
    if (this.closed) {
      // close() ran while the subscription was in flight: nobody will ever close this stream.
      abort.abort();
      (stream as { destroy?: () => void }).destroy?.();
      return;
    }
    this.events = stream;
    this.eventsAbort = abort;
    let pending = '';
    stream.on('data', (chunk: Buffer) => {
      // One JSON object per line; a chunk may hold several, or part of one.
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        let id: string | null = null;
        let hint: { action?: string; signal?: string; exitCode?: string; at?: number } = {};
        try {
          const parsed = JSON.parse(line) as {
            id?: unknown;
            Action?: unknown;
            timeNano?: unknown;
            Actor?: { ID?: unknown; Attributes?: Record<string, unknown> };
          };
          const candidate = parsed.Actor?.ID ?? parsed.id;
          id = typeof candidate === 'string' ? candidate : null;
          const signal = parsed.Actor?.Attributes?.signal;
          const exitCode = parsed.Actor?.Attributes?.exitCode;
          hint = {
            action: typeof parsed.Action === 'string' ? parsed.Action : undefined,
            signal: typeof signal === 'string' ? signal : undefined,
            exitCode: typeof exitCode === 'string' ? exitCode : undefined,
            at: typeof parsed.timeNano === 'number' ? Math.round(parsed.timeNano / 1e6) : undefined,
          };
        } catch {
          // A garbled line still means "something changed".
        }
        this.signal({ kind: 'event', dockerId: id, ...hint });
      }
    });
    const lost = (why: string) => {
      if (this.events !== stream || this.closed) return;
      this.events = null;
      this.eventsAbort = null;
      // The stream ended: the daemon may have died, or just this stream. Either way events may have
      // been lost, so reconnect (which relists) rather than trust what we have.
      this.markDown(new AppError('DOCKER_UNREACHABLE', `the Docker events stream ${why}; reconnecting`, { where: this.dialer.describe }));
    };
    stream.on('end', () => lost('ended'));
    stream.on('close', () => lost('closed'));
    stream.on('error', (error: unknown) => lost(`failed: ${error instanceof Error ? error.message : String(error)}`));
  }

  private closeEvents(): void {
    const abort = this.eventsAbort;
    const stream = this.events;
    this.events = null;
    this.eventsAbort = null;
    abort?.abort();
    (stream as { destroy?: () => void } | null)?.destroy?.();
  }

  /**
   * The error for a call made while down. Always DOCKER_UNREACHABLE (callers decide on that code);
   * the reason the host is down rides along as the message and as `cause` in the details.
   */
  private notConnected(): AppError {
    const { code, reason, details } = this.statusValue;
    const where = this.dialer.describe;
    if (code && reason) return new AppError('DOCKER_UNREACHABLE', reason, { ...details, where, cause: code });
    return new AppError('DOCKER_UNREACHABLE', `not connected to ${where}.`, { where });
  }

  private markDown(error: AppError): void {
    if (this.closed) return;
    this.closeEvents();
    void this.dropSession();
    if (this.statusValue.state !== 'down' || this.statusValue.reason !== error.message || this.statusValue.code !== error.code) {
      this.setStatus({
        state: 'down',
        reason: error.message,
        code: error.code,
        details: error.details ?? null,
        latencyMs: null,
        dockerVersion: this.statusValue.dockerVersion,
      });
    }
    if (!NEEDS_USER.has(error.code)) this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.backoffMaxMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
    this.retryTimer.unref?.();
  }

  private setStatus(next: {
    state: ConnectionState;
    reason: string | null;
    code: ErrorCode | null;
    details: ErrorDetails | null;
    latencyMs?: number | null;
    dockerVersion?: string | null;
  }): void {
    this.statusValue = {
      state: next.state,
      reason: next.reason,
      code: next.code,
      details: next.details,
      since: Date.now(),
      latencyMs: next.latencyMs === undefined ? this.statusValue.latencyMs : next.latencyMs,
      dockerVersion: next.dockerVersion ?? this.statusValue.dockerVersion,
    };
    for (const listener of this.stateListeners) listener(this.statusValue);
  }

  private signal(signal: WatchSignal): void {
    for (const watcher of this.watchers) watcher(signal);
  }
}
