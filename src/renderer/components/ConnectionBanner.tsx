import { useTranslation } from 'react-i18next';
import { useConnectionStatus } from '../api/useConnectionStatus';
import { useConnection } from '../api/transportContext';
import { Icon } from './Icon';

/**
 * The browser shell lost its WebSocket: say so, and let the user retry without waiting for the
 * backoff. Or it refused this page's token: say how to get access, since retrying cannot help.
 */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const status = useConnectionStatus();
  const connection = useConnection();
  if (status.state === 'unauthorized') {
    return (
      <div className="banner banner-danger" role="alert" data-testid="engine-unauthorized">
        <Icon name="warning" size={18} />
        <div className="banner-body">
          <p>
            <strong>{t('connection.unauthorized')}</strong> {t('connection.unauthorizedHelp')}
          </p>
        </div>
      </div>
    );
  }
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
