// The Overview tab: what one inspect of the container says, grouped as a user reads it.
import { useTranslation } from 'react-i18next';
import type { ContainerDetail } from '../../../shared/containerDetail';
import { RelativeTime } from '../RelativeTime';
import '../../styles/container.css';
import { exitReasonText } from './exitReasonText';
import { healthLabel } from '../../i18n/labels';
import type { ContainerHealth } from '../../../shared/types';
import { useContainerUpdates } from '../../api/queries';
import { updateStateText } from '../registryWatch/UpdateBadge';

export function ContainerOverview({ detail }: { detail: ContainerDetail }) {
  const { t } = useTranslation();
  const labels = Object.entries(detail.labels).sort(([a], [b]) => a.localeCompare(b));
  const update = useContainerUpdates().data?.get(detail.id);
  return (
    <div className="detail-grid" data-testid="container-overview">
      <section className="card">
        <h2 className="card-title">{t('containerDetail.overview.runtime')}</h2>
        <dl className="facts facts-two">
          <dt>{t('containers.column.image')}</dt>
          <dd className="mono wrap" data-testid="detail-image">
            {detail.image}
          </dd>
          <dt>{t('containerDetail.overview.imageId')}</dt>
          <dd className="mono wrap small">{detail.digest ?? detail.imageId}</dd>
          {update && (
            <>
              <dt>{t('registryWatch.updateLabel')}</dt>
              <dd data-testid="detail-update" data-state={update.state}>
                {updateStateText(t, update)}
              </dd>
            </>
          )}
          <dt>{t('containerDetail.overview.command')}</dt>
          <dd className="mono wrap small">{detail.command.join(' ') || '—'}</dd>
          <dt>{t('containerDetail.overview.status')}</dt>
          <dd data-testid="detail-status">{detail.status}</dd>
          <dt>{t('containerDetail.overview.created')}</dt>
          <dd>
            <RelativeTime at={detail.createdAt} />
          </dd>
          <dt>{t('containerDetail.overview.started')}</dt>
          <dd>
            <RelativeTime at={detail.startedAt} />
          </dd>
          {!detail.running && (
            <>
              <dt>{t('containerDetail.overview.finished')}</dt>
              <dd>
                <RelativeTime at={detail.finishedAt} />
              </dd>
            </>
          )}
          <dt>{t('containerDetail.overview.restarts')}</dt>
          <dd data-testid="detail-restarts">{detail.restartCount}</dd>
          {detail.exitReason && (
            <>
              <dt>{t('containerDetail.overview.exit')}</dt>
              <dd data-testid="detail-exit" data-kind={detail.exitReason.kind}>
                {exitReasonText(t, detail.exitReason)}
              </dd>
            </>
          )}
          {detail.error && (
            <>
              <dt>{t('containerDetail.overview.error')}</dt>
              <dd className="danger-text wrap">{detail.error}</dd>
            </>
          )}
        </dl>
      </section>

      <section className="card" data-testid="detail-health">
        <h2 className="card-title">{t('containerDetail.overview.health')}</h2>
        {detail.health ? (
          <>
            <p>
              {t('containerDetail.overview.healthStatus', { status: healthLabel(t, knownHealth(detail.health.status)), streak: detail.health.failingStreak })}
            </p>
            <ol className="health-runs">
              {detail.health.log.map((run, i) => (
                <li key={i} className={run.exitCode === 0 ? '' : 'danger-text'}>
                  <RelativeTime at={run.end ?? run.start} /> · {t('containerDetail.overview.healthExit', { code: run.exitCode })}
                  {run.output && <pre className="mono small wrap">{run.output.trim()}</pre>}
                </li>
              ))}
            </ol>
          </>
        ) : (
          <p className="muted">{t('containerDetail.overview.noHealthCheck')}</p>
        )}
      </section>

      <section className="card">
        <h2 className="card-title">{t('containerDetail.overview.ports')}</h2>
        {detail.ports.length === 0 ? (
          <p className="muted">{t('containerDetail.overview.none')}</p>
        ) : (
          <ul className="plain-list mono small" data-testid="detail-ports">
            {detail.ports.map((p) => (
              <li key={`${p.containerPort}/${p.protocol}/${p.hostIp ?? ''}:${p.hostPort ?? ''}`}>
                {p.hostPort !== null ? `${p.hostIp ?? '0.0.0.0'}:${p.hostPort} → ` : ''}
                {p.containerPort}/{p.protocol}
                {p.hostPort === null && <span className="muted"> ({t('containerDetail.overview.notPublished')})</span>}
              </li>
            ))}
          </ul>
        )}
        <h2 className="card-title">{t('containerDetail.overview.networks')}</h2>
        {detail.networks.length === 0 ? (
          <p className="muted">{t('containerDetail.overview.none')}</p>
        ) : (
          <ul className="plain-list small" data-testid="detail-networks">
            {detail.networks.map((n) => (
              <li key={n.name}>
                <span className="mono">{n.name}</span> {n.ipAddress && <span className="mono muted">{n.ipAddress}</span>}
                {n.aliases.length > 0 && <span className="muted"> · {n.aliases.join(', ')}</span>}
              </li>
            ))}
          </ul>
        )}
        <h2 className="card-title">{t('containerDetail.overview.mounts')}</h2>
        {detail.mounts.length === 0 ? (
          <p className="muted">{t('containerDetail.overview.none')}</p>
        ) : (
          <ul className="plain-list mono small" data-testid="detail-mounts">
            {detail.mounts.map((m) => (
              <li key={m.destination}>
                {m.source} → {m.destination}{' '}
                <span className="muted">
                  ({m.type}
                  {m.readOnly ? `, ${t('containerDetail.overview.readOnly')}` : ''})
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card">
        <h2 className="card-title">{t('containerDetail.overview.labels')}</h2>
        {labels.length === 0 ? (
          <p className="muted">{t('containerDetail.overview.none')}</p>
        ) : (
          <dl className="facts facts-two mono small" data-testid="detail-labels">
            {labels.flatMap(([key, value]) => [
              <dt key={`k:${key}`} className="wrap">
                {key}
              </dt>,
              <dd key={`v:${key}`} className="wrap">
                {value}
              </dd>,
            ])}
          </dl>
        )}
      </section>
    </div>
  );
}

function knownHealth(status: string): ContainerHealth {
  return status === 'healthy' || status === 'unhealthy' || status === 'starting' ? status : 'none';
}
