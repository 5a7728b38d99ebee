import { useTranslation } from 'react-i18next';
import type { StageView } from '../../../shared/types';
import { useRemoveStage } from '../../api/projectMutations';
import { ConfirmDialog } from '../ConfirmDialog';
import { RefusalError } from '../RefusalError';

/** Removes a stage; the engine refuses while an instance runs or a deploy is in progress, and says which. */
export function RemoveStageDialog({ stage, onClose }: { stage: StageView; onClose(): void }) {
  const { t } = useTranslation();
  const remove = useRemoveStage();
  return (
    <ConfirmDialog
      title={t('project.removeStage.title', { stage: stage.name })}
      testId="remove-stage-dialog"
      onClose={onClose}
      tone="danger"
      confirmLabel={t('project.removeStage.submit')}
      pendingLabel={t('project.removeStage.removing')}
      pending={remove.isPending}
      onConfirm={() => remove.mutate({ stageId: stage.id }, { onSuccess: onClose })}
      confirmTestId="confirm-remove-stage"
      error={
        remove.isError ? (
          <RefusalError error={remove.error} refusal={{ code: 'CONFLICT', title: t('project.removeStage.refused') }} testId="remove-stage-error" markCode />
        ) : null
      }
    >
      <p>{t('project.removeStage.body')}</p>
    </ConfirmDialog>
  );
}
