import { useTranslation } from 'react-i18next';
import { issuesAt } from '../../model/formIssues';
import type { FormIssue } from '../../model/formIssues';
import type { StageDraft } from '../../model/projectDraft';
import { Field } from './Field';

/** The field paths one stage renders (below `prefix`: `stages.0`, or `stage` alone), for the form's summary. */
export function stageFieldPaths(prefix: string): string[] {
  return ['name', 'imageTag', 'port', 'healthCheckPath', 'healthTimeoutSec', 'subdomain', 'maxInstances', 'env'].map((field) => `${prefix}.${field}`);
}

export function StageFields({
  prefix,
  legend,
  stage,
  issues,
  canRemove,
  onChange,
  onRemove,
}: {
  /** Where this stage's issues sit in the call's input: `stages.0` in a new project, `stage` alone. */
  prefix: string;
  /** The fieldset's caption; a stage edited in its own dialog goes without (the dialog names it). */
  legend?: string;
  stage: StageDraft;
  issues: readonly FormIssue[];
  canRemove: boolean;
  onChange(stage: StageDraft): void;
  onRemove?(): void;
}) {
  const { t } = useTranslation();
  const path = (field: keyof StageDraft) => `${prefix}.${field}`;
  const at = (field: keyof StageDraft) => issuesAt(issues, path(field));
  const text = (field: Exclude<keyof StageDraft, 'key'>) => ({
    name: path(field),
    value: stage[field],
    onChange: (event: { target: { value: string } }) => onChange({ ...stage, [field]: event.target.value }),
  });

  return (
    <fieldset className={legend ? 'stage' : 'stage stage-bare'} data-testid="stage-fields">
      {legend && <legend>{legend}</legend>}
      {canRemove && onRemove && (
        <button type="button" className="button button-ghost button-small stage-remove" onClick={onRemove}>
          {t('forms.project.removeStage')}
        </button>
      )}
      <div className="form-grid">
        <Field label={t('forms.project.stageName')} hint={t('forms.project.stageNameHint')} issues={at('name')}>
          {(props) => <input {...props} {...text('name')} autoComplete="off" spellCheck={false} />}
        </Field>
        <Field label={t('forms.project.imageTag')} issues={at('imageTag')}>
          {(props) => <input {...props} {...text('imageTag')} autoComplete="off" spellCheck={false} />}
        </Field>
        <Field label={t('forms.project.port')} hint={t('forms.project.portHint')} issues={at('port')}>
          {(props) => <input {...props} {...text('port')} inputMode="numeric" autoComplete="off" />}
        </Field>
        <Field label={t('forms.project.healthCheckPath')} hint={t('forms.project.healthCheckPathHint')} issues={at('healthCheckPath')}>
          {(props) => (
            <input {...props} {...text('healthCheckPath')} autoComplete="off" spellCheck={false} placeholder={t('forms.project.healthCheckPathPlaceholder')} />
          )}
        </Field>
        <Field label={t('forms.project.healthTimeout')} issues={at('healthTimeoutSec')}>
          {(props) => <input {...props} {...text('healthTimeoutSec')} inputMode="numeric" autoComplete="off" />}
        </Field>
        <Field label={t('forms.project.subdomain')} hint={t('forms.project.subdomainHint')} issues={at('subdomain')}>
          {(props) => <input {...props} {...text('subdomain')} autoComplete="off" spellCheck={false} />}
        </Field>
        <Field label={t('forms.project.maxInstances')} issues={at('maxInstances')}>
          {(props) => <input {...props} {...text('maxInstances')} inputMode="numeric" autoComplete="off" />}
        </Field>
        <Field label={t('forms.project.env')} hint={t('forms.project.envHint')} issues={at('env')} className="field-wide">
          {(props) => <textarea {...props} {...text('env')} rows={4} className="mono" spellCheck={false} placeholder={t('forms.project.envPlaceholder')} />}
        </Field>
      </div>
    </fieldset>
  );
}
