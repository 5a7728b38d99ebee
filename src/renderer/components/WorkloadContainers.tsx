import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { containerDetailPath, hasDetailPanel } from '../model/containerPaths';
import { useContainers, useHosts, useContainerUpdates } from '../api/queries';
import { UpdateBadge } from './registryWatch/UpdateBadge';
import { displayImage } from '../../shared/imageName';
import { useNow } from '../hooks/useNow';
import { staleAsOf } from '../model/containerFilter';
import { ErrorState } from './ErrorState';
import { Loading } from './Loading';
import { RelativeTime } from './RelativeTime';
import { SimpleTable } from './SimpleTable';
import { StaleNote } from './StaleNote';
import { StateBadge } from './StateBadge';
import { ProvenanceBadge } from './provenance/ProvenanceBadge';
import { TrustActions } from './provenance/TrustActions';

/**
 * The containers of one workload, from the same containers.list query as the Containers page (so
 * both update together on containers.changed). Reused by every workload detail page.
 */
export function WorkloadContainers({ workloadId }: { workloadId: string }) {
  const { t, i18n } = useTranslation();
  const containers = useContainers();
  const updates = useContainerUpdates();
  const hosts = useHosts().data;
  const now = useNow();
  const rows = useMemo(() => {
    const collator = new Intl.Collator(i18n.language, { numeric: true, sensitivity: 'base' });
    return (containers.data ?? [])
      .filter((row) => row.workloadId === workloadId)
      .sort((a, b) => collator.compare(a.role, b.role) || collator.compare(a.name, b.name));
  }, [containers.data, workloadId, i18n.language]);

  // The actions column appears only while some row is not the app's own.
  const hasUnverified = rows.some((row) => row.provenance !== 'created');
  if (containers.isPending) return <Loading label={t('containers.loading')} />;
  if (containers.isError && !containers.data)
    return <ErrorState title={t('containers.loadFailed')} error={containers.error} onRetry={() => void containers.refetch()} />;
  if (rows.length === 0)
    return (
      <p className="muted" data-testid="workload-containers-empty">
        {t('workloadContainers.empty')}
      </p>
    );

  return (
    <div className="table-wrap">
      <SimpleTable
        testId="workload-containers"
        caption={t('workloadContainers.caption', { count: rows.length })}
        columns={[
          t('containers.column.name'),
          t('containers.column.role'),
          t('containers.column.state'),
          t('containers.column.image'),
          t('containers.column.lastSeen'),
          ...(hasUnverified ? [t('provenance.column')] : []),
        ]}
      >
        {rows.map((row) => {
          // A workload lives on one host, but its rows are checked one by one all the same.
          const asOf = staleAsOf(
            row,
            hosts?.find((host) => host.id === row.hostId),
          );
          return (
            <tr
              key={row.id}
              data-testid="container-row"
              data-container-name={row.name}
              data-state={row.state}
              data-stale={asOf !== null || undefined}
              data-provenance={row.provenance}
            >
              <td className="cell-strong">
                {hasDetailPanel(row) ? (
                  <Link to={containerDetailPath(row.id)} data-testid="container-detail-link">
                    {row.name}
                  </Link>
                ) : (
                  row.name
                )}{' '}
                <ProvenanceBadge provenance={row.provenance} t={t} />
              </td>
              <td>{row.role}</td>
              <td>
                <StateBadge state={row.state} health={row.health} exitCode={row.exitCode} stopKind={row.stopKind} stale={asOf !== null} />
                <UpdateBadge update={updates.data?.get(row.id)} t={t} />
                {asOf !== null && <StaleNote asOf={asOf} now={now} language={i18n.language} t={t} />}
              </td>
              <td className="mono" title={row.image}>
                {displayImage(row.image)}
              </td>
              <td>
                <RelativeTime at={row.lastSeenAt} />
              </td>
              {hasUnverified && <td>{row.provenance !== 'created' && <TrustActions container={row} workloadId={workloadId} />}</td>}
            </tr>
          );
        })}
      </SimpleTable>
    </div>
  );
}
