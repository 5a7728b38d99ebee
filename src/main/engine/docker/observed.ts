// What the engine keeps of a container from Docker's list call, normalised once at the edge.
import type Dockerode from 'dockerode';
import type { ContainerHealth, ContainerState } from '../../../shared/types';

export interface ObservedContainer {
  dockerId: string;
  name: string;
  image: string;
  state: ContainerState;
  health: ContainerHealth;
  labels: Record<string, string>;
  /** Docker's own creation time (ms). */
  createdAt: number | null;
  /** Docker's human-readable status, e.g. "Up 5 minutes (healthy)" or "Exited (137) 2 seconds ago". */
  status: string;
}

/** Anything that lists a host's containers: the real Docker connection, or a synthetic one in benches. */
export interface ContainerLister {
  listContainers(): Promise<ObservedContainer[]>;
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

export function fromDockerSummary(c: Dockerode.ContainerInfo): ObservedContainer {
  const first = c.Names?.[0] ?? '';
  return {
    dockerId: c.Id,
    name: first.startsWith('/') ? first.slice(1) : first || c.Id.slice(0, 12),
    image: c.Image ?? '',
    state: normaliseState(c.State),
    health: healthFromStatus(c.Status),
    labels: c.Labels ?? {},
    createdAt: typeof c.Created === 'number' ? c.Created * 1000 : null,
    status: c.Status ?? '',
  };
}
