import { useTranslation } from 'react-i18next';
import type { HostView } from '../../../shared/types';
import { useDnsReconcile, useDnsRepair } from '../../api/dnsMutations';
import { useDnsRecords, useDnsSettings } from '../../api/queries';
import { errorText, problemText } from '../../i18n/errorText';
import { dnsKindLabel } from '../../i18n/labels';
import { RelativeTime } from '../RelativeTime';
import { SimpleTable } from '../SimpleTable';
import { DnsStateBadge } from './DnsStateBadge';

/**
 * The DNS records the app manages on a host: one A/AAAA per deployed stage or site, with its state.
 * Drift (changed or deleted outside the app) says what is there now, and offers "repair"; an error
 * says why. "Check now" runs a pass at once.
 */
export function DnsRecordsPanel({ host }: { host: HostView }) {
  const { t } = useTranslation();
  const settings = useDnsSettings(host.id);
  const records = useDnsRecords(host.id);
  const reconcile = useDnsReconcile(host.id);
  const repair = useDnsRepair(host.id);
  if (!settings.data || settings.data.kind === 'none') return null;
  const rows = records.data ?? [];

  return (
    <section className="card" data-testid="dns-records" data-host-id={host.id}>
      <header className="card-head">
        <div>
          <h3>{t('dns.records.title', { name: host.name })}</h3>
          <p className="muted small">{t('dns.records.subtitle', { provider: dnsKindLabel(t, settings.data.kind), zone: settings.data.zone ?? '' })}</p>
        </div>
        <button type="button" className="button button-small" data-testid="dns-check" disabled={reconcile.isPending} onClick={() => reconcile.mutate()}>
          {reconcile.isPending ? t('dns.records.checking') : t('dns.records.check')}
        </button>
      </header>
      {reconcile.isError && (
        <p className="danger-text small" role="alert">
          {errorText(t, reconcile.error)}
        </p>
      )}
      {repair.isError && (
        <p className="danger-text small" role="alert" data-testid="dns-repair-error">
          {errorText(t, repair.error)}
        </p>
      )}
      {records.isError ? (
        <p className="danger-text small">{errorText(t, records.error)}</p>
      ) : rows.length === 0 ? (
        <p className="muted small" data-testid="dns-records-empty">
          {t('dns.records.empty')}
        </p>
      ) : (
        <SimpleTable
          testId="dns-records-table"
          caption={t('dns.records.title', { name: host.name })}
          columns={[t('dns.records.name'), t('dns.records.type'), t('dns.records.value'), t('dns.records.state'), t('dns.records.checked'), '']}
        >
          {rows.map((r) => (
            <tr key={r.id} data-testid="dns-record" data-name={r.name} data-type={r.type} data-owner-id={r.ownerId}>
              <td className="mono wrap">{r.name}</td>
              <td className="mono">{r.type}</td>
              <td className="mono">{r.value}</td>
              <td>
                <DnsStateBadge state={r.state} />
                {r.state === 'drift' && (
                  <div className="small muted" data-testid="dns-observed">
                    {r.observed && r.observed.length > 0 ? t('dns.records.observed', { values: r.observed.join(', ') }) : t('dns.records.deleted')}
                  </div>
                )}
                {r.state === 'error' && r.error && (
                  <div className="small danger-text" data-testid="dns-error">
                    {problemText(t, r.error)}
                  </div>
                )}
              </td>
              <td className="small muted">
                <RelativeTime at={r.checkedAt} />
              </td>
              <td>
                {(r.state === 'drift' || (r.state === 'error' && r.created)) && (
                  <button
                    type="button"
                    className="button button-small"
                    data-testid="dns-repair"
                    disabled={repair.isPending}
                    onClick={() => repair.mutate(r.id)}
                  >
                    {t('dns.records.repair')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </SimpleTable>
      )}
    </section>
  );
}
