// Every event the engine pushes to the renderer, with its payload type. Kept apart from the calls
// (and their zod schemas) so that code which only listens, such as the renderer's transport, does
// not load the schema library. The contract includes this object as its `events`.
import type { ErrorCode, ErrorDetails } from './errors';
import type { ConnectionState, ForgedContainer, SettingsView, SiteProgress } from './types';
import type { LogEndEvent, LogLinesEvent } from './logs';
import type { ExecEndedEvent, ExecOutputEvent } from './exec';
import type { StatsSamplesEvent } from './stats';
import { type } from './typeMarker';

export const events = {
  /** Containers of a host changed in the store: invalidate container queries. */
  'containers.changed': type<{ hostId: string }>(),
  /** Workloads were created, renamed or deleted. */
  'workloads.changed': type<{ hostId: string }>(),
  /** A host's Docker connection changed state. */
  'host.state': type<{
    hostId: string;
    state: ConnectionState;
    reason: string | null;
    reasonCode: ErrorCode | null;
    reasonDetails: ErrorDetails | null;
    since: number;
    latencyMs: number | null;
  }>(),
  /** Hosts were added, changed, removed, or a host key or passphrase changed: refetch the list. */
  'hosts.changed': type<{ hostId: string }>(),
  /** A pass found containers whose workload label names no workload. */
  'reconcile.forged': type<{ hostId: string; containers: ForgedContainer[] }>(),
  'settings.changed': type<SettingsView>(),
  /** A registry login was saved or removed: refetch the list (the payload names the host only). */
  'registries.changed': type<{ registry: string }>(),
  /** A blue-green run changed: `targetKey` is what it deploys (a stage id, a site's workload id); stageId is null for a site. */
  'deploys.changed': type<{
    hostId: string;
    workloadId: string;
    targetKey: string;
    stageId: string | null;
    deployId: string;
    status: 'running' | 'succeeded' | 'failed';
  }>(),
  /** An operation on a stack started or ended: refetch its history, versions and services. */
  'stacks.changed': type<{ hostId: string; workloadId: string; operationId: string; status: 'running' | 'succeeded' | 'failed' }>(),
  /** Lines the compose CLI printed during a running stack operation, in order, batched. */
  'stacks.output': type<{ workloadId: string; operationId: string; lines: string[] }>(),
  /** A site upload advanced (files and bytes copied), or moved to its next phase. */
  'sites.progress': type<SiteProgress>(),
  /** Every 5 s per host: the latest sample of each running owned container, patched into the stats caches. */
  'stats.samples': type<StatsSamplesEvent>(),
  /** Directed: a batch of lines of a log stream, sent only to the connection that opened it. */
  'logs.lines': type<LogLinesEvent>(),
  /** Directed: a log stream ended (the client closed it, the container went away, ...). */
  'logs.end': type<LogEndEvent>(),
  /** Directed: what a terminal session printed, sent only to the connection that opened it. */
  'exec.output': type<ExecOutputEvent>(),
  /** Directed: a terminal session ended (closed, the shell exited, the container stopped, ...). */
  'exec.ended': type<ExecEndedEvent>(),
  /** A watched image was checked, or a watch mode changed: refetch the watch views and container badges. */
  'registryWatch.changed': type<{ hostId: string; workloadId: string }>(),
  /** A workload's terminal history changed (a session opened or ended): refetch it. */
  'exec.changed': type<{ hostId: string; workloadId: string }>(),
  /** A workload's webhook (secret, mapping, delivery log) changed; workloadId null: the listener's state changed. */
  'webhooks.changed': type<{ workloadId: string | null }>(),
  /** A notification channel was saved or removed, or its delivery state changed: refetch the list. */
  'notify.changed': type<{ channelId: string }>(),
  /** A host's DNS records or DNS settings changed (a pass, a repair): refetch them. */
  'dns.changed': type<{ hostId: string }>(),
} as const;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = (typeof events)[E];

export const EVENT_NAMES = Object.keys(events) as EventName[];

/**
 * Events that belong to one connection (a window's webContents, a browser tab's WebSocket): the
 * engine emits them with a target and the shells deliver them to that connection only. Every
 * other event is a broadcast to all connections.
 */
export const DIRECTED_EVENT_NAMES = ['logs.lines', 'logs.end', 'exec.output', 'exec.ended'] as const satisfies readonly EventName[];
export type DirectedEventName = (typeof DIRECTED_EVENT_NAMES)[number];
export type BroadcastEventName = Exclude<EventName, DirectedEventName>;

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(events, value);
}

export const eventChannel = (name: EventName) => `tf:event:${name}`;
