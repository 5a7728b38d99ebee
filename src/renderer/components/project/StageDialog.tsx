import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProjectView, StageView } from '../../../shared/types';
import { useAddStage, useUpdateStage } from '../../api/projectMutations';
import { validateCallInput } from '../../model/formIssues';
import { newStageDraft, stageDraftFromView, stageInputFromDraft } from '../../model/projectDraft';
import { Dialog } from '../Dialog';
import { FormActions } from '../forms/FormActions';
import { StageFields, stageFieldPaths } from '../forms/StageFields';
import { useFormIssues } from '../forms/useFormIssues';
import { ValidatedForm } from '../forms/ValidatedForm';

/**
 * Adds a stage to a project, or edits one (its name included). The contract's schema checks the
 * fields before sending; the engine's refusals (a name already taken, a deploy in progress) land on
 * the field or the form's summary.
 */
export function StageDialog({ project, stage, onClose }: { project: ProjectView; stage: StageView | null; onClose(): void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(() => (stage ? stageDraftFromView(stage) : newStageDraft(1)));
  const add = useAddStage();
  const update = useUpdateStage();
  const form = useFormIssues();
  const pending = add.isPending || update.isPending;

  const submit = () => {
    const converted = stageInputFromDraft(draft, 'stage');
    if (stage) {
      const input = { stageId: stage.id, stage: converted.stage };
      if (!form.check([...converted.issues, ...validateCallInput('stages.update', input)])) return;
      update.mutate(input, { onSuccess: onClose, onError: form.fail });
    } else {
      const input = { workloadId: project.id, stage: converted.stage };
      if (!form.check([...converted.issues, ...validateCallInput('stages.add', input)])) return;
      add.mutate(input, { onSuccess: onClose, onError: form.fail });
    }
  };

  return (
    <Dialog
      title={stage ? t('project.stageDialog.editTitle', { name: stage.name }) : t('project.stageDialog.addTitle')}
      onClose={onClose}
      testId="stage-dialog"
      wide
    >
      <ValidatedForm form={form} onSubmit={submit} fieldPaths={stageFieldPaths('stage')} testId="stage-form">
        {stage && <p className="muted small">{t('project.stageDialog.editNote')}</p>}
        <StageFields prefix="stage" stage={draft} issues={form.issues} canRemove={false} onChange={setDraft} />
        <FormActions
          onCancel={onClose}
          pending={pending}
          submitLabel={stage ? t('project.stageDialog.save') : t('project.stageDialog.add')}
          pendingLabel={t('common.saving')}
        />
      </ValidatedForm>
    </Dialog>
  );
}
