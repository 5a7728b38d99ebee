// Folds repeats of one event into one message. The first occurrence of a groupable event opens a
// window; repeats inside it only count; when it closes, one message goes out with the count and the
// last occurrence's facts. A crash loop (restart: always, exit 1) is one message "crashed N times",
// not one per restart. Deploy outcomes are never held back: someone is usually waiting on them.
import type { NotifyEvent, NotifyEventKind } from '../../../shared/notify';
import type { GroupedEvent } from './message';

/** How long repeats of each kind are gathered; 0: sent at once, one message each. */
export const DEFAULT_WINDOWS_MS: Record<NotifyEventKind, number> = {
  'deploy.succeeded': 0,
  'deploy.failed': 0,
  'deploy.rolledBack': 0,
  'container.crashed': 60_000,
  'container.unhealthy': 60_000,
  'host.down': 30_000,
  'host.up': 30_000,
  'update.available': 60_000,
  'stale.threshold': 0,
  'webhook.refused': 60_000,
};

/** What makes two events "the same": the thing they are about, not their moment or exit code. */
export function groupKeyOf(e: NotifyEvent): string {
  switch (e.kind) {
    case 'deploy.succeeded':
    case 'deploy.failed':
    case 'deploy.rolledBack':
      return `${e.kind}:${e.deployId}`;
    case 'container.crashed':
    case 'container.unhealthy':
      return `${e.kind}:${e.hostId}:${e.container}`;
    case 'host.down':
    case 'host.up':
      return `${e.kind}:${e.hostId}`;
    case 'update.available':
      return `${e.kind}:${e.hostId}:${e.workloadId}:${e.stageId ?? ''}:${e.digest}`;
    case 'stale.threshold':
      return e.kind;
    case 'webhook.refused':
      return `${e.kind}:${e.workloadId}`;
  }
}

interface OpenGroup {
  grouped: GroupedEvent;
  timer: NodeJS.Timeout;
}

export class EventGrouper {
  private readonly open = new Map<string, OpenGroup>();

  constructor(
    private readonly emit: (grouped: GroupedEvent) => void,
    private readonly windowOf: (kind: NotifyEventKind) => number = (kind) => DEFAULT_WINDOWS_MS[kind],
    private readonly now: () => number = Date.now,
  ) {}

  add(event: NotifyEvent): void {
    const at = this.now();
    const window = this.windowOf(event.kind);
    if (window <= 0) {
      this.emit({ event, count: 1, firstAt: at, lastAt: at });
      return;
    }
    const key = groupKeyOf(event);
    const current = this.open.get(key);
    if (current) {
      current.grouped = { event, count: current.grouped.count + 1, firstAt: current.grouped.firstAt, lastAt: at };
      return;
    }
    const timer = setTimeout(() => this.flush(key), window);
    timer.unref?.();
    this.open.set(key, { grouped: { event, count: 1, firstAt: at, lastAt: at }, timer });
  }

  /** Groups still gathering (for tests and the closing log). */
  get pending(): number {
    return this.open.size;
  }

  private flush(key: string): void {
    const group = this.open.get(key);
    if (!group) return;
    this.open.delete(key);
    this.emit(group.grouped);
  }

  /** Sends what was gathered so far (the app is closing: a crash loop's count is still news). */
  flushAll(): void {
    for (const [key, group] of [...this.open]) {
      clearTimeout(group.timer);
      this.flush(key);
    }
  }

  close(): void {
    for (const group of this.open.values()) clearTimeout(group.timer);
    this.open.clear();
  }
}
