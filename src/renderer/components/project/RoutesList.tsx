import { useTranslation } from 'react-i18next';
import type { RoutesView } from '../../../shared/types';
import { problemText } from '../../i18n/errorText';
import { SimpleTable } from '../SimpleTable';
import { routeStateLabel } from './deployLabels';

const STATE_TONE = { held: 'ok', differs: 'warn', missing: 'danger', unknown: 'neutral' } as const;

/** The project's proxy routes as recorded, each checked against what the proxy holds. */
export function RoutesList({ routes }: { routes: RoutesView }) {
  const { t } = useTranslation();
  return (
    <>
      {routes.proxyError && (
        <p className="warning-text small wrap" role="alert" data-testid="routes-proxy-error">
          {t('project.routes.proxyError', { reason: problemText(t, routes.proxyError) })}
        </p>
      )}
      {routes.routes.length === 0 ? (
        <p className="muted" data-testid="routes-empty">
          {t('project.routes.empty')}
        </p>
      ) : (
        <div className="table-wrap">
          <SimpleTable
            testId="routes-table"
            columns={[t('project.routes.host'), t('project.routes.stage'), t('project.routes.upstream'), t('project.routes.proxy')]}
          >
            {routes.routes.map((route) => (
              <tr key={route.routeId} data-testid="route-row" data-host={route.host} data-proxy={route.proxy}>
                <td className="mono cell-strong">{route.host}</td>
                <td>{route.stageName}</td>
                <td className="mono">{route.port === null ? route.containerName : `${route.containerName}:${route.port}`}</td>
                <td>
                  <span className={`badge badge-${STATE_TONE[route.proxy]}`}>{routeStateLabel(t, route.proxy)}</span>
                  {route.proxy === 'differs' && route.proxyHost && (
                    <span className="muted small mono"> {t('project.routes.proxyHolds', { host: route.proxyHost, upstream: route.proxyUpstream ?? '' })}</span>
                  )}
                </td>
              </tr>
            ))}
          </SimpleTable>
        </div>
      )}
    </>
  );
}
