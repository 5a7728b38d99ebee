import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProjectView, StageView } from '../../../shared/types';
import { useStartDeploy } from '../../api/projectMutations';
import { issuesAt, validateCallInput } from '../../model/formIssues';
import { Dialog } from '../Dialog';
import { Field } from '../forms/Field';
import { FormActions } from '../forms/FormActions';
import { useFormIssues } from '../forms/useFormIssues';
import { ValidatedForm } from '../forms/ValidatedForm';

/** Deploys a tag of the project's repository to a stage; the stage's own tag is the default. */
export function DeployDialog({ project, stage, onClose }: { project: ProjectView; stage: StageView; onClose(): void }) {
  const { t } = useTranslation();
  const [tag, setTag] = useState(stage.imageTag);
  const deploy = useStartDeploy();
  const form = useFormIssues();

  const submit = () => {
    const input = { stageId: stage.id, imageTag: tag.trim() };
    if (!form.check(validateCallInput('deploys.start', input))) return;
    deploy.mutate(input, { onSuccess: onClose, onError: form.fail });
  };

  return (
    <Dialog title={t('project.deploy.title', { stage: stage.name })} onClose={onClose} testId="deploy-dialog">
      <ValidatedForm form={form} onSubmit={submit} fieldPaths={['imageTag']}>
        <Field
          label={t('forms.project.imageTag')}
          hint={t('project.deploy.tagHint', { image: `${project.imageRepository}:${tag.trim() || stage.imageTag}` })}
          issues={issuesAt(form.issues, 'imageTag')}
        >
          {(props) => <input {...props} name="imageTag" value={tag} autoFocus autoComplete="off" spellCheck={false} onChange={(e) => setTag(e.target.value)} />}
        </Field>
        <p className="muted small">{t('project.deploy.explain')}</p>
        <FormActions onCancel={onClose} pending={deploy.isPending} submitLabel={t('project.deploy.submit')} pendingLabel={t('project.deploy.starting')} />
      </ValidatedForm>
    </Dialog>
  );
}
