import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { ContainerState, ForeignGroup } from '../../shared/types';
import { useForeignContainers, useHosts } from '../api/queries';
import { AdoptDialog } from '../components/adopt/AdoptDialog';
import { ContainersTabs } from '../components/ContainersTabs';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { RelativeTime } from '../components/RelativeTime';
import { SimpleTable } from '../components/SimpleTable';
import { StateBadgeText, STATE_TONE } from '../components/StateBadge';

const isKnownState = (state: string): state is ContainerState => Object.hasOwn(STATE_TONE, state);

function ForeignGroupCard({ group, onAdopt }: { group: ForeignGroup; onAdopt(project: string): void }) {
  const { t } = useTranslation();
  const { project } = group;
  return (
    <section className="card foreign-group" data-testid="foreign-group" data-project={project ?? ''}>
      <div className="foreign-group-header">
        <div>
          <h2>{project === null ? t('containers.other.plain') : t('containers.other.project', { project })}</h2>
          {group.workingDir && <p className="muted mono">{t('containers.other.startedIn', { dir: group.workingDir })}</p>}
        </div>
        {project !== null && (
          <button type="button" className="button" onClick={() => onAdopt(project)} data-testid="adopt-button">
            {t('containers.other.adopt')}
          </button>
        )}
      </div>
      <SimpleTable
        testId="foreign-table"
        caption={project ?? t('containers.other.plain')}
        columns={[
          t('containers.column.name'),
          t('containers.other.service'),
          t('containers.column.image'),
          t('containers.column.state'),
          t('containers.other.status'),
          t('containers.other.ports'),
          t('containers.other.created'),
        ]}
      >
        {group.containers.map((c) => (
          <tr key={c.dockerId} data-testid="foreign-row" data-name={c.name}>
            <td className="mono">{c.name}</td>
            <td>{c.service ?? ''}</td>
            <td className="mono nowrap">{c.image}</td>
            <td className="nowrap">{isKnownState(c.state) ? <StateBadgeText state={c.state} t={t} /> : c.state}</td>
            <td className="nowrap">{c.status}</td>
            <td className="mono nowrap">
              {c.ports.map((port) => (
                <div key={port}>{port}</div>
              ))}
            </td>
            <td className="nowrap">
              <RelativeTime at={c.created} />
            </td>
          </tr>
        ))}
      </SimpleTable>
    </section>
  );
}

/**
 * What runs on a host that Tinyforge does not own, read live from Docker and never stored. Read
 * only: nothing here can be stopped or removed until a compose project is adopted as a stack.
 */
export function OtherContainersPage() {
  const { t } = useTranslation();
  const hosts = useHosts().data ?? [];
  const [params, setParams] = useSearchParams();
  const hostId = params.get('host') ?? hosts[0]?.id ?? 'local';
  const foreign = useForeignContainers(hostId);
  const [adopting, setAdopting] = useState<string | null>(null);
  const groups = foreign.data;

  let body;
  if (foreign.isPending) body = <Loading label={t('containers.other.loading')} />;
  else if (!groups) body = <ErrorState title={t('containers.other.loadFailed')} error={foreign.error} onRetry={() => void foreign.refetch()} />;
  else if (groups.length === 0)
    body = (
      <EmptyState title={t('containers.other.empty')} testId="foreign-empty">
        <p>{t('containers.other.emptyBody')}</p>
      </EmptyState>
    );
  else body = groups.map((group) => <ForeignGroupCard key={group.project ?? ''} group={group} onAdopt={setAdopting} />);

  return (
    <div className="page">
      <PageHeader
        title={t('containers.other.title')}
        subtitle={t('containers.other.subtitle')}
        actions={
          <button type="button" className="button" onClick={() => void foreign.refetch()} disabled={foreign.isFetching} data-testid="foreign-refresh">
            {t('containers.other.refresh')}
          </button>
        }
      />
      <ContainersTabs />
      {hosts.length > 1 && (
        <label className="inline-field">
          {t('containers.filter.host')}{' '}
          <select name="host" value={hostId} onChange={(e) => setParams({ host: e.target.value })}>
            {hosts.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="foreign-groups">{body}</div>
      {adopting && <AdoptDialog hostId={hostId} project={adopting} onClose={() => setAdopting(null)} />}
    </div>
  );
}
