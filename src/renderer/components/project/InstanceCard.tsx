import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { containerDetailPath, hasDetailPanel } from '../../model/containerPaths';
import type { ContainerView } from '../../../shared/types';
import { useInstanceAction } from '../../api/projectMutations';
import type { InstanceAction } from '../../api/projectMutations';
import { errorText } from '../../i18n/errorText';
import { ConfirmDialog } from '../ConfirmDialog';
import { Dialog } from '../Dialog';
import { LazyContainerLogs } from '../logs/LazyContainerLogs';
import { RelativeTime } from '../RelativeTime';
import { StateBadge } from '../StateBadge';
import { ProvenanceBadge } from '../provenance/ProvenanceBadge';

const RUNNING_LIKE = new Set(['running', 'restarting', 'paused']);

/**
 * One container of a stage with its actions. The calls carry the workload and stage ids, so the
 * engine refuses a container that is not this stage's (ownership is checked there, not here).
 */
export function InstanceCard({
  container,
  workloadId,
  stageId,
  serving,
  imageLabel,
}: {
  container: ContainerView;
  workloadId: string;
  stageId: string;
  serving: boolean;
  /** A readable name for the container's image (rollback and promote run an image by its digest). */
  imageLabel: string;
}) {
  const { t } = useTranslation();
  const action = useInstanceAction();
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [showLogs, setShowLogs] = useState(false);
  const run = (name: InstanceAction) => action.mutate({ action: name, id: container.id, workloadId, stageId }, { onSuccess: () => setConfirmRemove(false) });
  const running = RUNNING_LIKE.has(container.state);
  const placeholder = container.state === 'pending' || container.dockerId === '';

  return (
    <article className="instance-card" data-testid="instance-card" data-container-name={container.name} data-state={container.state}>
      <header className="instance-head">
        <span className="strong mono wrap">{container.name}</span>
        {serving && <span className="badge badge-info">{t('project.instance.serving')}</span>}
        <ProvenanceBadge provenance={container.provenance} t={t} />
      </header>
      <StateBadge state={container.state} health={container.health} exitCode={container.exitCode} stopKind={container.stopKind} />
      <dl className="facts facts-compact small">
        <dt>{t('containers.column.image')}</dt>
        <dd className="mono wrap" title={container.image}>
          {imageLabel}
        </dd>
        <dt>{running ? t('project.instance.started') : t('project.instance.created')}</dt>
        <dd>
          <RelativeTime at={running ? container.startedAt : container.createdAt} />
        </dd>
      </dl>
      <div className="actions">
        {hasDetailPanel(container) && (
          <Link to={containerDetailPath(container.id)} className="button button-ghost button-small" data-testid="instance-details">
            {t('project.instance.details')}
          </Link>
        )}
        {/* Logs, like the details, only of a container the app created or the user trusted (the engine checks). */}
        {hasDetailPanel(container) && (
          <button type="button" className="button button-ghost button-small" data-testid="instance-logs" onClick={() => setShowLogs(true)}>
            {t('project.instance.logs')}
          </button>
        )}
        <button
          type="button"
          className="button button-ghost button-small"
          data-testid="instance-stop"
          disabled={!running || placeholder || action.isPending}
          onClick={() => run('stop')}
        >
          {t('project.instance.stop')}
        </button>
        <button
          type="button"
          className="button button-ghost button-small"
          data-testid="instance-restart"
          disabled={placeholder || action.isPending}
          onClick={() => run('restart')}
        >
          {t('project.instance.restart')}
        </button>
        <button
          type="button"
          className="button button-ghost button-small button-danger-text"
          data-testid="instance-remove"
          disabled={placeholder || action.isPending}
          onClick={() => setConfirmRemove(true)}
        >
          {t('project.instance.remove')}
        </button>
      </div>
      {action.isError && !confirmRemove && (
        <p className="danger-text small wrap" role="alert" data-testid="instance-error">
          {errorText(t, action.error)}
        </p>
      )}
      {showLogs && (
        <Dialog title={t('logs.pageTitle', { name: container.name })} testId="instance-logs-dialog" fill onClose={() => setShowLogs(false)}>
          <div className="dialog-fill-body">
            <LazyContainerLogs containerId={container.id} workloadId={workloadId} stageId={stageId} />
          </div>
        </Dialog>
      )}
      {confirmRemove && (
        <ConfirmDialog
          title={t('project.instance.removeTitle', { name: container.name })}
          testId="remove-instance-dialog"
          onClose={() => setConfirmRemove(false)}
          tone="danger"
          confirmLabel={t('project.instance.remove')}
          pendingLabel={t('project.instance.removing')}
          pending={action.isPending}
          onConfirm={() => run('remove')}
          confirmTestId="confirm-remove-instance"
          failure={action.error}
        >
          <p>{serving ? t('project.instance.removeServingBody') : t('project.instance.removeBody')}</p>
        </ConfirmDialog>
      )}
    </article>
  );
}
