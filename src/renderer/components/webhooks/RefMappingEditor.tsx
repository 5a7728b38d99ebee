// A project's mapping of pushed refs to stages: branch -> stage rows, and the stage a pushed git tag
// deploys (with the tag as its image tag), or none.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WebhookRefMappingView } from '../../../shared/contract/webhooks';
import type { ProjectView } from '../../../shared/types';
import { useSetRefMapping } from '../../api/webhookQueries';
import { issuesAt, validateCallInput } from '../../model/formIssues';
import { Field } from '../forms/Field';
import { useFormIssues } from '../forms/useFormIssues';
import { ValidatedForm } from '../forms/ValidatedForm';

export function RefMappingEditor({ project, mapping }: { project: ProjectView; mapping: WebhookRefMappingView }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<WebhookRefMappingView | null>(null);
  const [saved, setSaved] = useState(false);
  const current = draft ?? mapping;
  const save = useSetRefMapping(project.id);
  const form = useFormIssues();
  const edit = (next: WebhookRefMappingView) => {
    setSaved(false);
    setDraft(next);
  };
  const stages = project.stages.map((s) => s.name);
  const submit = () => {
    const input = { workloadId: project.id, mapping: current };
    if (!form.check(validateCallInput('webhooks.setRefMapping', input))) return;
    save.mutate(current, {
      onSuccess: () => {
        setDraft(null);
        setSaved(true);
      },
      onError: form.fail,
    });
  };
  return (
    <ValidatedForm form={form} onSubmit={submit} fieldPaths={['mapping']} title={t('webhooks.mapping.title')} className="form-card" testId="webhook-mapping">
      <p className="muted small">{t('webhooks.mapping.intro')}</p>
      {current.branches.map((row, index) => (
        <div className="form-grid" key={index} data-testid="webhook-mapping-row">
          <Field label={t('webhooks.mapping.branch')} issues={issuesAt(form.issues, `mapping.branches.${index}.branch`)}>
            {(props) => (
              <input
                {...props}
                className="mono"
                value={row.branch}
                onChange={(e) => edit({ ...current, branches: current.branches.map((b, i) => (i === index ? { ...b, branch: e.target.value } : b)) })}
              />
            )}
          </Field>
          <Field label={t('webhooks.mapping.stage')} issues={issuesAt(form.issues, `mapping.branches.${index}.stage`)}>
            {(props) => (
              <select
                {...props}
                value={row.stage}
                onChange={(e) => edit({ ...current, branches: current.branches.map((b, i) => (i === index ? { ...b, stage: e.target.value } : b)) })}
              >
                {!stages.includes(row.stage) && <option value={row.stage}>{row.stage}</option>}
                {stages.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button
            type="button"
            className="button button-ghost button-small"
            onClick={() => edit({ ...current, branches: current.branches.filter((_, i) => i !== index) })}
          >
            {t('webhooks.mapping.remove')}
          </button>
        </div>
      ))}
      <p>
        <button
          type="button"
          className="button button-small"
          data-testid="webhook-mapping-add"
          onClick={() => edit({ ...current, branches: [...current.branches, { branch: '', stage: stages[0] ?? '' }] })}
        >
          {t('webhooks.mapping.add')}
        </button>
      </p>
      <Field label={t('webhooks.mapping.tags')} hint={t('webhooks.mapping.tagsHint')} issues={issuesAt(form.issues, 'mapping.tagStage')}>
        {(props) => (
          <select {...props} value={current.tagStage ?? ''} onChange={(e) => edit({ ...current, tagStage: e.target.value === '' ? null : e.target.value })}>
            <option value="">{t('webhooks.mapping.tagsNone')}</option>
            {current.tagStage !== null && !stages.includes(current.tagStage) && <option value={current.tagStage}>{current.tagStage}</option>}
            {stages.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="form-actions">
        <span className="notice-inline" role="status">
          {saved ? t('settings.saved') : ''}
        </span>
        <button type="submit" className="button button-primary" data-testid="webhook-mapping-save" disabled={draft === null || save.isPending}>
          {save.isPending ? t('common.saving') : t('webhooks.mapping.save')}
        </button>
      </div>
    </ValidatedForm>
  );
}
