import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { ContainerView } from '../../../shared/types';
import { Icon } from '../Icon';
import { RelativeTime } from '../RelativeTime';

/**
 * Containers whose labels name a real workload but that the app did not create: never routed or
 * cleaned up until a user trusts or removes them on the workload's page.
 */
export function UnverifiedHealth({ unverified }: { unverified: { count: number; oldest: readonly ContainerView[] } }) {
  const { t } = useTranslation();
  const { count, oldest: containers } = unverified;
  if (count === 0) return null;
  return (
    <section className="health-section" aria-labelledby="health-unverified">
      <div className="forged" role="alert" data-testid="unverified-containers">
        <h3 id="health-unverified" className="forged-title">
          <Icon name="warning" size={14} />
          {t('home.unverifiedTitle', { count })}
        </h3>
        <p className="muted">{t('home.unverifiedExplain')}</p>
        <ul>
          {containers.map((c) => (
            <li key={c.id} data-testid="unverified-container" data-container-name={c.name}>
              <strong>{c.name}</strong> <span className="mono muted">{c.image}</span>{' '}
              {c.workloadId && (
                <>
                  {t('home.unverifiedClaims')} <Link to={`/workloads/${encodeURIComponent(c.workloadId)}`}>{c.workloadName ?? c.workloadId}</Link> ({c.role}
                  ),{' '}
                </>
              )}
              {t('home.unverifiedAppeared')} <RelativeTime at={c.firstSeenAt} />
            </li>
          ))}
        </ul>
        {count > containers.length && (
          <p className="muted" data-testid="unverified-more">
            {t('home.unverifiedMore', { count: count - containers.length })}
          </p>
        )}
      </div>
    </section>
  );
}
