import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostView } from '../../shared/types';
import { useHosts } from '../api/queries';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { Icon } from '../components/Icon';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { HostForm } from '../components/hosts/HostForm';
import { HostKeyChanged } from '../components/hosts/HostKeyChanged';
import { HostKeyOffer } from '../components/hosts/HostKeyOffer';
import { HostsTable } from '../components/hosts/HostsTable';
import { ProxyForm } from '../components/hosts/ProxyForm';
import { DnsForm } from '../components/dns/DnsForm';
import { DnsRecordsPanel } from '../components/dns/DnsRecordsPanel';
import { RemoveHostDialog } from '../components/hosts/RemoveHostDialog';
import { UnlockHost } from '../components/hosts/UnlockHost';
import { hostKeyPrompt, promptKey } from '../model/hostKeys';
import { HostStatsChart } from '../components/stats/StatsCharts';

type Editing = { kind: 'add' } | { kind: 'edit'; hostId: string } | null;

/**
 * The hosts, and everything a host may wait for from the user, above the list where it cannot be
 * missed: a changed key (alarming, never dismissed), a first key to accept, a passphrase to type.
 */
export function HostsPage() {
  const { t } = useTranslation();
  const hosts = useHosts();
  const [editing, setEditing] = useState<Editing>(null);
  const [removing, setRemoving] = useState<HostView | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  // Key prompts the user cancelled, per host and key: a different key asks again.
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());

  const list = hosts.data ?? [];
  const editedHost = editing?.kind === 'edit' ? list.find((host) => host.id === editing.hostId) : undefined;
  // Changed keys first: they are the ones that may mean an attack.
  const prompts = list
    .flatMap((host) => {
      const prompt = hostKeyPrompt(host);
      return prompt ? [{ host, prompt }] : [];
    })
    .sort((a, b) => Number(a.prompt.kind !== 'changed') - Number(b.prompt.kind !== 'changed'));
  const isDismissed = (host: HostView) => {
    const prompt = hostKeyPrompt(host);
    return prompt?.kind === 'offer' && dismissed.has(promptKey(host.id, prompt));
  };
  const setDismissedFor = (host: HostView, value: boolean) => {
    const prompt = hostKeyPrompt(host);
    if (!prompt) return;
    const next = new Set(dismissed);
    if (value) next.add(promptKey(host.id, prompt));
    else next.delete(promptKey(host.id, prompt));
    setDismissed(next);
  };
  // Said while the new host is on its way; once it is up (or gone) its row speaks for it.
  const addedHost = list.find((host) => host.id === added);
  const addedArrived = addedHost === undefined || addedHost.state === 'up';
  useEffect(() => {
    if (added !== null && hosts.data && addedArrived) setAdded(null);
  }, [added, addedArrived, hosts.data]);

  let body;
  if (hosts.isPending) body = <Loading label={t('hosts.loading')} />;
  else if (hosts.isError && !hosts.data) body = <ErrorState title={t('hosts.loadFailed')} error={hosts.error} onRetry={() => void hosts.refetch()} />;
  else if (list.length === 0) body = <EmptyState title={t('hosts.empty')} />;
  else
    body = (
      <div className="table-wrap">
        <HostsTable
          hosts={list}
          onEdit={(host) => {
            setAdded(null);
            setEditing({ kind: 'edit', hostId: host.id });
          }}
          onRemove={setRemoving}
          onReviewKey={(host) => setDismissedFor(host, false)}
          dismissedKeyOf={isDismissed}
        />
      </div>
    );

  return (
    <div className="page">
      <PageHeader
        title={t('hosts.title')}
        subtitle={t('hosts.subtitle')}
        actions={
          <button
            type="button"
            className={editing?.kind === 'add' ? 'button button-primary' : 'button'}
            data-testid="add-host"
            aria-pressed={editing?.kind === 'add'}
            onClick={() => {
              setAdded(null);
              setEditing(editing?.kind === 'add' ? null : { kind: 'add' });
            }}
          >
            <Icon name="plus" size={14} />
            {t('hosts.add')}
          </button>
        }
      />
      {editing?.kind === 'add' && (
        <HostForm
          onDone={(host) => {
            setEditing(null);
            setAdded(host.id);
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      {editedHost?.kind === 'ssh' && <HostForm key={editedHost.id} host={editedHost} onDone={() => setEditing(null)} onCancel={() => setEditing(null)} />}
      {/* Every host, the local one too, has a proxy; its own form, as it is its own call. */}
      {editedHost && <ProxyForm key={`proxy-${editedHost.id}`} host={editedHost} onDone={() => setEditing(null)} onCancel={() => setEditing(null)} />}
      {/* DNS records of stage and site subdomains: a provider per host, its own call. */}
      {editedHost && <DnsForm key={`dns-${editedHost.id}`} host={editedHost} onDone={() => setEditing(null)} onCancel={() => setEditing(null)} />}
      {addedHost && !addedArrived && (
        <p className="notice" role="status" data-testid="host-added">
          {t('hosts.added', { name: addedHost.name })}
        </p>
      )}
      {prompts.map(({ host, prompt }) =>
        prompt.kind === 'changed' ? (
          <HostKeyChanged key={`changed-${host.id}`} host={host} prompt={prompt} />
        ) : dismissed.has(promptKey(host.id, prompt)) ? null : (
          <HostKeyOffer key={`offer-${host.id}`} host={host} hostKey={prompt.key} onCancel={() => setDismissedFor(host, true)} />
        ),
      )}
      {list
        .filter((host) => host.needsPassphrase)
        .map((host) => (
          <UnlockHost key={`unlock-${host.id}`} host={host} />
        ))}
      {body}
      {list.map((host) => (
        <DnsRecordsPanel key={`dns-records-${host.id}`} host={host} />
      ))}
      {list
        .filter((host) => host.state === 'up')
        .map((host) => (
          <HostStatsChart key={`stats-${host.id}`} hostId={host.id} hostName={host.name} />
        ))}
      {removing && <RemoveHostDialog host={removing} onClose={() => setRemoving(null)} />}
    </div>
  );
}
