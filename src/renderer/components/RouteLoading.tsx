import { useTranslation } from 'react-i18next';
import { useNavigation } from 'react-router-dom';
import { Loading } from './Loading';

/**
 * Shown in place of the page while the code of the page the app opened on is still loading
 * (react-router's HydrateFallback): the sidebar is already there, the page says it is coming.
 */
export function RouteLoading() {
  const { t } = useTranslation();
  return (
    <div className="page" data-testid="route-loading">
      <Loading label={t('nav.loadingPage')} />
    </div>
  );
}

/**
 * A thin bar above the page while the next page's code loads: the router keeps the current page on
 * screen until the next one is ready, and without this a slow load looks like a click that did
 * nothing. It appears only after a short delay (CSS), so a fast load does not flicker.
 */
export function RouteProgress() {
  const { t } = useTranslation();
  const navigation = useNavigation();
  if (navigation.state !== 'loading') return null;
  return <div className="route-progress" role="progressbar" aria-label={t('nav.loadingPage')} data-testid="route-progress" />;
}
