// "Stale threshold reached": a container of the app's crosses the stale setting (exited or gone for
// more than N days) when no event happens at all, so the count is read again after each pass (the
// resync tick makes one every 30 s) and a message goes out when it grows. The first reading is the
// baseline: a restart of the app does not announce what was already stale.
import type { NotifyEvent } from '../../../shared/notify';

export interface StaleWatchDeps {
  count: () => number;
  afterDays: () => number;
  publish: (event: NotifyEvent) => void;
  log: (message: string) => void;
}

/** A burst of passes (fifty containers starting) is one count, a moment after the last of them. */
const SETTLE_MS = 1_000;

export class StaleWatch {
  private last: number | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: StaleWatchDeps) {}

  /** Containers changed (or a resync pass ran): count again shortly. */
  poke(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.check();
    }, SETTLE_MS);
    this.timer.unref?.();
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  check(): void {
    let count: number;
    try {
      count = this.deps.count();
    } catch (error) {
      this.deps.log(`notify: could not count stale containers: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const previous = this.last;
    this.last = count;
    if (previous !== null && count > previous) this.deps.publish({ kind: 'stale.threshold', count, afterDays: this.deps.afterDays() });
  }
}
