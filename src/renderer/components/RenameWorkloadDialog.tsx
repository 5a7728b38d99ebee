import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkloadView } from '../../shared/types';
import { useRenameWorkload } from '../api/mutations';
import { issuesAt, validateCallInput } from '../model/formIssues';
import { Dialog } from './Dialog';
import { Field } from './forms/Field';
import { FormActions } from './forms/FormActions';
import { useFormIssues } from './forms/useFormIssues';
import { ValidatedForm } from './forms/ValidatedForm';

export function RenameWorkloadDialog({ workload, onClose }: { workload: WorkloadView; onClose(): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(workload.name);
  const rename = useRenameWorkload();
  const form = useFormIssues();

  const submit = () => {
    const input = { id: workload.id, name: name.trim() };
    if (!form.check(validateCallInput('workloads.rename', input))) return;
    rename.mutate(input, { onSuccess: onClose, onError: form.fail });
  };

  return (
    <Dialog title={t('workloads.rename.title', { name: workload.name })} onClose={onClose} testId="rename-dialog">
      <ValidatedForm form={form} onSubmit={submit} fieldPaths={['name']}>
        <Field label={t('workloads.rename.newName')} issues={issuesAt(form.issues, 'name')}>
          {(props) => <input {...props} name="name" value={name} autoFocus autoComplete="off" onChange={(e) => setName(e.target.value)} />}
        </Field>
        <FormActions onCancel={onClose} pending={rename.isPending} submitLabel={t('workloads.rename.submit')} pendingLabel={t('common.saving')} />
      </ValidatedForm>
    </Dialog>
  );
}
