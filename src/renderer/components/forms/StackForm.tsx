import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallInput } from '../../../shared/contract';
import type { WorkloadView } from '../../../shared/types';
import { useCreateStack } from '../../api/mutations';
import { issuesAt, unclaimedIssues, validateCallInput } from '../../model/formIssues';
import { slugify } from '../../model/slug';
import { Field } from './Field';
import { FormErrorSummary } from './FormErrorSummary';
import { HostSelect, useDefaultHostId } from './HostSelect';
import { useFormIssues } from './useFormIssues';

const FIELDS = ['hostId', 'name', 'composeProjectName', 'composeFile', 'envFile'];

export function StackForm({ onCreated, onCancel }: { onCreated(workload: WorkloadView): void; onCancel(): void }) {
  const { t } = useTranslation();
  const defaultHostId = useDefaultHostId();
  const [hostId, setHostId] = useState('');
  const [name, setName] = useState('');
  // Suggested from the name until the user types their own.
  const [projectName, setProjectName] = useState<string | null>(null);
  const [composeFile, setComposeFile] = useState('');
  const [envFile, setEnvFile] = useState('');
  const create = useCreateStack();
  const form = useFormIssues();
  const composeProjectName = projectName ?? slugify(name);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const input: CallInput<'workloads.createStack'> = {
      hostId: hostId || defaultHostId,
      name: name.trim(),
      composeProjectName: composeProjectName.trim(),
      composeFile,
      envFile,
    };
    if (!form.check(validateCallInput('workloads.createStack', input))) return;
    create.mutate(input, { onSuccess: onCreated, onError: form.fail });
  };

  return (
    <form className="form-card" onSubmit={submit} noValidate ref={form.formRef} data-testid="stack-form" aria-labelledby="stack-form-title">
      <h2 id="stack-form-title">{t('forms.stack.title')}</h2>
      <FormErrorSummary issues={form.issues} unclaimed={unclaimedIssues(form.issues, FIELDS)} error={form.error} />
      <div className="form-grid">
        <Field label={t('forms.name')} issues={issuesAt(form.issues, 'name')}>
          {(props) => <input {...props} name="name" value={name} autoComplete="off" onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('forms.stack.composeProjectName')} hint={t('forms.stack.composeProjectNameHint')} issues={issuesAt(form.issues, 'composeProjectName')}>
          {(props) => (
            <input
              {...props}
              name="composeProjectName"
              value={composeProjectName}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => setProjectName(e.target.value)}
            />
          )}
        </Field>
        <HostSelect value={hostId || defaultHostId} onChange={setHostId} />
        <Field label={t('forms.stack.composeFile')} hint={t('forms.stack.composeFileHint')} issues={issuesAt(form.issues, 'composeFile')} className="field-wide">
          {(props) => (
            <textarea {...props} name="composeFile" value={composeFile} rows={12} className="mono" spellCheck={false} onChange={(e) => setComposeFile(e.target.value)} />
          )}
        </Field>
        <Field label={t('forms.stack.envFile')} hint={t('forms.stack.envFileHint')} issues={issuesAt(form.issues, 'envFile')} className="field-wide">
          {(props) => (
            <textarea {...props} name="envFile" value={envFile} rows={5} className="mono" spellCheck={false} onChange={(e) => setEnvFile(e.target.value)} />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="button" className="button button-ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? t('forms.creating') : t('forms.stack.submit')}
        </button>
      </div>
    </form>
  );
}
