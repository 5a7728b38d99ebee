import { useDeferredValue, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useContainers, useHosts } from '../api/queries';
import { ContainerFilterBar } from '../components/ContainerFilterBar';
import { ContainerTable, TableTypeSample } from '../components/ContainerTable';
import { ContainersTabs } from '../components/ContainersTabs';
import type { RowHost } from '../components/ContainerTable';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { useContainerQuery } from '../hooks/useContainerQuery';
import type { ContainerView } from '../../shared/types';
import { countByState, filterContainers, sortContainers } from '../model/containerFilter';
import { clearFilters, toggleSort } from '../model/containerQuery';

const NO_ROWS: readonly ContainerView[] = [];

/** Docker label names (identifiers, not prose): a container carrying them is adopted. */
const TINYFORGE_LABELS = ['tinyforge.managed=true', 'tinyforge.workload.id', 'tinyforge.workload.kind', 'tinyforge.role'];

export function ContainersPage() {
  const { t, i18n } = useTranslation();
  const containers = useContainers();
  const hostList = useHosts().data;
  const [query, setQuery] = useContainerQuery();
  // Typing stays responsive even if a render of the table is still catching up.
  const deferredQuery = useDeferredValue(query);

  const all = containers.data;
  // Work is split by what changes it: sorting per fetch or sort, filtering per keystroke.
  // Host state changes often (latency, reconnects); names rarely. Sorting by host waits on names only.
  const hosts = useMemo(() => new Map<string, RowHost>((hostList ?? []).map((h) => [h.id, { name: h.name, state: h.state, since: h.since }])), [hostList]);
  const namesKey = JSON.stringify((hostList ?? []).map((h) => [h.id, h.name]));
  const hostName = useMemo(() => {
    const names = new Map<string, string>(JSON.parse(namesKey) as [string, string][]);
    return (id: string) => names.get(id) ?? id;
  }, [namesKey]);
  const sorted = useMemo(
    () => sortContainers(all ?? NO_ROWS, deferredQuery.sort, deferredQuery.desc, i18n.language, hostName),
    [all, deferredQuery.sort, deferredQuery.desc, i18n.language, hostName],
  );
  const rows = useMemo(() => filterContainers(sorted, deferredQuery), [sorted, deferredQuery]);
  const stateCounts = useMemo(() => countByState(all ?? NO_ROWS), [all]);
  const total = all?.length ?? 0;

  const count = (
    <span className="count" data-testid="container-count" aria-live="polite" data-shown={rows.length} data-total={total}>
      {all ? t('containers.count', { shown: rows.length, count: total }) : ''}
    </span>
  );

  let body;
  if (containers.isPending)
    body = (
      <>
        <Loading label={t('containers.loading')} />
        <TableTypeSample />
      </>
    );
  else if (containers.isError && !all)
    body = <ErrorState title={t('containers.loadFailed')} error={containers.error} onRetry={() => void containers.refetch()} />;
  else if (total === 0)
    body = (
      <EmptyState title={t('containers.empty.title')} testId="containers-empty">
        <p>{t('containers.empty.body')}</p>
        <p className="muted">{t('containers.empty.labels')}</p>
        <ul className="label-list">
          {TINYFORGE_LABELS.map((label) => (
            <li key={label}>
              <code>{label}</code>
            </li>
          ))}
        </ul>
      </EmptyState>
    );
  else if (rows.length === 0)
    body = (
      <EmptyState title={t('containers.noMatch.title')} testId="containers-no-match">
        <p>{t('containers.noMatch.body')}</p>
        <button type="button" className="button" onClick={() => setQuery(clearFilters(query), { replace: false })}>
          {t('containers.clearFilters')}
        </button>
      </EmptyState>
    );
  else
    body = (
      <ContainerTable rows={rows} hosts={hosts} sort={query.sort} desc={query.desc} onSort={(key) => setQuery(toggleSort(query, key), { replace: false })} />
    );

  return (
    <div className="page page-fill">
      <PageHeader title={t('containers.title')} subtitle={count} />
      <ContainersTabs />
      <ContainerFilterBar query={query} onChange={setQuery} stateCounts={stateCounts} hosts={hostList ?? []} />
      {containers.isError && all && (
        <p className="inline-error" role="alert">
          {t('containers.refreshFailed')}
        </p>
      )}
      {body}
    </div>
  );
}
