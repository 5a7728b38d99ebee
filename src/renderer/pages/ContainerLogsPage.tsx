// `#/containers/:id/logs`: one container's live logs, deep-linkable. The container row (from the
// containers query every page shares) names its workload and stage, which the engine checks.
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useContainers } from '../api/queries';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { Icon } from '../components/Icon';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { StateBadgeText } from '../components/StateBadge';
import { ContainerLogs } from '../components/logs/ContainerLogs';

export function ContainerLogsPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const containers = useContainers();
  const row = containers.data?.find((c) => c.id === id);

  const back = (
    <Link to="/containers" className="back-link" data-testid="logs-back">
      <Icon name="back" size={14} />
      {t('logs.back')}
    </Link>
  );

  if (containers.isPending)
    return (
      <div className="page">
        {back}
        <Loading label={t('containers.loading')} />
      </div>
    );
  if (!row) {
    return (
      <div className="page">
        {back}
        {containers.isError ? (
          <ErrorState title={t('containers.loadFailed')} error={containers.error} onRetry={() => void containers.refetch()} />
        ) : (
          <EmptyState title={t('logs.notFound')} testId="logs-not-found">
            <p>{t('logs.notFoundBody')}</p>
          </EmptyState>
        )}
      </div>
    );
  }
  if (!row.workloadId) {
    return (
      <div className="page">
        {back}
        <EmptyState title={t('logs.noWorkload')} testId="logs-no-workload">
          <p>{t('logs.noWorkloadBody')}</p>
        </EmptyState>
      </div>
    );
  }
  return (
    <div className="page page-fill">
      {back}
      <PageHeader
        title={t('logs.pageTitle', { name: row.name })}
        subtitle={
          <span className="logs-subtitle">
            {row.workloadName ?? row.workloadId} · {row.role} ·{' '}
            <StateBadgeText state={row.state} health={row.health} exitCode={row.exitCode} stale={false} t={t} />
          </span>
        }
      />
      <ContainerLogs containerId={row.id} workloadId={row.workloadId} {...(row.stageId ? { stageId: row.stageId } : {})} />
    </div>
  );
}

export default ContainerLogsPage;
