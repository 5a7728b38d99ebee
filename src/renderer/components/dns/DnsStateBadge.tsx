import { useTranslation } from 'react-i18next';
import type { DnsRecordState } from '../../../shared/dns';
import { dnsStateLabel } from '../../i18n/labels';

const TONE: Record<DnsRecordState, 'ok' | 'warn' | 'danger' | 'info'> = { ok: 'ok', drift: 'warn', error: 'danger', pending: 'info' };

/** One DNS record's state: ok, drift (changed outside the app), error, or waiting to be created. */
export function DnsStateBadge({ state }: { state: DnsRecordState }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${TONE[state]}`} data-testid="dns-state" data-dns-state={state}>
      <span className="badge-dot" aria-hidden="true" />
      {dnsStateLabel(t, state)}
    </span>
  );
}
