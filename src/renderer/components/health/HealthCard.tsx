import { useTranslation } from 'react-i18next';
import { useHealth } from '../../api/queries';
import { ErrorState } from '../ErrorState';
import { Loading } from '../Loading';
import { HostsHealth } from './HostsHealth';
import { ReconcileHealth } from './ReconcileHealth';
import { TotalsHealth } from './TotalsHealth';
import { UnverifiedHealth } from './UnverifiedHealth';

/** The home page's one-glance view of the system, from system.health. */
export function HealthCard() {
  const { t } = useTranslation();
  const health = useHealth();
  return (
    <section className="card health-card" data-testid="health-card" aria-labelledby="health-title">
      <h2 id="health-title">{t('home.healthTitle')}</h2>
      {health.isPending && <Loading label={t('home.loading')} />}
      {health.isError && !health.data && <ErrorState title={t('home.loadFailed')} error={health.error} onRetry={() => void health.refetch()} />}
      {health.data && (
        <div className="health-grid">
          <UnverifiedHealth unverified={health.data.unverified} />
          <HostsHealth hosts={health.data.hosts} />
          <ReconcileHealth reports={health.data.reports} hosts={health.data.hosts} />
          <TotalsHealth health={health.data} />
        </div>
      )}
    </section>
  );
}
