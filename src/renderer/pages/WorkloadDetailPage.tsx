import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { CallError } from '../../shared/errors';
import type { WorkloadView } from '../../shared/types';
import { useHosts, useWorkload } from '../api/queries';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { Icon } from '../components/Icon';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { ProjectStages } from '../components/project/ProjectStages';
import { RelativeTime } from '../components/RelativeTime';
import { SiteDetails } from '../components/site/SiteDetails';
import { StackDetails } from '../components/stack/StackDetails';
import { WorkloadActions } from '../components/WorkloadActions';
import { WorkloadContainers } from '../components/WorkloadContainers';
import { ExecHistory } from '../components/container/ExecHistory';
import { kindLabel } from '../i18n/labels';
import { WorkloadStatsChart } from '../components/stats/StatsCharts';
import { WebhookPanel } from '../components/webhooks/WebhookPanel';

function KindDetails({ workload }: { workload: WorkloadView }) {
  switch (workload.kind) {
    case 'project':
      return <ProjectStages project={workload} />;
    case 'stack':
      return <StackDetails stack={workload} />;
    case 'site':
      return <SiteDetails site={workload} />;
  }
}

function Overview({ workload }: { workload: WorkloadView }) {
  const { t } = useTranslation();
  const host = useHosts().data?.find((h) => h.id === workload.hostId);
  return (
    <section className="card">
      <h2>{t('workloadDetail.overview')}</h2>
      <dl className="facts">
        <dt>{t('workloadDetail.kind')}</dt>
        <dd>{kindLabel(t, workload.kind)}</dd>
        <dt>{t('workloadDetail.host')}</dt>
        <dd>{host?.name ?? workload.hostId}</dd>
        <dt>{t('workloadDetail.created')}</dt>
        <dd>
          <RelativeTime at={workload.createdAt} />
        </dd>
        <dt>{t('workloadDetail.containers')}</dt>
        <dd>{t('workloads.containerCounts', { running: workload.runningCount, total: workload.containerCount })}</dd>
        {workload.kind === 'project' && (
          <>
            <dt>{t('forms.project.imageRepository')}</dt>
            <dd className="mono">{workload.imageRepository}</dd>
          </>
        )}
        {workload.kind === 'stack' && (
          <>
            <dt>{t('forms.stack.composeProjectName')}</dt>
            <dd className="mono">{workload.composeProjectName}</dd>
          </>
        )}
        {workload.kind === 'site' && (
          <>
            <dt>{t('forms.site.sourceDir')}</dt>
            <dd className="mono">{workload.sourceDir || t('common.none')}</dd>
          </>
        )}
        <dt>{t('workloadDetail.id')}</dt>
        <dd className="mono">{workload.id}</dd>
      </dl>
    </section>
  );
}

export function WorkloadDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const workload = useWorkload(id);

  const back = (
    <Link to="/workloads" className="back-link">
      <Icon name="back" size={14} />
      {t('workloadDetail.back')}
    </Link>
  );

  if (workload.isPending)
    return (
      <div className="page">
        {back}
        <Loading label={t('workloadDetail.loading')} />
      </div>
    );
  // Deleted elsewhere: the refetch answers NOT_FOUND while the cache still holds the old record.
  const gone = workload.error instanceof CallError && workload.error.code === 'NOT_FOUND';
  if (!workload.data || gone) {
    return (
      <div className="page">
        {back}
        {gone ? (
          <EmptyState title={t('workloadDetail.notFound')} testId="workload-not-found">
            <p>{t('workloadDetail.notFoundBody')}</p>
          </EmptyState>
        ) : (
          <ErrorState title={t('workloadDetail.loadFailed')} error={workload.error} onRetry={() => void workload.refetch()} />
        )}
      </div>
    );
  }

  const w = workload.data;
  return (
    <div className="page" data-testid="workload-detail" data-workload-id={w.id}>
      {back}
      <PageHeader
        title={w.name}
        subtitle={<span className="badge badge-neutral">{kindLabel(t, w.kind)}</span>}
        actions={<WorkloadActions workload={w} onDeleted={() => void navigate('/workloads')} />}
      />
      <Overview workload={w} />
      <KindDetails workload={w} />
      <section className="card">
        <h2>{t('workloadDetail.containersTitle')}</h2>
        <WorkloadContainers workloadId={w.id} />
      </section>
      <WorkloadStatsChart workloadId={w.id} />
      <WebhookPanel workload={w} />
      <section className="card" data-testid="exec-history-card">
        <h2>{t('execHistory.title')}</h2>
        <ExecHistory workloadId={w.id} />
      </section>
    </div>
  );
}
