// Each service of the stack as Docker runs it now: its containers with state, health, restarts,
// exit code and image, a live log per container the app has recorded, and a per-service restart.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContainerHealth, ContainerState, StackServiceView } from '../../../shared/types';
import { useRunStack } from '../../api/stackMutations';
import { errorText } from '../../i18n/errorText';
import { LazyContainerLogs } from '../logs/LazyContainerLogs';
import { STATE_TONE, StateBadge } from '../StateBadge';
import { shortImageId } from './stackLabels';

type Container = StackServiceView['containers'][number];

const HEALTH = new Set<string>(['healthy', 'unhealthy', 'starting', 'none']);
const isState = (state: string): state is ContainerState => state in STATE_TONE;

function ContainerRow({ container, workloadId }: { container: Container; workloadId: string }) {
  const { t } = useTranslation();
  const [logs, setLogs] = useState(false);
  const health = HEALTH.has(container.health) ? (container.health as ContainerHealth) : undefined;
  return (
    <li className="service-container" data-testid="stack-container" data-container-name={container.name} data-state={container.state}>
      <div className="service-container-line">
        <span className="mono strong wrap">{container.name}</span>
        {isState(container.state) ? (
          <StateBadge state={container.state} health={health} exitCode={container.exitCode} />
        ) : (
          <span className="badge badge-neutral">{container.state}</span>
        )}
        <span className="small muted nowrap">{t('stack.services.restarts', { count: container.restartCount })}</span>
        <span className="mono small wrap" title={container.imageId}>
          {container.image} <span className="muted">{shortImageId(container.imageId)}</span>
        </span>
        {container.rowId && (
          <button
            type="button"
            className={`button button-ghost button-small push-right${logs ? ' toggle-on' : ''}`}
            aria-pressed={logs}
            data-testid="stack-container-logs"
            onClick={() => setLogs((on) => !on)}
          >
            {t('project.instance.logs')}
          </button>
        )}
      </div>
      {logs && container.rowId && (
        <div className="service-logs">
          <LazyContainerLogs containerId={container.rowId} workloadId={workloadId} />
        </div>
      )}
    </li>
  );
}

function ServiceCard({ service, workloadId, busy }: { service: StackServiceView; workloadId: string; busy: boolean }) {
  const { t } = useTranslation();
  const run = useRunStack(workloadId);
  return (
    <article className="stage-card" data-testid="stack-service" data-service={service.service}>
      <div className="stage-card-head">
        <h3 className="mono">{service.service}</h3>
        <button
          type="button"
          className="button button-ghost button-small"
          data-testid="stack-service-restart"
          disabled={busy || run.isPending}
          onClick={() => run.mutate({ kind: 'restart-service', service: service.service })}
        >
          {t('stack.services.restart')}
        </button>
      </div>
      {service.containers.length === 0 ? (
        <p className="muted small">{t('stack.services.noContainers')}</p>
      ) : (
        <ul className="service-containers">
          {service.containers.map((container) => (
            <ContainerRow key={container.name} container={container} workloadId={workloadId} />
          ))}
        </ul>
      )}
      {run.isError && (
        <p className="danger-text small wrap" role="alert">
          {errorText(t, run.error)}
        </p>
      )}
    </article>
  );
}

export function StackServices({ workloadId, services, busy }: { workloadId: string; services: readonly StackServiceView[]; busy: boolean }) {
  const { t } = useTranslation();
  if (services.length === 0) return <p className="muted">{t('stack.services.empty')}</p>;
  return (
    <div className="stack-services">
      {services.map((service) => (
        <ServiceCard key={service.service} service={service} workloadId={workloadId} busy={busy} />
      ))}
    </div>
  );
}
