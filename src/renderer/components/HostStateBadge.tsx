import { useTranslation } from 'react-i18next';
import type { ConnectionState } from '../../shared/types';
import { hostStateLabel } from '../i18n/labels';

const TONE: Record<ConnectionState, string> = { up: 'ok', connecting: 'info', down: 'danger' };

export function HostStateBadge({ state }: { state: ConnectionState }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${TONE[state]}`} data-host-state={state}>
      <span className="badge-dot" aria-hidden="true" />
      {hostStateLabel(t, state)}
    </span>
  );
}
