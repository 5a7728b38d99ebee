// Where a container's detail panel lives, by tab: one spelling for every link to it, and which rows
// get one (the engine checks again: a row's provenance here only decides whether to draw the link).
import type { ContainerView } from '../../shared/types';

export const hasDetailPanel = (row: Pick<ContainerView, 'provenance' | 'dockerId' | 'state'>) =>
  (row.provenance === 'created' || row.provenance === 'trusted') && row.dockerId !== '' && row.state !== 'missing';
export const DETAIL_TABS = ['overview', 'environment', 'stats', 'logs', 'terminal'] as const;
export type DetailTab = (typeof DETAIL_TABS)[number];

export const containerDetailPath = (id: string, tab: DetailTab = 'overview') => `/containers/${encodeURIComponent(id)}/${tab}`;

export function detailTabOf(raw: string | undefined): DetailTab {
  return (DETAIL_TABS as readonly (string | undefined)[]).includes(raw) ? (raw as DetailTab) : 'overview';
}
