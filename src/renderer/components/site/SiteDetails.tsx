// A static site's page body: its settings, a deploy with its upload live, the kept versions (one
// served, the others a rollback away) and the history of its blue-green runs. deploys.changed and
// sites.progress keep the lists current (api/liveEvents.ts).
import { useTranslation } from 'react-i18next';
import type { SiteView } from '../../../shared/types';
import { useSiteDeploys, useSiteVersions } from '../../api/queries';
import { ErrorState } from '../ErrorState';
import { Loading } from '../Loading';
import { DeployHistory } from '../project/DeployHistory';
import { SiteDeployCard } from './SiteDeployCard';
import { SiteSettings } from './SiteSettings';
import { SiteVersions } from './SiteVersions';
import '../../styles/project.css';
import '../../styles/site.css';

/**
 * A site's run records the web server's image, the same for every version: beside the run it says
 * nothing, so the line goes without it (which version a run served is not in the record).
 */
const noImage = () => '';

export function SiteDetails({ site }: { site: SiteView }) {
  const { t } = useTranslation();
  const versions = useSiteVersions(site.id);
  const deploys = useSiteDeploys(site.id);
  const busy = deploys.data?.[0]?.status === 'running' || versions.data?.some((v) => v.status === 'uploading') === true;

  return (
    <>
      <SiteSettings key={site.id} site={site} />
      <SiteDeployCard key={`deploy-${site.id}`} site={site} />
      <section className="card">
        <h2>{t('site.versions.title')}</h2>
        {versions.isPending ? (
          <Loading label={t('site.versions.loading')} />
        ) : versions.isError ? (
          <ErrorState title={t('site.versions.loadFailed')} error={versions.error} onRetry={() => void versions.refetch()} />
        ) : (
          <SiteVersions workloadId={site.id} versions={versions.data} busy={busy} />
        )}
      </section>
      <section className="card" data-testid="site-history">
        <h2>{t('site.history.title')}</h2>
        {deploys.isPending ? (
          <Loading label={t('site.history.loading')} />
        ) : deploys.isError ? (
          <ErrorState title={t('site.history.loadFailed')} error={deploys.error} onRetry={() => void deploys.refetch()} />
        ) : (
          <DeployHistory deploys={deploys.data} labelOf={noImage} />
        )}
      </section>
    </>
  );
}
