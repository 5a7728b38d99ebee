// What a notification says, decided over plain data: a grouped event (the last occurrence and how
// many there were) and the names of what it concerns become a title, a body and a severity. Every
// channel renders this one message in its own shape.
import type { NotifyEvent, NotifyEventKind } from '../../../shared/notify';

export type Severity = 'info' | 'success' | 'warning' | 'error';

/** Occurrences of one event folded into one message (a crash loop: one message, its count). */
export interface GroupedEvent {
  event: NotifyEvent;
  count: number;
  firstAt: number;
  lastAt: number;
}

export interface NotifyMessage {
  kind: NotifyEventKind | 'test';
  title: string;
  body: string;
  severity: Severity;
  count: number;
  firstAt: number;
  lastAt: number;
  /** The event as published (ids and facts), for the generic webhook's consumers; null for a test. */
  event: NotifyEvent | null;
}

/** Looks names up when the message is sent; an id stands in for a name that is gone. */
export interface Names {
  workload(id: string): string | null;
  host(id: string): string | null;
  stage(id: string): string | null;
}

const SEVERITY: Record<NotifyEventKind, Severity> = {
  'deploy.succeeded': 'success',
  'deploy.failed': 'error',
  'deploy.rolledBack': 'warning',
  'container.crashed': 'error',
  'container.unhealthy': 'warning',
  'host.down': 'error',
  'host.up': 'success',
  'update.available': 'info',
  'stale.threshold': 'warning',
  'webhook.refused': 'warning',
};

export function messageOf(grouped: GroupedEvent, names: Names): NotifyMessage {
  const { event, count } = grouped;
  const workload = (id: string | null) => (id === null ? 'a container outside any workload' : (names.workload(id) ?? id));
  const host = (id: string) => names.host(id) ?? id;
  const target = (workloadId: string, stageId: string | null) => {
    const w = workload(workloadId);
    return stageId === null ? w : `${w} / ${names.stage(stageId) ?? stageId}`;
  };
  const times = count > 1 ? ` (${count} times)` : '';
  let title: string;
  let body: string;
  switch (event.kind) {
    case 'deploy.succeeded':
      title = `Deployed ${target(event.workloadId, event.stageId)}`;
      body = `${event.image} is live on host ${host(event.hostId)}.`;
      break;
    case 'deploy.failed':
      title = `${event.rollback ? 'Rollback' : 'Deploy'} of ${target(event.workloadId, event.stageId)} failed${times}`;
      body = `Step "${event.step}" failed on host ${host(event.hostId)}: ${event.error}`;
      break;
    case 'deploy.rolledBack':
      title = `Rolled back ${target(event.workloadId, event.stageId)}`;
      body = `${event.image} serves again on host ${host(event.hostId)}.`;
      break;
    case 'container.crashed':
      title = `${event.container} ${event.stopKind === 'oom' ? 'was killed for lack of memory' : 'crashed'}${times}`;
      body = `${workload(event.workloadId)} on host ${host(event.hostId)}${event.exitCode === null ? '' : `, exit code ${event.exitCode}`}${count > 1 ? `; ${count} crashes in a row` : ''}.`;
      break;
    case 'container.unhealthy':
      title = `${event.container} is unhealthy${times}`;
      body = `Its health check fails (${workload(event.workloadId)}, host ${host(event.hostId)}).`;
      break;
    case 'host.down':
      title = `Host ${host(event.hostId)} is down${times}`;
      body = event.reason ?? 'Its Docker connection was lost.';
      break;
    case 'host.up':
      title = `Host ${host(event.hostId)} is back up${times}`;
      body = 'Its Docker connection is up again.';
      break;
    case 'update.available':
      title = `Update available for ${target(event.workloadId, event.stageId)}`;
      body = `${event.image} now points at ${event.digest} (host ${host(event.hostId)}).`;
      break;
    case 'stale.threshold':
      title = `${event.count} stale container${event.count === 1 ? '' : 's'}`;
      body = `Stopped or gone for more than ${event.afterDays} day${event.afterDays === 1 ? '' : 's'}: review them on the Stale page.`;
      break;
    case 'webhook.refused':
      title = `Webhook for ${workload(event.workloadId)} refused${times}`;
      body = `HTTP ${event.status}: ${event.reason}${event.remoteAddress ? ` (from ${event.remoteAddress})` : ''}.`;
      break;
  }
  return { kind: event.kind, title, body, severity: SEVERITY[event.kind], count, firstAt: grouped.firstAt, lastAt: grouped.lastAt, event };
}

/** The message a "send a test" button sends. */
export function testMessage(channelName: string, now = Date.now()): NotifyMessage {
  return {
    kind: 'test',
    title: 'Tinyforge test notification',
    body: `If you can read this, the channel "${channelName}" works.`,
    severity: 'info',
    count: 1,
    firstAt: now,
    lastAt: now,
    event: null,
  };
}
