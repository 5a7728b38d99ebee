import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallInput } from '../../../shared/contract';
import type { WorkloadView } from '../../../shared/types';
import { useCreateSite } from '../../api/mutations';
import { issuesAt, unclaimedIssues, validateCallInput } from '../../model/formIssues';
import { Field } from './Field';
import { FormErrorSummary } from './FormErrorSummary';
import { HostSelect, useDefaultHostId } from './HostSelect';
import { useFormIssues } from './useFormIssues';

const FIELDS = ['hostId', 'name', 'sourceDir'];

export function SiteForm({ onCreated, onCancel }: { onCreated(workload: WorkloadView): void; onCancel(): void }) {
  const { t } = useTranslation();
  const defaultHostId = useDefaultHostId();
  const [hostId, setHostId] = useState('');
  const [name, setName] = useState('');
  const [sourceDir, setSourceDir] = useState('');
  const create = useCreateSite();
  const form = useFormIssues();

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const input: CallInput<'workloads.createSite'> = { hostId: hostId || defaultHostId, name: name.trim(), sourceDir: sourceDir.trim() };
    if (!form.check(validateCallInput('workloads.createSite', input))) return;
    create.mutate(input, { onSuccess: onCreated, onError: form.fail });
  };

  return (
    <form className="form-card" onSubmit={submit} noValidate ref={form.formRef} data-testid="site-form" aria-labelledby="site-form-title">
      <h2 id="site-form-title">{t('forms.site.title')}</h2>
      <FormErrorSummary issues={form.issues} unclaimed={unclaimedIssues(form.issues, FIELDS)} error={form.error} />
      <div className="form-grid">
        <Field label={t('forms.name')} issues={issuesAt(form.issues, 'name')}>
          {(props) => <input {...props} name="name" value={name} autoComplete="off" onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('forms.site.sourceDir')} hint={t('forms.site.sourceDirHint')} issues={issuesAt(form.issues, 'sourceDir')}>
          {(props) => (
            <input {...props} name="sourceDir" value={sourceDir} autoComplete="off" spellCheck={false} onChange={(e) => setSourceDir(e.target.value)} />
          )}
        </Field>
        <HostSelect value={hostId || defaultHostId} onChange={setHostId} />
      </div>
      <div className="form-actions">
        <button type="button" className="button button-ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? t('forms.creating') : t('forms.site.submit')}
        </button>
      </div>
    </form>
  );
}
