// A stack's services published through the host's reverse proxy: each public name with the service
// and port it reaches and what the route does now, a form to publish another (service, container
// port, subdomain) and unpublish. The route follows the service's container when compose recreates it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StackRouteView } from '../../../shared/types';
import { useStackRoutes } from '../../api/queries';
import { usePublishService, useUnpublishService } from '../../api/stackMutations';
import { errorText } from '../../i18n/errorText';
import { ErrorState } from '../ErrorState';
import { Loading } from '../Loading';
import { SimpleTable } from '../SimpleTable';
import { routeStateHint, routeStateName } from './stackLabels';

const TONE: Record<StackRouteView['state'], string> = {
  routed: 'badge-ok',
  pending: 'badge-neutral',
  waiting: 'badge-warn',
  unreachable: 'badge-danger',
  'no-proxy': 'badge-danger',
  'proxy-down': 'badge-danger',
};

export function StackRoutes({ workloadId, services }: { workloadId: string; services: string[] }) {
  const { t } = useTranslation();
  const routes = useStackRoutes(workloadId);
  const publish = usePublishService(workloadId);
  const unpublish = useUnpublishService(workloadId);
  const [service, setService] = useState('');
  const [port, setPort] = useState('80');
  const [subdomain, setSubdomain] = useState('');
  const chosen = service || services[0] || '';

  if (routes.isPending) return <Loading label={t('stack.routes.loading')} />;
  if (routes.isError) return <ErrorState title={t('stack.routes.loadFailed')} error={routes.error} onRetry={() => void routes.refetch()} />;

  return (
    <div className="stack-routes" data-testid="stack-routes">
      <p className="field-hint">{t('stack.routes.hint')}</p>
      {routes.data.length === 0 ? (
        <p className="muted">{t('stack.routes.empty')}</p>
      ) : (
        <div className="table-wrap">
          <SimpleTable testId="stack-routes-table" columns={[t('stack.routes.host'), t('stack.routes.service'), t('stack.routes.state'), '']}>
            {routes.data.map((r) => (
              <tr key={r.id} data-testid="stack-route" data-state={r.state}>
                <td className="mono cell-strong wrap">{r.host}</td>
                <td className="mono">
                  {r.service}:{r.port}
                  {r.upstream && <span className="muted small"> → {r.upstream}</span>}
                </td>
                <td>
                  <span className={`badge ${TONE[r.state]}`} title={routeStateHint(t, r.state)}>
                    {routeStateName(t, r.state)}
                  </span>
                </td>
                <td className="cell-actions">
                  <button
                    type="button"
                    className="button button-danger-text button-small"
                    disabled={unpublish.isPending}
                    onClick={() => unpublish.mutate(r.id)}
                    data-testid="stack-route-unpublish"
                  >
                    {t('stack.routes.unpublish')}
                  </button>
                </td>
              </tr>
            ))}
          </SimpleTable>
        </div>
      )}
      {services.length > 0 && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            publish.mutate({ service: chosen, port: Number(port), subdomain: subdomain.trim() }, { onSuccess: () => setSubdomain('') });
          }}
        >
          <select aria-label={t('stack.routes.service')} value={chosen} onChange={(e) => setService(e.target.value)} data-testid="route-service">
            {services.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <input
            type="number"
            min={1}
            max={65535}
            aria-label={t('stack.routes.port')}
            placeholder={t('stack.routes.port')}
            value={port}
            onChange={(e) => setPort(e.target.value)}
            data-testid="route-port"
          />
          <input
            className="mono"
            aria-label={t('stack.routes.subdomain')}
            placeholder={t('stack.routes.subdomain')}
            value={subdomain}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setSubdomain(e.target.value)}
            data-testid="route-subdomain"
          />
          <button type="submit" className="button" disabled={subdomain.trim() === '' || port === '' || publish.isPending} data-testid="route-publish">
            {t('stack.routes.publish')}
          </button>
        </form>
      )}
      {(publish.isError || unpublish.isError) && (
        <p className="danger-text" role="alert" data-testid="route-error">
          {errorText(t, publish.error ?? unpublish.error)}
        </p>
      )}
    </div>
  );
}
