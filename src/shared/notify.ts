// The notification domain's types: the events a channel can be told of and the channel as the UI
// sees it. Plain data, shared by the engine (which publishes and formats) and the renderer.
import type { ErrorInfo } from './errors';
import type { SecretKeeping } from './types';

export const NOTIFY_EVENT_KINDS = [
  'deploy.succeeded',
  'deploy.failed',
  'deploy.rolledBack',
  'container.crashed',
  'container.unhealthy',
  'host.down',
  'host.up',
  'update.available',
  'stale.threshold',
  'webhook.refused',
] as const;
export type NotifyEventKind = (typeof NOTIFY_EVENT_KINDS)[number];

export const NOTIFY_CHANNEL_KINDS = ['webhook', 'slack', 'discord', 'ntfy', 'telegram', 'email'] as const;
export type NotifyChannelKind = (typeof NOTIFY_CHANNEL_KINDS)[number];

interface DeployFacts {
  hostId: string;
  workloadId: string;
  /** The stage deployed (null for a site). */
  stageId: string | null;
  deployId: string;
  image: string;
}

/**
 * What happened, as the source knows it: ids, not names (the notifier names them when it sends, so
 * a publisher needs no lookups). `webhook.refused` and `update.available` come from the webhook
 * listener and the registry watch.
 */
export type NotifyEvent =
  | ({ kind: 'deploy.succeeded' } & DeployFacts)
  | ({ kind: 'deploy.failed'; step: string; error: string; rollback: boolean } & DeployFacts)
  | ({ kind: 'deploy.rolledBack' } & DeployFacts)
  | { kind: 'container.crashed'; hostId: string; workloadId: string | null; container: string; stopKind: 'crash' | 'oom'; exitCode: number | null }
  | { kind: 'container.unhealthy'; hostId: string; workloadId: string; container: string }
  | { kind: 'host.down'; hostId: string; reason: string | null }
  | { kind: 'host.up'; hostId: string }
  | { kind: 'update.available'; hostId: string; workloadId: string; stageId: string | null; image: string; digest: string }
  | { kind: 'stale.threshold'; count: number; afterDays: number }
  | { kind: 'webhook.refused'; workloadId: string | null; status: number; reason: string; remoteAddress: string | null };

export type NotifyTarget =
  | { kind: 'webhook' }
  | { kind: 'slack' }
  | { kind: 'discord' }
  | { kind: 'ntfy'; serverUrl: string; topic: string }
  | { kind: 'telegram'; apiUrl: string; chatId: string }
  | { kind: 'email'; host: string; port: number; tls: 'tls' | 'starttls' | 'none'; username: string; from: string; to: string[] };

export interface NotifyChannelView {
  id: string;
  name: string;
  enabled: boolean;
  events: NotifyEventKind[];
  target: NotifyTarget;
  /** Where its credential is kept; 'none' for a channel whose secret is unknown in this session. */
  secret: SecretKeeping;
  /** The host a URL-secret channel posts to (the URL itself is the secret): shown to tell channels apart. */
  secretHost: string | null;
  lastSuccessAt: number | null;
  lastError: ErrorInfo | null;
  lastErrorAt: number | null;
  /** Messages waiting or being retried right now. */
  pending: number;
  createdAt: number;
}

export interface NotifyTestResult {
  ok: boolean;
  error: ErrorInfo | null;
}
