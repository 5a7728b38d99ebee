// The tray colour and counts, decided over plain data so the shell only renders them. No text lives
// here: the engine has no i18n, so the tooltip is a list of structured parts that the shell words
// in the user's language.
import { crashed } from '../../../shared/crashed';
import type { ConnectionState, ContainerView, HostView } from '../../../shared/types';

export type TrayLevel = 'green' | 'amber' | 'red';

export interface TrayCounts {
  hostsTotal: number;
  hostsUp: number;
  hostsDown: number;
  hostsConnecting: number;
  /** Counts below cover only containers of hosts that are up: other hosts' rows are stale. */
  running: number;
  /** Running with a failing health check (also counted in `running`). */
  unhealthy: number;
  restarting: number;
  /** Exited or dead without a clean stop (see isFailed). */
  failed: number;
}

/** One phrase of the tooltip, in display order; the shell words each in the app's language. */
export type TrayTooltipPart = { kind: 'hosts'; up: number; total: number } | { kind: 'running' | 'unhealthy' | 'restarting' | 'failed'; count: number };

export interface TrayHost {
  id: string;
  name: string;
  state: ConnectionState;
  /** As the host reports it; the shell decides where to show it (down hosts). */
  reason: string | null;
}

export interface TrayState {
  level: TrayLevel;
  counts: TrayCounts;
  tooltipParts: TrayTooltipPart[];
  /** In the order the hosts were given. */
  hosts: TrayHost[];
}

/**
 * Exit codes of a container that was asked to stop: 0, 130 (SIGINT: Ctrl-C, compose's stop) and
 * 143 (SIGTERM: docker stop). 137 (SIGKILL) is not here: docker stop only sends it after the
 * grace period, and the OOM killer sends it too, so it counts as a failure.
 */
export const CLEAN_EXIT_CODES: ReadonlySet<number> = new Set([0, 130, 143]);

/**
 * A container that stopped unexpectedly. `exited` with no known code is not a failure (a row
 * written before exit codes were recorded, or Docker did not say); `dead` with no code is, because
 * a dead container is one Docker failed to stop or remove.
 */
export function isFailed(container: Pick<ContainerView, 'state' | 'exitCode' | 'stopKind'>): boolean {
  if (container.state !== 'exited' && container.state !== 'dead') return false;
  // The reconciler's classification beats guessing from the code: a drained instance killed after
  // its grace exits 137 and is still the app's own stop. Rows never seen stopping fall back below.
  if (container.stopKind !== null) return crashed(container);
  if (container.exitCode === null) return container.state === 'dead';
  return !CLEAN_EXIT_CODES.has(container.exitCode);
}

export function trayState(hosts: HostView[], containers: ContainerView[]): TrayState {
  const upHosts = new Set(hosts.filter((h) => h.state === 'up').map((h) => h.id));
  const counts: TrayCounts = {
    hostsTotal: hosts.length,
    hostsUp: upHosts.size,
    hostsDown: hosts.filter((h) => h.state === 'down').length,
    hostsConnecting: hosts.filter((h) => h.state === 'connecting').length,
    running: 0,
    unhealthy: 0,
    restarting: 0,
    failed: 0,
  };

  // The rows of a host that is down or reconnecting show the last state seen, not the present one:
  // a container "running" on a dead host proves nothing, and one "exited" there may be long gone.
  // The host's own state already colours the tray. Containers of an unknown host count as stale too.
  // `missing` rows are never failures here: the container was removed, which the stale page handles.
  for (const container of containers) {
    if (!upHosts.has(container.hostId)) continue;
    if (container.state === 'running') {
      counts.running += 1;
      if (container.health === 'unhealthy') counts.unhealthy += 1;
    } else if (container.state === 'restarting') {
      counts.restarting += 1;
    } else if (isFailed(container)) {
      counts.failed += 1;
    }
  }

  return {
    level: levelOf(counts),
    counts,
    tooltipParts: tooltipParts(counts),
    hosts: hosts.map((h) => ({ id: h.id, name: h.name, state: h.state, reason: h.reason })),
  };
}

/** Red beats amber beats green: the worst thing anywhere is what the icon shows. */
function levelOf(counts: TrayCounts): TrayLevel {
  if (counts.hostsDown > 0 || counts.failed > 0) return 'red';
  if (counts.hostsConnecting > 0 || counts.restarting > 0 || counts.unhealthy > 0) return 'amber';
  return 'green';
}

/** Hosts and running always; the troubles only when there are some, so the usual tooltip is short. */
function tooltipParts(counts: TrayCounts): TrayTooltipPart[] {
  const parts: TrayTooltipPart[] = [
    { kind: 'hosts', up: counts.hostsUp, total: counts.hostsTotal },
    { kind: 'running', count: counts.running },
  ];
  for (const kind of ['unhealthy', 'restarting', 'failed'] as const) {
    if (counts[kind] > 0) parts.push({ kind, count: counts[kind] });
  }
  return parts;
}
