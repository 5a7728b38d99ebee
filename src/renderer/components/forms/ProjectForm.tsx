import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkloadView } from '../../../shared/types';
import { useCreateProject } from '../../api/mutations';
import { issuesAt, validateCallInput } from '../../model/formIssues';
import { newProjectDraft, newStageDraft, projectInputFromDraft } from '../../model/projectDraft';
import { Icon } from '../Icon';
import { Field } from './Field';
import { FormActions } from './FormActions';
import { HostSelect, useDefaultHostId } from './HostSelect';
import { StageFields, stageFieldPaths } from './StageFields';
import { useFormIssues } from './useFormIssues';
import { ValidatedForm } from './ValidatedForm';

export function ProjectForm({ onCreated, onCancel }: { onCreated(workload: WorkloadView): void; onCancel(): void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(() => newProjectDraft(''));
  const [nextKey, setNextKey] = useState(2);
  const defaultHostId = useDefaultHostId();
  const hostId = draft.hostId || defaultHostId;
  const create = useCreateProject();
  const form = useFormIssues();

  const fieldPaths = ['hostId', 'name', 'imageRepository', ...draft.stages.flatMap((_, i) => stageFieldPaths(`stages.${i}`))];

  const submit = () => {
    const { input, issues } = projectInputFromDraft({ ...draft, hostId });
    if (!form.check([...issues, ...validateCallInput('workloads.createProject', input)])) return;
    create.mutate(input, { onSuccess: onCreated, onError: form.fail });
  };

  return (
    <ValidatedForm
      form={form}
      onSubmit={submit}
      fieldPaths={fieldPaths}
      fieldLabel={(path) => (path === 'stages' ? t('forms.project.stages') : undefined)}
      title={t('forms.project.title')}
      className="form-card"
      testId="project-form"
    >
      <div className="form-grid">
        <Field label={t('forms.name')} issues={issuesAt(form.issues, 'name')}>
          {(props) => <input {...props} name="name" value={draft.name} autoComplete="off" onChange={(e) => setDraft({ ...draft, name: e.target.value })} />}
        </Field>
        <Field label={t('forms.project.imageRepository')} hint={t('forms.project.imageRepositoryHint')} issues={issuesAt(form.issues, 'imageRepository')}>
          {(props) => (
            <input
              {...props}
              name="imageRepository"
              value={draft.imageRepository}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => setDraft({ ...draft, imageRepository: e.target.value })}
            />
          )}
        </Field>
        <HostSelect value={hostId} onChange={(id) => setDraft({ ...draft, hostId: id })} />
      </div>

      <div className="stages" role="group" aria-label={t('forms.project.stages')}>
        <h3>{t('forms.project.stages')}</h3>
        {draft.stages.map((stage, index) => (
          <StageFields
            key={stage.key}
            prefix={`stages.${index}`}
            legend={stage.name.trim() ? t('forms.project.stageNamed', { n: index + 1, name: stage.name.trim() }) : t('forms.project.stage', { n: index + 1 })}
            stage={stage}
            issues={form.issues}
            canRemove={draft.stages.length > 1}
            onChange={(next) => setDraft({ ...draft, stages: draft.stages.map((s) => (s.key === stage.key ? next : s)) })}
            onRemove={() => setDraft({ ...draft, stages: draft.stages.filter((s) => s.key !== stage.key) })}
          />
        ))}
        <button
          type="button"
          className="button button-ghost"
          data-testid="add-stage"
          onClick={() => {
            setDraft({ ...draft, stages: [...draft.stages, newStageDraft(nextKey)] });
            setNextKey(nextKey + 1);
          }}
        >
          <Icon name="plus" size={14} />
          {t('forms.project.addStage')}
        </button>
      </div>

      <FormActions onCancel={onCancel} pending={create.isPending} submitLabel={t('forms.project.submit')} pendingLabel={t('forms.creating')} />
    </ValidatedForm>
  );
}
