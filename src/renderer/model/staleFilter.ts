// The Stale page's filters, kept in the URL like the Containers page's (`#/stale?host=local&workload=…`),
// and the rows they leave.
import type { StaleContainerView, StaleImageView } from '../../shared/types';

export interface StaleQuery {
  host: string | null;
  workload: string | null;
}

export function staleQueryOf(params: URLSearchParams): StaleQuery {
  return { host: params.get('host') || null, workload: params.get('workload') || null };
}

export function staleParamsOf(query: StaleQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.host) params.set('host', query.host);
  if (query.workload) params.set('workload', query.workload);
  return params;
}

export function filterStaleContainers(rows: readonly StaleContainerView[], query: StaleQuery): StaleContainerView[] {
  return rows.filter((r) => (!query.host || r.hostId === query.host) && (!query.workload || r.workloadId === query.workload));
}

/** Images belong to a host, not a workload: a workload filter hides them (they are not that workload's alone). */
export function filterStaleImages(images: readonly StaleImageView[], query: StaleQuery): StaleImageView[] {
  if (query.workload) return [];
  return images.filter((i) => !query.host || i.hostId === query.host);
}

/** The workloads the rows name, for the filter's options, by name. */
export function staleWorkloads(rows: readonly StaleContainerView[]): { id: string; name: string }[] {
  const byId = new Map<string, string>();
  for (const r of rows) if (r.workloadId) byId.set(r.workloadId, r.workloadName ?? r.workloadId);
  return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

/** Keeps only selected ids still listed (a removal elsewhere, a filter change). */
export function keepListed(selected: ReadonlySet<string>, listed: readonly { id: string }[]): Set<string> {
  const ids = new Set(listed.map((l) => l.id));
  return new Set([...selected].filter((id) => ids.has(id)));
}
