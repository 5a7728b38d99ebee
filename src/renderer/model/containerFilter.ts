// Client-side filtering over the one containers.list fetch. Each row gets a lower-cased haystack
// once per fetch, so a keystroke costs one substring scan per row: 5,000 rows in about a millisecond.
// The haystacks are built by the first search, not with the list: a page opened without a query
// (the usual first render) never needs them, and building 5,000 of them was part of its wait.
import type { ContainerState, ContainerView } from '../../shared/types';
import type { ContainerQuery, SortKey } from './containerQuery';

/** By row object: a refetch brings new objects, and the old haystacks go with the old rows. */
const haystacks = new WeakMap<ContainerView, string>();

/** Name, workload, image and role, lower-cased; never the docker id (hex would match "db"). */
export function haystackOf(row: ContainerView): string {
  let haystack = haystacks.get(row);
  if (haystack === undefined) {
    haystack = `${row.name}\n${row.workloadName ?? ''}\n${row.image}\n${row.role}`.toLowerCase();
    haystacks.set(row, haystack);
  }
  return haystack;
}

/** Whitespace separates terms; a row must contain every term, in any field. */
export function searchTerms(q: string): string[] {
  return q.toLowerCase().split(/\s+/).filter(Boolean);
}

/** The rows the query keeps, in their order; `rows` itself when the query keeps everything. */
export function filterContainers(rows: readonly ContainerView[], query: ContainerQuery): readonly ContainerView[] {
  const terms = searchTerms(query.q);
  const { host, kind, state } = query;
  if (host === null && kind === null && state === null && terms.length === 0) return rows;
  const out: ContainerView[] = [];
  for (const row of rows) {
    if (host !== null && row.hostId !== host) continue;
    if (kind !== null && row.kind !== kind) continue;
    if (state !== null && row.state !== state) continue;
    if (terms.length > 0) {
      const haystack = haystackOf(row);
      if (!terms.every((term) => haystack.includes(term))) continue;
    }
    out.push(row);
  }
  return out;
}

/** Rows per state, for the state filter's options. */
export function countByState(rows: readonly ContainerView[]): Map<ContainerState, number> {
  const counts = new Map<ContainerState, number>();
  for (const row of rows) counts.set(row.state, (counts.get(row.state) ?? 0) + 1);
  return counts;
}

/** Most alive first, so "sort by state" groups what runs at the top. */
const STATE_ORDER: Record<ContainerState, number> = {
  running: 0,
  restarting: 1,
  paused: 2,
  pending: 3,
  created: 4,
  removing: 5,
  exited: 6,
  dead: 7,
  missing: 8,
};

/**
 * A sorted copy (the engine's order when `sort` is null). Strings compare with the UI language's
 * collation and numeric runs as numbers, so `api-2` sorts before `api-10`. Hosts sort by the name
 * the user gave them (`hostName`), not by their id.
 */
export function sortContainers(
  rows: readonly ContainerView[],
  sort: SortKey | null,
  desc: boolean,
  language: string,
  hostName: (hostId: string) => string = (hostId) => hostId,
): readonly ContainerView[] {
  if (sort === null) return rows;
  const collator = new Intl.Collator(language, { numeric: true, sensitivity: 'base' });
  const text = (pick: (row: ContainerView) => string) => (a: ContainerView, b: ContainerView) => collator.compare(pick(a), pick(b));
  const compare: Record<SortKey, (a: ContainerView, b: ContainerView) => number> = {
    name: text((r) => r.name),
    host: text((r) => hostName(r.hostId)),
    workload: text((r) => r.workloadName ?? ''),
    kind: text((r) => r.kind),
    role: text((r) => r.role),
    image: text((r) => r.image),
    state: (a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state],
    lastSeen: (a, b) => a.lastSeenAt - b.lastSeenAt,
  };
  const byKey = compare[sort];
  const sign = desc ? -1 : 1;
  // Ties fall back to the name so the order is total and does not jump between refetches.
  const byName = compare.name;
  return [...rows].sort((a, b) => sign * byKey(a, b) || byName(a, b));
}

/**
 * When a row's state was last confirmed, if it cannot be live: its host is not connected, so Docker
 * could have changed anything since. Null while the host is up. A present row's `lastSeenAt` is the
 * last pass that saw it (every pass refreshes it); the moment the host left `up` bounds it, and is
 * all there is for a `missing` row, whose `lastSeenAt` is when it vanished, not when that was checked.
 * While the host list has not loaded, rows are taken as live rather than all flagged for a moment.
 */
export function staleAsOf(row: ContainerView, host: { state: string; since: number } | undefined): number | null {
  if (!host || host.state === 'up') return null;
  return row.state === 'missing' ? host.since : Math.min(row.lastSeenAt, host.since);
}
