import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { HealthView } from '../../../shared/types';

function Stat({ label, value, to, tone }: { label: string; value: number; to: string; tone?: string }) {
  const { t } = useTranslation();
  return (
    <Link to={to} className={tone ? `stat stat-${tone}` : 'stat'}>
      <span className="stat-value">{t('nav.number', { value })}</span>
      <span className="stat-label">{label}</span>
    </Link>
  );
}

/** Container and workload totals; each number opens the list it counts. */
export function TotalsHealth({ health }: { health: HealthView }) {
  const { t } = useTranslation();
  const { containers, workloads } = health;
  return (
    <>
      <section className="health-section" aria-labelledby="health-containers">
        <h3 id="health-containers">{t('home.containers')}</h3>
        <div className="stats" data-testid="container-totals">
          <Stat label={t('home.total')} value={containers.total} to="/containers" />
          <Stat label={t('state.running')} value={containers.running} to="/containers?state=running" tone="ok" />
          <Stat label={t('state.exited')} value={containers.exited} to="/containers?state=exited" />
          <Stat label={t('state.missing')} value={containers.missing} to="/containers?state=missing" tone={containers.missing > 0 ? 'warn' : undefined} />
        </div>
      </section>
      <section className="health-section" aria-labelledby="health-workloads">
        <h3 id="health-workloads">{t('home.workloads')}</h3>
        <div className="stats" data-testid="workload-totals">
          <Stat label={t('home.projects')} value={workloads.project} to="/workloads?kind=project" />
          <Stat label={t('home.stacks')} value={workloads.stack} to="/workloads?kind=stack" />
          <Stat label={t('home.sites')} value={workloads.site} to="/workloads?kind=site" />
        </div>
      </section>
    </>
  );
}
