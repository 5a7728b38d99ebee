import { useTranslation } from 'react-i18next';
import { useDnsRecords } from '../../api/queries';
import { problemText } from '../../i18n/errorText';
import { DnsStateBadge } from './DnsStateBadge';

/**
 * The DNS state of a stage's or a site's records, for its card: one badge per record, the error of
 * one that failed. Nothing when the host has no DNS provider or the owner has no record yet.
 */
export function DnsRecordLine({ hostId, ownerId }: { hostId: string; ownerId: string }) {
  const { t } = useTranslation();
  const records = useDnsRecords(hostId);
  const mine = (records.data ?? []).filter((r) => r.ownerId === ownerId);
  if (mine.length === 0) return null;
  return (
    <div className="dns-line small" data-testid="dns-record-line">
      <span className="muted">{t('dns.line.label')}</span>
      {mine.map((r) => (
        <span key={r.id} className="dns-line-item" data-testid="dns-line-record" data-type={r.type}>
          <span className="mono">{r.type}</span> <DnsStateBadge state={r.state} />
          {r.state === 'error' && r.error && <span className="danger-text"> {problemText(t, r.error)}</span>}
        </span>
      ))}
    </div>
  );
}
