import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { WorkloadKind } from '../../shared/types';
import { useWorkloads } from '../api/queries';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { Icon } from '../components/Icon';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { RelativeTime } from '../components/RelativeTime';
import { SimpleTable } from '../components/SimpleTable';
import { WorkloadActions } from '../components/WorkloadActions';
import { ProjectForm } from '../components/forms/ProjectForm';
import { SiteForm } from '../components/forms/SiteForm';
import { StackForm } from '../components/forms/StackForm';
import { kindLabel } from '../i18n/labels';
import { WORKLOAD_KINDS } from '../model/containerQuery';

export function WorkloadsPage() {
  const { t } = useTranslation();
  const workloads = useWorkloads();
  const [params, setParams] = useSearchParams();
  const kind = WORKLOAD_KINDS.find((k) => k === params.get('kind')) ?? null;
  const [creating, setCreating] = useState<WorkloadKind | null>(null);
  const [createdId, setCreatedId] = useState<string | null>(null);

  const rows = useMemo(() => (workloads.data ?? []).filter((w) => kind === null || w.kind === kind), [workloads.data, kind]);
  const created = workloads.data?.find((w) => w.id === createdId);

  const newLabel: Record<WorkloadKind, string> = {
    project: t('workloads.new.project'),
    stack: t('workloads.new.stack'),
    site: t('workloads.new.site'),
  };
  const all = workloads.data ?? [];
  const ofKind = (k: WorkloadKind) => all.filter((w) => w.kind === k).length;
  const tabs: { kind: WorkloadKind | null; label: string }[] = [
    { kind: null, label: t('workloads.tabs.all', { n: all.length }) },
    { kind: 'project', label: t('workloads.tabs.project', { n: ofKind('project') }) },
    { kind: 'stack', label: t('workloads.tabs.stack', { n: ofKind('stack') }) },
    { kind: 'site', label: t('workloads.tabs.site', { n: ofKind('site') }) },
  ];
  const onCreated = (id: string) => {
    setCreating(null);
    setCreatedId(id);
  };
  const form = {
    project: <ProjectForm onCreated={(w) => onCreated(w.id)} onCancel={() => setCreating(null)} />,
    stack: <StackForm onCreated={(w) => onCreated(w.id)} onCancel={() => setCreating(null)} />,
    site: <SiteForm onCreated={(w) => onCreated(w.id)} onCancel={() => setCreating(null)} />,
  };

  let body;
  if (workloads.isPending) body = <Loading label={t('workloads.loading')} />;
  else if (workloads.isError && !workloads.data)
    body = <ErrorState title={t('workloads.loadFailed')} error={workloads.error} onRetry={() => void workloads.refetch()} />;
  else if (workloads.data.length === 0)
    body = (
      <EmptyState title={t('workloads.empty.title')} testId="workloads-empty">
        <p>{t('workloads.empty.body')}</p>
      </EmptyState>
    );
  else if (rows.length === 0) body = <EmptyState title={t('workloads.noneOfKind')} />;
  else
    body = (
      <SimpleTable
        testId="workloads-table"
        caption={t('workloads.caption')}
        columns={[
          t('workloads.column.name'),
          t('workloads.column.kind'),
          t('workloads.column.containers'),
          t('workloads.column.created'),
          <span className="sr-only">{t('workloads.column.actions')}</span>,
        ]}
      >
        {rows.map((w) => (
          <tr
            key={w.id}
            data-testid="workload-row"
            data-workload-name={w.name}
            data-workload-kind={w.kind}
            className={w.id === createdId ? 'row-highlight' : undefined}
          >
            <td className="cell-strong">
              <Link to={`/workloads/${encodeURIComponent(w.id)}`}>{w.name}</Link>
            </td>
            <td>{kindLabel(t, w.kind)}</td>
            <td>{t('workloads.containerCounts', { running: w.runningCount, total: w.containerCount })}</td>
            <td>
              <RelativeTime at={w.createdAt} />
            </td>
            <td className="cell-actions">
              <WorkloadActions workload={w} compact />
            </td>
          </tr>
        ))}
      </SimpleTable>
    );

  return (
    <div className="page">
      <PageHeader
        title={t('workloads.title')}
        subtitle={workloads.data ? t('workloads.count', { count: workloads.data.length }) : undefined}
        actions={WORKLOAD_KINDS.map((k) => (
          <button
            key={k}
            type="button"
            className={creating === k ? 'button button-primary' : 'button'}
            data-testid={`new-${k}`}
            aria-pressed={creating === k}
            onClick={() => setCreating(creating === k ? null : k)}
          >
            <Icon name="plus" size={14} />
            {newLabel[k]}
          </button>
        ))}
      />
      {creating && form[creating]}
      {created && (
        <p className="notice" role="status">
          {t('workloads.created', { name: created.name })} <Link to={`/workloads/${encodeURIComponent(created.id)}`}>{t('workloads.openCreated')}</Link>
        </p>
      )}
      <div className="tabs" role="group" aria-label={t('workloads.filterByKind')}>
        {tabs.map((tab) => (
          <button
            key={tab.kind ?? 'all'}
            type="button"
            className={tab.kind === kind ? 'tab active' : 'tab'}
            aria-pressed={tab.kind === kind}
            onClick={() => setParams(tab.kind ? { kind: tab.kind } : {})}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {body}
    </div>
  );
}
