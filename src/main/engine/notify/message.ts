// What a notification says, decided over plain data: a grouped event (the last occurrence and how
// many there were) and the names of what it concerns become a title, a body and a severity. Every
// channel renders this one message in its own shape.
import type { NotifyEvent, NotifyEventKind } from '../../../shared/notify';
import type { Language } from '../../../shared/types';
import { MESSAGE_WORDS } from './messageWords';

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

export function messageOf(grouped: GroupedEvent, names: Names, language: Language = 'en'): NotifyMessage {
  const w = MESSAGE_WORDS[language];
  const { event, count } = grouped;
  const workload = (id: string | null) => (id === null ? w.outsideWorkload : (names.workload(id) ?? id));
  const host = (id: string) => names.host(id) ?? id;
  const target = (workloadId: string, stageId: string | null) => {
    const name = workload(workloadId);
    return stageId === null ? name : `${name} / ${names.stage(stageId) ?? stageId}`;
  };
  const times = w.times(count);
  let title: string;
  let body: string;
  switch (event.kind) {
    case 'deploy.succeeded':
      title = w.deployed(target(event.workloadId, event.stageId));
      body = w.live(event.image, host(event.hostId));
      break;
    case 'deploy.failed':
      title = w.failed(event.rollback, target(event.workloadId, event.stageId), times);
      body = w.failedStep(event.step, host(event.hostId), event.error);
      break;
    case 'deploy.rolledBack':
      title = w.rolledBack(target(event.workloadId, event.stageId));
      body = w.servesAgain(event.image, host(event.hostId));
      break;
    case 'container.crashed':
      title = w.crashed(event.container, event.stopKind === 'oom', times);
      body = w.crashBody(workload(event.workloadId), host(event.hostId), event.exitCode, count);
      break;
    case 'container.unhealthy':
      title = w.unhealthy(event.container, times);
      body = w.unhealthyBody(workload(event.workloadId), host(event.hostId));
      break;
    case 'host.down':
      title = w.hostDown(host(event.hostId), times);
      body = event.reason ?? w.connectionLost;
      break;
    case 'host.up':
      title = w.hostUp(host(event.hostId), times);
      body = w.connectionBack;
      break;
    case 'update.available':
      title = w.update(target(event.workloadId, event.stageId));
      body = w.updateBody(event.image, event.digest, host(event.hostId));
      break;
    case 'stale.threshold':
      title = w.stale(event.count);
      body = w.staleBody(event.afterDays);
      break;
    case 'webhook.refused':
      title = w.refused(workload(event.workloadId), times);
      body = w.refusedBody(event.status, event.reason, event.remoteAddress);
      break;
  }
  return { kind: event.kind, title, body, severity: SEVERITY[event.kind], count, firstAt: grouped.firstAt, lastAt: grouped.lastAt, event };
}

/** The message a "send a test" button sends. */
export function testMessage(channelName: string, language: Language = 'en', now = Date.now()): NotifyMessage {
  const w = MESSAGE_WORDS[language];
  return {
    kind: 'test',
    title: w.testTitle,
    body: w.testBody(channelName),
    severity: 'info',
    count: 1,
    firstAt: now,
    lastAt: now,
    event: null,
  };
}
