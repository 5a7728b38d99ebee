import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallInput } from '../../../shared/contract';
import type { WorkloadView } from '../../../shared/types';
import { useCreateSite } from '../../api/mutations';
import { issuesAt, validateCallInput } from '../../model/formIssues';
import { Field } from './Field';
import { FormActions } from './FormActions';
import { HostSelect, useDefaultHostId } from './HostSelect';
import { useFormIssues } from './useFormIssues';
import { ValidatedForm } from './ValidatedForm';

const FIELDS = ['hostId', 'name', 'sourceDir'];

export function SiteForm({ onCreated, onCancel }: { onCreated(workload: WorkloadView): void; onCancel(): void }) {
  const { t } = useTranslation();
  const defaultHostId = useDefaultHostId();
  const [hostId, setHostId] = useState('');
  const [name, setName] = useState('');
  const [sourceDir, setSourceDir] = useState('');
  const create = useCreateSite();
  const form = useFormIssues();

  const submit = () => {
    const input: CallInput<'workloads.createSite'> = { hostId: hostId || defaultHostId, name: name.trim(), sourceDir: sourceDir.trim() };
    if (!form.check(validateCallInput('workloads.createSite', input))) return;
    create.mutate(input, { onSuccess: onCreated, onError: form.fail });
  };

  return (
    <ValidatedForm form={form} onSubmit={submit} fieldPaths={FIELDS} title={t('forms.site.title')} className="form-card" testId="site-form">
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
      <FormActions onCancel={onCancel} pending={create.isPending} submitLabel={t('forms.site.submit')} pendingLabel={t('forms.creating')} />
    </ValidatedForm>
  );
}
