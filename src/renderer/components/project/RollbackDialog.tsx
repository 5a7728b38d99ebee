import { useTranslation } from 'react-i18next';
import type { StageImageView, StageView } from '../../../shared/types';
import { useRollback } from '../../api/projectMutations';
import { ConfirmDialog } from '../ConfirmDialog';
import { shortDigest } from '../../../shared/imageName';

/** Confirms a rollback, naming the image (and digest) the stage returns to. */
export function RollbackDialog({ stage, target, onClose }: { stage: StageView; target: StageImageView; onClose(): void }) {
  const { t } = useTranslation();
  const rollback = useRollback();
  return (
    <ConfirmDialog
      title={t('project.rollback.title', { stage: stage.name })}
      testId="rollback-dialog"
      onClose={onClose}
      tone="primary"
      confirmLabel={t('project.rollback.submit')}
      pendingLabel={t('project.deploy.starting')}
      pending={rollback.isPending}
      onConfirm={() => rollback.mutate({ stageId: stage.id }, { onSuccess: onClose })}
      confirmTestId="confirm-rollback"
      failure={rollback.error}
    >
      <p>{t('project.rollback.body', { image: target.image, digest: shortDigest(target.imageDigest) })}</p>
    </ConfirmDialog>
  );
}
