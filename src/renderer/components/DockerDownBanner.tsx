import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useHosts } from '../api/queries';
import { hostReasonText } from '../i18n/errorText';
import { hostKeyPrompt } from '../model/hostKeys';
import { Icon } from './Icon';
import { RelativeTime } from './RelativeTime';

/**
 * Shown on every page while a host's Docker cannot be reached; lists stay at their last known state.
 * A host that waits for the user (a key to accept, a passphrase) says so rather than "unreachable".
 */
export function DockerDownBanner() {
  const { t } = useTranslation();
  const down = (useHosts().data ?? []).filter((host) => host.state === 'down');
  if (down.length === 0) return null;
  return (
    <div className="banner banner-danger" role="alert" data-testid="docker-down">
      <Icon name="warning" size={18} />
      <div className="banner-body">
        {down.map((host) => (
          <p key={host.id}>
            <strong>
              {hostKeyPrompt(host) || host.needsPassphrase ? t('dockerDown.actionNeeded', { host: host.name }) : t('dockerDown.title', { host: host.name })}
            </strong>{' '}
            <span data-testid="docker-down-reason">{host.reason === null ? t('dockerDown.noReason') : hostReasonText(t, host)}</span>{' '}
            <span className="muted">
              {t('dockerDown.since')} <RelativeTime at={host.since} />
            </span>
          </p>
        ))}
        <p className="muted">{t('dockerDown.hint')}</p>
      </div>
      <Link className="button button-small" to="/hosts">
        {t('dockerDown.openHosts')}
      </Link>
    </div>
  );
}
