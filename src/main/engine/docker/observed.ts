// What the engine keeps of a container from Docker's list call, normalised once at the edge.
import type Dockerode from 'dockerode';
import type { ContainerHealth, ContainerState } from '../../../shared/types';

export interface ObservedContainer {
  dockerId: string;
  name: string;
  image: string;
  state: ContainerState;
  health: ContainerHealth;
  /** Exit code of an exited or dead container ("Exited (137) ..." in the list; State.ExitCode inspected). */
  exitCode: number | null;
  labels: Record<string, string>;
  /** Docker's own creation time (ms). */
  createdAt: number | null;
  /** Docker's human-readable status, e.g. "Up 5 minutes (healthy)" or "Exited (137) 2 seconds ago". */
  status: string;
  /** Exact times, present only when the container was inspected (the list call has none). */
  exact?: { startedAt: number | null; finishedAt: number | null; oomKilled?: boolean };
}

/** Anything that lists a host's containers: the real Docker connection, or a synthetic one in benches. */
export interface ContainerLister {
  listContainers(): Promise<ObservedContainer[]>;
  /** The container's current state read under its lock; null when it no longer exists. */
  inspectContainer?(dockerId: string): Promise<ObservedContainer | null>;
}

const DOCKER_STATES: ReadonlySet<string> = new Set(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);

/** Docker's State field, lower-cased; anything unknown counts as dead rather than running. */
export function normaliseState(raw: string | undefined): ContainerState {
  const state = (raw ?? '').trim().toLowerCase();
  return DOCKER_STATES.has(state) ? (state as ContainerState) : 'dead';
}

/** The list call carries health only inside Status: "Up 3 minutes (healthy)". */
export function healthFromStatus(status: string | undefined): ContainerHealth {
  const s = (status ?? '').toLowerCase();
  if (s.includes('(unhealthy)')) return 'unhealthy';
  if (s.includes('(healthy)')) return 'healthy';
  if (s.includes('(health: starting)')) return 'starting';
  return 'none';
}

/** "Exited (137) 2 seconds ago" -> 137; null for anything else. */
export function exitCodeFromStatus(status: string | undefined): number | null {
  const m = /^Exited \((-?\d+)\)/.exec(status ?? '');
  return m ? Number(m[1]) : null;
}

export function fromDockerSummary(c: Dockerode.ContainerInfo): ObservedContainer {
  const first = c.Names?.[0] ?? '';
  return {
    dockerId: c.Id,
    name: first.startsWith('/') ? first.slice(1) : first || c.Id.slice(0, 12),
    image: c.Image ?? '',
    state: normaliseState(c.State),
    health: healthFromStatus(c.Status),
    exitCode: exitCodeFromStatus(c.Status),
    labels: c.Labels ?? {},
    createdAt: typeof c.Created === 'number' ? c.Created * 1000 : null,
    status: c.Status ?? '',
  };
}

/** Docker writes "0001-01-01T00:00:00Z" for a time that never happened. */
function dockerTime(value: string | undefined): number | null {
  if (!value || value.startsWith('0001-')) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

const INSPECT_HEALTH: Record<string, ContainerHealth> = { healthy: 'healthy', unhealthy: 'unhealthy', starting: 'starting' };

export function fromDockerInspect(c: Dockerode.ContainerInspectInfo): ObservedContainer {
  const state = c.State;
  return {
    dockerId: c.Id,
    name: c.Name.startsWith('/') ? c.Name.slice(1) : c.Name,
    image: c.Config?.Image ?? c.Image,
    state: normaliseState(state?.Status),
    health: INSPECT_HEALTH[state?.Health?.Status ?? ''] ?? 'none',
    exitCode: state && (state.Status === 'exited' || state.Status === 'dead') && typeof state.ExitCode === 'number' ? state.ExitCode : null,
    labels: c.Config?.Labels ?? {},
    createdAt: dockerTime(c.Created),
    status: '',
    exact: { startedAt: dockerTime(state?.StartedAt), finishedAt: dockerTime(state?.FinishedAt), oomKilled: state?.OOMKilled === true },
  };
}
