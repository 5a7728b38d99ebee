import { useTranslation } from 'react-i18next';
import type { HostView } from '../../../shared/types';
import { useReconcileNow } from '../../api/mutations';
import { errorText, hostReasonText } from '../../i18n/errorText';
import { formatDuration } from '../../model/timeFormat';
import { HostStateBadge } from '../HostStateBadge';
import { RelativeTime } from '../RelativeTime';

export function HostsHealth({ hosts }: { hosts: readonly HostView[] }) {
  const { t, i18n } = useTranslation();
  const resync = useReconcileNow();
  return (
    <section className="health-section" aria-labelledby="health-hosts">
      <h3 id="health-hosts">{t('home.hosts')}</h3>
      {hosts.length === 0 && <p className="muted">{t('home.noHosts')}</p>}
      <ul className="health-list">
        {hosts.map((host) => (
          <li key={host.id} data-testid="health-host" data-host-state={host.state}>
            <div className="health-line">
              <strong>{host.name}</strong>
              <HostStateBadge state={host.state} />
              <span className="muted">
                <RelativeTime at={host.since} />
              </span>
              {host.dockerVersion && <span className="muted">{t('home.dockerVersion', { version: host.dockerVersion })}</span>}
              {host.state === 'up' && host.latencyMs !== null && <span className="muted">{formatDuration(host.latencyMs, i18n.language)}</span>}
              {host.state === 'up' && (
                <button
                  type="button"
                  className="button button-small button-ghost push-right"
                  disabled={resync.isPending && resync.variables === host.id}
                  onClick={() => resync.mutate(host.id)}
                >
                  {resync.isPending && resync.variables === host.id ? t('home.resyncing') : t('home.resyncNow')}
                </button>
              )}
            </div>
            {host.reason && <p className={host.state === 'down' ? 'danger-text' : 'muted'}>{hostReasonText(t, host)}</p>}
          </li>
        ))}
      </ul>
      {resync.isError && (
        <p className="inline-error" role="alert">
          {errorText(t, resync.error)}
        </p>
      )}
    </section>
  );
}
