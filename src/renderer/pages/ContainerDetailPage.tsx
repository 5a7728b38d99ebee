// `#/containers/:id/:tab`: one owned container's detail panel, deep-linkable and reloadable. Tabs:
// Overview (one inspect on its host), Environment (masked), Logs (the shared log viewer) and
// Terminal. The container row, from the containers query every page shares, names its workload;
// the engine checks ownership on every call (FORBIDDEN for a container the app did not create).
import type { Translate } from '../i18n/labels';
import { Suspense, lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, useParams } from 'react-router-dom';
import type { ContainerView } from '../../shared/types';
import { useContainerDetail, useContainers } from '../api/queries';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { Icon } from '../components/Icon';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { StateBadgeText } from '../components/StateBadge';
import { ProvenanceBadge } from '../components/provenance/ProvenanceBadge';
import { ContainerEnvironment } from '../components/container/ContainerEnvironment';
import { ContainerOverview } from '../components/container/ContainerOverview';
import { ContainerLogs } from '../components/logs/ContainerLogs';
import { ContainerStatsChart } from '../components/stats/StatsCharts';
import { DETAIL_TABS, containerDetailPath, detailTabOf } from '../model/containerPaths';
import type { DetailTab } from '../model/containerPaths';

const ContainerTerminal = lazy(() => import('../components/container/ContainerTerminal'));

export function ContainerDetailPage() {
  const { t } = useTranslation();
  const { id = '', tab: rawTab } = useParams();
  const tab = detailTabOf(rawTab);
  const containers = useContainers();
  const row = containers.data?.find((c) => c.id === id);

  const back = (
    <Link to={row?.workloadId ? `/workloads/${encodeURIComponent(row.workloadId)}` : '/containers'} className="back-link" data-testid="logs-back">
      <Icon name="back" size={14} />
      {row?.workloadName ?? t('logs.back')}
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
  return (
    <div className="page page-fill" data-testid="container-detail" data-tab={tab}>
      {back}
      <PageHeader
        title={row.name}
        subtitle={
          <span className="logs-subtitle">
            {row.workloadName ?? row.workloadId ?? '—'} · {row.role} ·{' '}
            <StateBadgeText state={row.state} health={row.health} exitCode={row.exitCode} stale={false} t={t} />{' '}
            <ProvenanceBadge provenance={row.provenance} t={t} />
          </span>
        }
      />
      <nav className="tabs" aria-label={t('containerDetail.tabs.label')} data-testid="detail-tabs">
        {DETAIL_TABS.map((name) => (
          <NavLink key={name} to={containerDetailPath(row.id, name)} className={tab === name ? 'tab active' : 'tab'} data-testid={`detail-tab-${name}`}>
            {tabLabel(t, name)}
          </NavLink>
        ))}
      </nav>
      <div className="detail-tab-body">
        <TabBody tab={tab} row={row} />
      </div>
    </div>
  );
}

function TabBody({ tab, row }: { tab: DetailTab; row: ContainerView }) {
  const { t } = useTranslation();
  switch (tab) {
    case 'overview':
    case 'environment':
      return <InspectedTab tab={tab} row={row} />;
    case 'logs':
      if (!row.workloadId)
        return (
          <EmptyState title={t('logs.noWorkload')} testId="logs-no-workload">
            <p>{t('logs.noWorkloadBody')}</p>
          </EmptyState>
        );
      return <ContainerLogs containerId={row.id} workloadId={row.workloadId} {...(row.stageId ? { stageId: row.stageId } : {})} />;
    case 'stats':
      return <ContainerStatsChart containerId={row.id} />;
    case 'terminal':
      return (
        <Suspense fallback={<Loading label={t('terminal.loading')} />}>
          <ContainerTerminal containerId={row.id} />
        </Suspense>
      );
  }
}

function InspectedTab({ tab, row }: { tab: 'overview' | 'environment'; row: ContainerView }) {
  const { t } = useTranslation();
  const detail = useContainerDetail(row.id);
  if (detail.isPending) return <Loading label={t('containerDetail.loading')} />;
  if (detail.isError && !detail.data) return <ErrorState title={t('containerDetail.loadFailed')} error={detail.error} onRetry={() => void detail.refetch()} />;
  return tab === 'overview' ? <ContainerOverview detail={detail.data} /> : <ContainerEnvironment containerId={row.id} env={detail.data.env} />;
}

function tabLabel(t: Translate, tab: DetailTab): string {
  switch (tab) {
    case 'overview':
      return t('containerDetail.tabs.overview');
    case 'environment':
      return t('containerDetail.tabs.environment');
    case 'logs':
      return t('containerDetail.tabs.logs');
    case 'stats':
      return t('containerDetail.tabs.stats');
    case 'terminal':
      return t('containerDetail.tabs.terminal');
  }
}

export default ContainerDetailPage;
