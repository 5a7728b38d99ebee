// One open log subscription: reads Docker's log body, decodes it into lines, batches them to the
// connection that opened it, and ends exactly once with a reason. Who opened it and which
// container it reads are settled by LogStreams before this is built.
//
// Reading from Docker pauses for two reasons: the batcher holds a full batch, or the connection is
// congested (its shell has more queued toward a client that stopped reading than the bound). The
// batcher only bounds its own queue; without the second, a suspended laptop or frozen tab would let
// every batch pile up in the shell's socket buffer, in the main process, for as long as it lasts.
import type { Readable } from 'node:stream';
import type { LogEndReason, LogLine } from '../../../shared/logs';
import { LogBatcher } from './logBatcher';
import type { LogBatcherOptions } from './logBatcher';
import { LogDecoder } from './logDecoder';

export interface LogEnding {
  reason: LogEndReason;
  message: string | null;
}

export interface LogStreamOptions {
  streamId: string;
  /** Docker's answer: a live body when following, the whole text (a Buffer) when not. */
  body: Readable | Buffer;
  tty: boolean;
  timestamps: boolean;
  follow: boolean;
  send(lines: LogLine[]): void;
  /**
   * Whether the connection is behind (asked after each batch sent, then polled until it is not):
   * while it is, no batch is sent and Docker is not read. Absent: never (Electron IPC has no measure).
   */
  congested?(): boolean;
  /** How often a congested connection is looked at again. */
  congestionPollMs?: number;
  end(ending: LogEnding): void;
  /** Asked when a followed body ends by itself: was the container stopped, removed, or the host lost? */
  whyEnded(): Promise<LogEnding>;
  batch?: Omit<LogBatcherOptions, 'send' | 'backpressure'>;
}

export const CONGESTION_POLL_MS = 100;

export class LogStream {
  readonly streamId: string;
  /** Settles once the end event has been sent. */
  readonly done: Promise<void>;
  private settle!: () => void;
  private ending = false;
  /** The batcher holds a full batch. */
  private full = false;
  /** The connection is behind; the poll timer runs only while this is true. */
  private congested = false;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly decoder: LogDecoder;
  private readonly batcher: LogBatcher;

  constructor(private readonly options: LogStreamOptions) {
    this.streamId = options.streamId;
    this.done = new Promise<void>((resolve) => {
      this.settle = resolve;
    });
    this.decoder = new LogDecoder({ tty: options.tty, timestamps: options.timestamps });
    this.batcher = new LogBatcher({
      ...options.batch,
      send: (lines) => {
        options.send(lines);
        this.checkCongestion();
      },
      backpressure: (paused) => {
        this.full = paused;
        this.applyPause();
      },
    });
  }

  start(): void {
    const body = this.options.body;
    if (Buffer.isBuffer(body)) {
      this.batcher.push(this.decoder.push(body));
      void this.drained({ reason: 'finished', message: null });
      return;
    }
    body.on('data', (chunk: Buffer) => {
      if (!this.ending) this.batcher.push(this.decoder.push(chunk));
    });
    const ended = () => {
      if (this.ending) return;
      void this.drained(this.options.follow ? null : { reason: 'finished', message: null });
    };
    body.once('end', ended);
    body.once('close', ended);
    // An error also closes the body; the reason comes from asking Docker what happened.
    body.once('error', ended);
  }

  /**
   * Ends the stream from outside. `closed` (the client asked, or its connection is gone) drops what
   * is still queued: nobody will read it. Other reasons send it first, then the end event.
   */
  stop(ending: LogEnding): Promise<void> {
    if (this.ending) return this.done;
    this.ending = true;
    this.destroyBody();
    if (ending.reason === 'closed') {
      this.batcher.dispose();
    } else {
      this.batcher.push(this.decoder.end());
      this.batcher.flushAll();
    }
    this.finish(ending);
    return this.done;
  }

  /** The body ended by itself: send the rest, then find out why (when following) and end. */
  private async drained(known: LogEnding | null): Promise<void> {
    this.ending = true;
    this.batcher.push(this.decoder.end());
    this.batcher.flushAll();
    let ending = known;
    if (!ending) {
      try {
        ending = await this.options.whyEnded();
      } catch (error) {
        ending = { reason: 'error', message: error instanceof Error ? error.message : String(error) };
      }
    }
    this.destroyBody();
    this.finish(ending);
  }

  private checkCongestion(): void {
    // At the end, the last lines and the end event go out regardless: about one batch is left.
    if (this.ending || this.congested || !this.options.congested?.()) return;
    this.congested = true;
    this.batcher.hold(true);
    this.applyPause();
    this.pollCongestion();
  }

  private pollCongestion(): void {
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      if (this.ending) return;
      if (this.options.congested?.()) return this.pollCongestion();
      this.congested = false;
      this.batcher.hold(false);
      this.applyPause();
    }, this.options.congestionPollMs ?? CONGESTION_POLL_MS);
  }

  private applyPause(): void {
    const body = this.options.body;
    if (Buffer.isBuffer(body) || body.destroyed) return;
    if (this.full || this.congested) body.pause();
    else body.resume();
  }

  private finish(ending: LogEnding): void {
    if (this.pollTimer !== null) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    this.batcher.dispose();
    try {
      this.options.end(ending);
    } finally {
      this.settle();
    }
  }

  private destroyBody(): void {
    const body = this.options.body;
    if (!Buffer.isBuffer(body)) body.destroy();
  }
}
