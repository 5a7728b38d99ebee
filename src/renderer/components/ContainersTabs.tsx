import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';

/** The Containers page's two views: what the app owns, and what else runs on a host (its own route, loaded on demand). */
export function ContainersTabs() {
  const { t } = useTranslation();
  const tab = ({ isActive }: { isActive: boolean }) => (isActive ? 'tab active' : 'tab');
  return (
    <nav className="tabs" aria-label={t('containers.tabs.label')} data-testid="containers-tabs">
      <NavLink to="/containers" end className={tab}>
        {t('containers.tabs.owned')}
      </NavLink>
      <NavLink to="/containers/other" className={tab} data-testid="tab-other">
        {t('containers.tabs.other')}
      </NavLink>
    </nav>
  );
}
