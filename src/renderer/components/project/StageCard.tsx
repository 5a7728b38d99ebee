import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContainerView, ProjectView, RouteView, StageView } from '../../../shared/types';
import { useContainers, useDeploys, useRegistryWatch, useStageImages } from '../../api/queries';
import { WatchPanel } from '../registryWatch/WatchPanel';
import { errorText } from '../../i18n/errorText';
import { DnsRecordLine } from '../dns/DnsRecordLine';
import { DeployDialog } from './DeployDialog';
import { DeployHistory } from './DeployHistory';
import { DeployImpact } from './DeployImpact';
import { deployStepLabel } from './deployLabels';
import { shortDigest } from '../../../shared/imageName';
import { InstanceCard } from './InstanceCard';
import { PromoteDialog } from './PromoteDialog';
import { PullProgress } from './PullProgress';
import { RemoveStageDialog } from './RemoveStageDialog';
import { RollbackDialog } from './RollbackDialog';
import { StageDialog } from './StageDialog';
import { StageImages } from './StageImages';
import { StageSettings } from './StageSettings';

type Open = 'deploy' | 'rollback' | 'promote' | 'edit' | 'remove' | null;

/** A button that cannot act says why in words beside it, not only in a tooltip. */
function ActionReason({ reason, testId }: { reason: string | null; testId: string }) {
  return reason ? (
    <span className="action-reason small muted" data-testid={testId}>
      {reason}
    </span>
  ) : null;
}

/**
 * One stage: its settings and current image, its actions (deploy, rollback, promote, edit,
 * remove), its instances, the images it can return to and its deploy history. Everything here
 * follows the stage by id; deploys.changed events refresh the history and images as steps pass.
 */
export function StageCard({ project, stage, route }: { project: ProjectView; stage: StageView; route: RouteView | undefined }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Open>(null);
  const deploys = useDeploys(stage.id);
  const images = useStageImages(stage.id);
  const containers = useContainers();
  const watch = useRegistryWatch(project.id).data?.find((w) => w.stageId === stage.id);
  const instances = useMemo(
    () =>
      (containers.data ?? [])
        .filter((c: ContainerView) => c.stageId === stage.id && c.state !== 'missing' && c.provenance !== 'unverified')
        .sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0)),
    [containers.data, stage.id],
  );

  const running = deploys.data?.find((d) => d.status === 'running');
  const current = images.data?.find((i) => i.current);
  const target = images.data?.find((i) => i.rollbackTarget);
  const currentImage = current?.image ?? t('project.settings.notDeployed');
  const nameOf = (digest: string) => images.data?.find((i) => i.imageDigest === digest && !i.image.startsWith('sha256:'))?.image;
  /** Rollback and promote run an image by its id: name it by the tag it was deployed under, if known. */
  const labelOf = (image: string) => (image.startsWith('sha256:') ? (nameOf(image) ?? shortDigest(image)) : image);

  const deployingReason = running ? t('project.reason.deploying', { step: deployStepLabel(t, running.step) }) : null;
  const rollbackReason =
    deployingReason ??
    (!target ? t('project.reason.nothingToRollBack') : target.presence === 'gone' ? t('project.reason.rollbackGone', { image: target.image }) : null);
  const promoteReason =
    deployingReason ?? (project.stages.length < 2 ? t('project.reason.noOtherStage') : !current ? t('project.reason.nothingToPromote') : null);

  return (
    <section className="stage-card" data-testid="stage-card" data-stage-name={stage.name} data-stage-id={stage.id} aria-labelledby={`stage-${stage.id}`}>
      <header className="stage-card-head">
        <div className="stage-card-title">
          <h3 id={`stage-${stage.id}`}>{stage.name}</h3>
          <span className="mono muted wrap" data-testid="stage-current-image">
            {currentImage}
          </span>
        </div>
        <div className="actions">
          <button
            type="button"
            className="button button-primary button-small"
            data-testid="stage-deploy"
            disabled={running !== undefined}
            onClick={() => setOpen('deploy')}
          >
            {t('project.deploy.action')}
          </button>
          <button
            type="button"
            className="button button-ghost button-small"
            data-testid="stage-rollback"
            disabled={rollbackReason !== null}
            onClick={() => setOpen('rollback')}
          >
            {target && !rollbackReason ? t('project.rollback.actionTo', { image: target.image }) : t('project.rollback.action')}
          </button>
          <button
            type="button"
            className="button button-ghost button-small"
            data-testid="stage-promote"
            disabled={promoteReason !== null}
            onClick={() => setOpen('promote')}
          >
            {t('project.promote.action')}
          </button>
          <button type="button" className="button button-ghost button-small" data-testid="stage-edit" onClick={() => setOpen('edit')}>
            {t('project.stageDialog.editAction')}
          </button>
          <button type="button" className="button button-ghost button-small button-danger-text" data-testid="stage-remove" onClick={() => setOpen('remove')}>
            {t('project.removeStage.action')}
          </button>
        </div>
      </header>
      <DnsRecordLine hostId={project.hostId} ownerId={stage.id} />
      <div className="action-reasons">
        <ActionReason reason={rollbackReason === deployingReason ? null : rollbackReason} testId="rollback-reason" />
        <ActionReason reason={promoteReason === deployingReason ? null : promoteReason} testId="promote-reason" />
      </div>

      {running && (
        <div className="deploy-live" data-testid="deploy-live" role="status">
          <span className="spinner" aria-hidden="true" />
          <span>{t('project.live.step', { image: running.image, step: deployStepLabel(t, running.step) })}</span>
          {running.pull && <PullProgress pull={running.pull} />}
        </div>
      )}

      <div className="stage-card-body">
        <div>
          <h4>{t('project.settings.title')}</h4>
          <StageSettings stage={stage} image={`${project.imageRepository}:${stage.imageTag}`} host={route?.host ?? null} />
          {watch && <WatchPanel view={watch} />}
        </div>
        <div>
          <h4>{t('project.images.title')}</h4>
          {images.isError ? <p className="danger-text small">{errorText(t, images.error)}</p> : <StageImages images={images.data ?? []} />}
        </div>
      </div>

      <h4>{t('project.instance.title', { count: instances.length })}</h4>
      {instances.length === 0 ? (
        <p className="muted small" data-testid="no-instances">
          {t('project.instance.empty')}
        </p>
      ) : (
        <div className="instance-grid">
          {instances.map((c) => (
            <InstanceCard
              key={c.id}
              container={c}
              workloadId={project.id}
              stageId={stage.id}
              serving={route?.containerId === c.id}
              imageLabel={labelOf(c.image)}
            />
          ))}
        </div>
      )}

      <h4>{t('project.history.title')}</h4>
      {deploys.isError ? <p className="danger-text small">{errorText(t, deploys.error)}</p> : <DeployHistory deploys={deploys.data ?? []} labelOf={labelOf} />}
      <DeployImpact stageId={stage.id} />

      {open === 'deploy' && <DeployDialog project={project} stage={stage} onClose={() => setOpen(null)} />}
      {open === 'rollback' && target && <RollbackDialog stage={stage} target={target} onClose={() => setOpen(null)} />}
      {open === 'promote' && current && <PromoteDialog project={project} from={stage} current={current} onClose={() => setOpen(null)} />}
      {open === 'edit' && <StageDialog project={project} stage={stage} onClose={() => setOpen(null)} />}
      {open === 'remove' && <RemoveStageDialog stage={stage} onClose={() => setOpen(null)} />}
    </section>
  );
}
