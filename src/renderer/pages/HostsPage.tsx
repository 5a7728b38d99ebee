import { useTranslation } from 'react-i18next';
import { useHosts } from '../api/queries';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { HostStateBadge } from '../components/HostStateBadge';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { RelativeTime } from '../components/RelativeTime';
import { SimpleTable } from '../components/SimpleTable';
import { hostKindLabel } from '../i18n/labels';

/** Read-only for now: adding SSH hosts comes with its own issue. */
export function HostsPage() {
  const { t } = useTranslation();
  const hosts = useHosts();

  let body;
  if (hosts.isPending) body = <Loading label={t('hosts.loading')} />;
  else if (hosts.isError && !hosts.data) body = <ErrorState title={t('hosts.loadFailed')} error={hosts.error} onRetry={() => void hosts.refetch()} />;
  else if (hosts.data.length === 0) body = <EmptyState title={t('hosts.empty')} />;
  else
    body = (
      <SimpleTable
        testId="hosts-table"
        caption={t('hosts.caption')}
        columns={[
          t('hosts.column.name'),
          t('hosts.column.kind'),
          t('hosts.column.state'),
          t('hosts.column.reason'),
          t('hosts.column.since'),
          t('hosts.column.dockerVersion'),
        ]}
      >
        {hosts.data.map((host) => (
          <tr key={host.id} data-testid="host-row" data-host-id={host.id} data-host-state={host.state}>
            <td className="cell-strong">{host.name}</td>
            <td>{hostKindLabel(t, host.kind)}</td>
            <td>
              <HostStateBadge state={host.state} />
            </td>
            <td className={host.state === 'down' ? 'danger-text wrap' : 'wrap'}>{host.reason ?? t('common.none')}</td>
            <td>
              <RelativeTime at={host.since} />
            </td>
            <td className="mono">{host.dockerVersion ?? t('common.none')}</td>
          </tr>
        ))}
      </SimpleTable>
    );

  return (
    <div className="page">
      <PageHeader title={t('hosts.title')} subtitle={t('hosts.subtitle')} />
      {body}
    </div>
  );
}
