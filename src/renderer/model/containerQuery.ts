// The Containers page's filters and sort, kept in the URL (`#/containers?host=local&kind=project
// &state=running&q=api&sort=name&dir=desc`) so a reload, a bookmark or the back button restores them.
// Unknown or malformed values are dropped rather than trusted. A host id is kept even when no host
// has it (yet): the host list loads separately, and a removed host's filter should show "no rows",
// not silently every row.
import { CONTAINER_STATES } from '../../shared/types';
import type { ContainerState, WorkloadKind } from '../../shared/types';

export const WORKLOAD_KINDS: readonly WorkloadKind[] = ['project', 'stack', 'site'];
export const SORT_KEYS = ['name', 'host', 'workload', 'kind', 'role', 'state', 'image', 'lastSeen'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface ContainerQuery {
  /** One host's containers, or every host's (null). */
  host: string | null;
  kind: WorkloadKind | null;
  state: ContainerState | null;
  /** The search text as typed; matching trims and lower-cases it. */
  q: string;
  sort: SortKey | null;
  desc: boolean;
}

export const EMPTY_CONTAINER_QUERY: ContainerQuery = { host: null, kind: null, state: null, q: '', sort: null, desc: false };

function oneOf<T extends string>(allowed: readonly T[], value: string | null): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

/** The contract's host id: 1 to 64 characters, no surrounding spaces. */
function hostId(value: string | null): string | null {
  return value !== null && value.length <= 64 && value.trim() === value && value !== '' ? value : null;
}

export function parseContainerQuery(params: URLSearchParams): ContainerQuery {
  const sort = oneOf(SORT_KEYS, params.get('sort'));
  return {
    host: hostId(params.get('host')),
    kind: oneOf(WORKLOAD_KINDS, params.get('kind')),
    state: oneOf(CONTAINER_STATES, params.get('state')),
    q: (params.get('q') ?? '').slice(0, 200),
    sort,
    desc: sort !== null && params.get('dir') === 'desc',
  };
}

/** The inverse of parseContainerQuery, omitting defaults so a clean page has a clean URL. */
export function serializeContainerQuery(query: ContainerQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.host) params.set('host', query.host);
  if (query.kind) params.set('kind', query.kind);
  if (query.state) params.set('state', query.state);
  if (query.q !== '') params.set('q', query.q);
  if (query.sort) {
    params.set('sort', query.sort);
    if (query.desc) params.set('dir', 'desc');
  }
  return params;
}

export function hasFilters(query: ContainerQuery): boolean {
  return query.host !== null || query.kind !== null || query.state !== null || query.q.trim() !== '';
}

/** Clears the filters but keeps the sort: the user asked for fewer rows, not another order. */
export function clearFilters(query: ContainerQuery): ContainerQuery {
  return { ...query, host: null, kind: null, state: null, q: '' };
}

/** Clicking a column header: sort by it ascending, then descending, then back to the engine's order. */
export function toggleSort(query: ContainerQuery, key: SortKey): ContainerQuery {
  if (query.sort !== key) return { ...query, sort: key, desc: false };
  if (!query.desc) return { ...query, desc: true };
  return { ...query, sort: null, desc: false };
}
