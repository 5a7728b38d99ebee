// Delivery with retries, one queue per channel so a dead channel never delays a live one, and none
// of it awaited by whoever published: enqueue() returns at once. A failed send is tried again after
// a doubling delay, a bounded number of times; every failure is reported (the channel shows its
// last error while retrying), the last one as final. Closing aborts sends and waits.
import type { NotifyMessage } from './message';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 2_000, maxDelayMs: 60_000 };
/** Messages waiting per channel beyond which the oldest are dropped (a channel dead for days). */
export const MAX_QUEUED = 100;

/** The wait before try `attempt + 1` (attempt counts from 1): base, 2x base, 4x base, ... capped. */
export function backoffMs(attempt: number, policy: RetryPolicy): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}

export interface DeliveryDeps {
  /** One try; resolves false when the channel is gone or disabled (the message is dropped). */
  send(channelId: string, message: NotifyMessage, signal: AbortSignal): Promise<boolean>;
  onSuccess(channelId: string): void;
  onFailure(channelId: string, error: unknown, attempt: number, final: boolean): void;
  /** The number waiting on a channel changed. */
  onPending(channelId: string): void;
  log(message: string): void;
  retry?: Partial<RetryPolicy>;
}

export class DeliveryQueue {
  private readonly queues = new Map<string, NotifyMessage[]>();
  private readonly workers = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();
  private readonly policy: RetryPolicy;

  constructor(private readonly deps: DeliveryDeps) {
    this.policy = { ...DEFAULT_RETRY, ...deps.retry };
  }

  enqueue(channelId: string, message: NotifyMessage): void {
    if (this.stopping.signal.aborted) return;
    const queue = this.queues.get(channelId) ?? [];
    queue.push(message);
    if (queue.length > MAX_QUEUED) {
      const dropped = queue.splice(0, queue.length - MAX_QUEUED);
      this.deps.log(`notify: channel ${channelId} is behind; dropped ${dropped.length} old message(s)`);
    }
    this.queues.set(channelId, queue);
    this.deps.onPending(channelId);
    if (!this.workers.has(channelId)) this.workers.set(channelId, this.drain(channelId));
  }

  /** Messages waiting or in flight for a channel. */
  pending(channelId: string): number {
    return (this.queues.get(channelId)?.length ?? 0) + (this.inFlight.has(channelId) ? 1 : 0);
  }

  /** A removed channel's backlog goes with it. */
  forget(channelId: string): void {
    this.queues.delete(channelId);
  }

  private readonly inFlight = new Set<string>();

  private async drain(channelId: string): Promise<void> {
    try {
      // Yield first: the caller of enqueue() must get control back before any I/O starts.
      await Promise.resolve();
      for (let message = this.queues.get(channelId)?.shift(); message; message = this.queues.get(channelId)?.shift()) {
        this.inFlight.add(channelId);
        try {
          await this.deliver(channelId, message);
        } finally {
          this.inFlight.delete(channelId);
          this.deps.onPending(channelId);
        }
        if (this.stopping.signal.aborted) return;
      }
      this.queues.delete(channelId);
    } finally {
      // In the same step that found the queue empty: a message enqueued right after must start a
      // new worker, not wait behind one that is about to end (a .finally() would run a tick later).
      this.workers.delete(channelId);
    }
  }

  private async deliver(channelId: string, message: NotifyMessage): Promise<void> {
    const signal = this.stopping.signal;
    for (let attempt = 1; attempt <= this.policy.attempts && !signal.aborted; attempt += 1) {
      try {
        if (await this.deps.send(channelId, message, signal)) this.deps.onSuccess(channelId);
        return;
      } catch (error) {
        if (signal.aborted) return;
        const final = attempt === this.policy.attempts;
        this.deps.onFailure(channelId, error, attempt, final);
        if (final) return;
        await sleep(backoffMs(attempt, this.policy), signal);
      }
    }
  }

  async close(): Promise<void> {
    this.stopping.abort();
    this.queues.clear();
    await Promise.allSettled([...this.workers.values()]);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
