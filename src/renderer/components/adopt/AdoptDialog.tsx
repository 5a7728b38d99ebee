import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { CallInput } from '../../../shared/contract';
import type { AdoptUnreadable } from '../../../shared/types';
import { useCreateStack } from '../../api/mutations';
import { useAdoptPreview } from '../../api/queries';
import type { Translate } from '../../i18n/labels';
import { issuesAt, validateCallInput } from '../../model/formIssues';
import { Dialog } from '../Dialog';
import { ErrorState } from '../ErrorState';
import { Loading } from '../Loading';
import { CheckboxField } from '../forms/CheckboxField';
import { Field } from '../forms/Field';
import { FormActions } from '../forms/FormActions';
import { useFormIssues } from '../forms/useFormIssues';
import { ValidatedForm } from '../forms/ValidatedForm';

/** The engine's reason is English; the page words it from its data (which path, what happened). */
function unreadableText(t: Translate, why: AdoptUnreadable): string {
  switch (why.kind) {
    case 'no-labels':
      return t('containers.adopt.why.noLabels', { label: why.label });
    case 'several-files':
      return t('containers.adopt.why.severalFiles', { files: why.files.join(', ') });
    case 'unreadable':
      if (why.code === 'NOT_FOUND') return t('containers.adopt.why.missing', { path: why.path });
      if (why.code === 'FORBIDDEN') return t('containers.adopt.why.forbidden', { path: why.path });
      if (why.code === 'VALIDATION') return t('containers.adopt.why.notAFile', { path: why.path });
      return t('containers.adopt.why.other', { path: why.path });
  }
}

/**
 * Adopting a compose project started outside the app: its own file (or, when that cannot be read,
 * why and a draft from its containers) shown as it will be saved, then a new stack that takes the
 * containers over on its first deploy.
 */
export function AdoptDialog({ hostId, project, onClose }: { hostId: string; project: string; onClose(): void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const preview = useAdoptPreview(hostId, project);
  const [name, setName] = useState(project);
  const [allowHostAccess, setAllowHostAccess] = useState(false);
  const create = useCreateStack();
  const form = useFormIssues();
  const data = preview.data;

  const submit = () => {
    if (!data) return;
    const input: CallInput<'workloads.createStack'> = {
      hostId,
      name: name.trim(),
      composeProjectName: project,
      composeFile: data.readable ? data.composeFile : data.draft,
      envFile: data.readable ? data.envFile : '',
      allowHostAccess,
      adopt: true,
    };
    if (!form.check(validateCallInput('workloads.createStack', input))) return;
    create.mutate(input, { onSuccess: (stack) => void navigate(`/workloads/${encodeURIComponent(stack.id)}`), onError: form.fail });
  };

  let body;
  if (preview.isPending) body = <Loading label={t('containers.adopt.reading')} />;
  else if (preview.isError || !data)
    body = <ErrorState title={t('containers.adopt.previewFailed')} error={preview.error} onRetry={() => void preview.refetch()} />;
  else
    body = (
      <ValidatedForm form={form} onSubmit={submit} fieldPaths={['name']} testId="adopt-form">
        {data.readable ? (
          <>
            <p data-testid="adopt-source">{t('containers.adopt.readable', { file: data.files[0] ?? '', dir: data.workingDir })}</p>
            <pre className="code-block" data-testid="adopt-file" aria-label={t('containers.adopt.fileLabel')}>
              {data.composeFile}
            </pre>
            {data.relativePaths.length > 0 && (
              <div className="key-panel key-panel-warn" data-testid="adopt-relative">
                <p>{t('containers.adopt.relativePaths', { dir: data.workingDir })}</p>
                <ul>
                  {data.relativePaths.map((path) => (
                    <li key={path} className="mono">
                      {path}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {data.envFile !== '' && (
              <>
                <p>{t('containers.adopt.envFile')}</p>
                <pre className="code-block" data-testid="adopt-env" aria-label={t('containers.adopt.envFile')}>
                  {data.envFile}
                </pre>
              </>
            )}
          </>
        ) : (
          <>
            <div className="key-panel key-panel-warn" data-testid="adopt-unreadable">
              <p>{unreadableText(t, data.why)}</p>
              <p>{t('containers.adopt.draftOffer')}</p>
            </div>
            <pre className="code-block" data-testid="adopt-draft" aria-label={t('containers.adopt.draftLabel')}>
              {data.draft}
            </pre>
          </>
        )}
        <p className="muted">{t('containers.adopt.takeover', { project })}</p>
        <Field label={t('containers.adopt.name')} issues={issuesAt(form.issues, 'name')}>
          {(props) => <input {...props} name="name" value={name} autoComplete="off" onChange={(e) => setName(e.target.value)} />}
        </Field>
        <CheckboxField
          name="allowHostAccess"
          label={t('containers.adopt.allowHostAccess')}
          hint={t('containers.adopt.allowHostAccessHint')}
          checked={allowHostAccess}
          onChange={setAllowHostAccess}
        />
        <FormActions onCancel={onClose} pending={create.isPending} submitLabel={t('containers.adopt.create')} pendingLabel={t('common.saving')} />
      </ValidatedForm>
    );

  return (
    <Dialog title={t('containers.adopt.title', { project })} onClose={onClose} testId="adopt-dialog" wide>
      {body}
    </Dialog>
  );
}
