import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router-dom';
import { isChunkLoadError } from '../model/chunkLoad';
import { ErrorState } from './ErrorState';

/**
 * A page threw while rendering, or its code could not be loaded (after an app update, or with the
 * browser shell's server gone): say which instead of a blank window, and offer a reload, which
 * also fetches the current chunk names.
 */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  const notLoaded = isChunkLoadError(error);
  return (
    <div className="page">
      <ErrorState
        title={notLoaded ? t('errors.pageLoadFailed') : t('errors.pageCrashed')}
        message={notLoaded ? t('errors.pageLoadFailedBody') : undefined}
        error={error}
        onRetry={() => window.location.reload()}
      />
    </div>
  );
}
