import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkloadView } from '../../shared/types';
import { useRenameWorkload } from '../api/mutations';
import { issuesAt, unclaimedIssues, validateCallInput } from '../model/formIssues';
import { Dialog } from './Dialog';
import { Field } from './forms/Field';
import { FormErrorSummary } from './forms/FormErrorSummary';
import { useFormIssues } from './forms/useFormIssues';

export function RenameWorkloadDialog({ workload, onClose }: { workload: WorkloadView; onClose(): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(workload.name);
  const rename = useRenameWorkload();
  const form = useFormIssues();

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const input = { id: workload.id, name: name.trim() };
    if (!form.check(validateCallInput('workloads.rename', input))) return;
    rename.mutate(input, { onSuccess: onClose, onError: form.fail });
  };

  return (
    <Dialog title={t('workloads.rename.title', { name: workload.name })} onClose={onClose} testId="rename-dialog">
      <form onSubmit={submit} noValidate ref={form.formRef}>
        <FormErrorSummary issues={form.issues} unclaimed={unclaimedIssues(form.issues, ['name'])} error={form.error} />
        <Field label={t('workloads.rename.newName')} issues={issuesAt(form.issues, 'name')}>
          {(props) => <input {...props} name="name" value={name} autoFocus autoComplete="off" onChange={(e) => setName(e.target.value)} />}
        </Field>
        <div className="form-actions">
          <button type="button" className="button button-ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={rename.isPending}>
            {rename.isPending ? t('common.saving') : t('workloads.rename.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
