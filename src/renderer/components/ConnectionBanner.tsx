import { useTranslation } from 'react-i18next';
import { useConnectionStatus } from '../api/useConnectionStatus';
import { useConnection } from '../api/transportContext';
import { Icon } from './Icon';

/** The browser shell lost its WebSocket: say so, and let the user retry without waiting for the backoff. */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const status = useConnectionStatus();
  const connection = useConnection();
  if (status.state !== 'lost') return null;
  return (
    <div className="banner banner-warn" role="alert" data-testid="engine-disconnected">
      <Icon name="warning" size={18} />
      <div className="banner-body">
        <p>
          <strong>{t('connection.lost')}</strong> {t('connection.reconnecting')}
        </p>
      </div>
      <button type="button" className="button button-small" onClick={() => connection.retryNow()}>
        {t('connection.retryNow')}
      </button>
    </div>
  );
}
