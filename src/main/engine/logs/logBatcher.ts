// Groups a stream's lines into bounded batches, sent at most once per interval: a container that
// prints 50,000 lines a second costs the renderer a few events a second, not 50,000. The queue is
// bounded too: when it holds a full batch, the source is paused (backpressure) until a tick drains
// it. Docker keeps writing the container's log file meanwhile, so a paused reader loses nothing and
// the container is never slowed: it only catches up later. Once paused, the queue grows by at most
// what the source had already read (one socket chunk), so memory per stream stays bounded.
import type { LogLine } from '../../../shared/logs';
import { MAX_LOG_BATCH_LINES } from '../../../shared/logs';

export interface LogBatcherOptions {
  send(lines: LogLine[]): void;
  /** True: stop reading the source; false: resume. Called only on a change. */
  backpressure(paused: boolean): void;
  intervalMs?: number;
  maxLines?: number;
  /** Bound on a batch's text, in UTF-16 code units (about bytes for log text). */
  maxChars?: number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export const LOG_BATCH_INTERVAL_MS = 50;
export const MAX_LOG_BATCH_CHARS = 256 * 1024;

export class LogBatcher {
  private queue: LogLine[] = [];
  private queuedChars = 0;
  private timer: unknown = null;
  private paused = false;
  private held = false;
  private disposed = false;
  private readonly intervalMs: number;
  private readonly maxLines: number;
  private readonly maxChars: number;
  private readonly setTimer: (run: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: LogBatcherOptions) {
    this.intervalMs = options.intervalMs ?? LOG_BATCH_INTERVAL_MS;
    this.maxLines = options.maxLines ?? MAX_LOG_BATCH_LINES;
    this.maxChars = options.maxChars ?? MAX_LOG_BATCH_CHARS;
    this.setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as NodeJS.Timeout));
  }

  /** Lines waiting to be sent (for tests and the bound). */
  get size(): number {
    return this.queue.length;
  }

  push(lines: readonly LogLine[]): void {
    if (this.disposed || lines.length === 0) return;
    for (const line of lines) {
      this.queue.push(line);
      this.queuedChars += line.text.length;
    }
    if (!this.paused && this.full()) {
      this.paused = true;
      this.options.backpressure(true);
    }
    if (!this.held) this.timer ??= this.setTimer(() => this.tick(), this.intervalMs);
  }

  /**
   * While held, nothing is sent: the connection is not taking what it was already sent. Lines still
   * queue (and pause the source when a batch is full); sending resumes on release.
   */
  hold(held: boolean): void {
    if (this.disposed || held === this.held) return;
    this.held = held;
    if (held) this.cancelTimer();
    else if (this.queue.length > 0) this.timer ??= this.setTimer(() => this.tick(), this.intervalMs);
  }

  /**
   * Sends everything still queued now, in bounded batches (the source has ended), held or not: what
   * is left is at most a batch and a chunk, and the stream's end must follow its last lines.
   */
  flushAll(): void {
    this.cancelTimer();
    while (this.queue.length > 0) this.options.send(this.take());
    this.queuedChars = 0;
  }

  /** Drops what is queued and stops the timer; nothing is sent after this. */
  dispose(): void {
    this.disposed = true;
    this.cancelTimer();
    this.queue = [];
    this.queuedChars = 0;
  }

  private tick(): void {
    this.timer = null;
    if (this.disposed || this.held) return;
    if (this.queue.length > 0) this.options.send(this.take());
    // send may have held the batcher (the connection is congested): then no timer until released.
    if (this.queue.length > 0 && !this.held) this.timer = this.setTimer(() => this.tick(), this.intervalMs);
    if (this.paused && !this.full()) {
      this.paused = false;
      this.options.backpressure(false);
    }
  }

  private full(): boolean {
    return this.queue.length >= this.maxLines || this.queuedChars >= this.maxChars;
  }

  /** The oldest lines, up to the line and size bounds (always at least one line). */
  private take(): LogLine[] {
    let count = 0;
    let chars = 0;
    while (count < this.queue.length && count < this.maxLines) {
      const next = (this.queue[count] as LogLine).text.length;
      if (count > 0 && chars + next > this.maxChars) break;
      chars += next;
      count += 1;
    }
    this.queuedChars -= chars;
    return this.queue.splice(0, count);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }
}
