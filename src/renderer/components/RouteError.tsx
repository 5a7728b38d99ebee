import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router-dom';
import { ErrorState } from './ErrorState';

/** A page threw while rendering: say so instead of a blank window, and offer a reload. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  return (
    <div className="page">
      <ErrorState title={t('errors.pageCrashed')} error={error} onRetry={() => window.location.reload()} />
    </div>
  );
}
