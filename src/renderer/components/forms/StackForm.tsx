import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallInput } from '../../../shared/contract';
import type { ComposeProblem } from '../../../shared/contract/stacks';
import type { WorkloadView } from '../../../shared/types';
import { useCreateStack } from '../../api/mutations';
import { useComposeCheck } from '../../api/useComposeCheck';
import { problemsOfError } from '../../model/composeProblems';
import { issuesAt, validateCallInput } from '../../model/formIssues';
import { slugify } from '../../model/slug';
import type { ComposeEditorHandle } from '../stack/ComposeEditor';
import { CheckState, ComposeProblemList } from '../stack/ComposeProblems';
import { LazyComposeEditor } from '../stack/LazyCodeEditors';
import { composeProblemText } from '../stack/problemText';
import { CheckboxField } from './CheckboxField';
import { Field } from './Field';
import { FormActions } from './FormActions';
import { HostSelect, useDefaultHostId } from './HostSelect';
import { useFormIssues } from './useFormIssues';
import { ValidatedForm } from './ValidatedForm';

const FIELDS = ['hostId', 'name', 'composeProjectName', 'composeFile', 'envFile'];

const NO_PROBLEMS: ComposeProblem[] = [];

export function StackForm({ onCreated, onCancel }: { onCreated(workload: WorkloadView): void; onCancel(): void }) {
  const { t } = useTranslation();
  const defaultHostId = useDefaultHostId();
  const [hostId, setHostId] = useState('');
  const [name, setName] = useState('');
  // Suggested from the name until the user types their own.
  const [projectName, setProjectName] = useState<string | null>(null);
  const [composeFile, setComposeFile] = useState('');
  const [envFile, setEnvFile] = useState('');
  const [allowHostAccess, setAllowHostAccess] = useState(false);
  const create = useCreateStack();
  const form = useFormIssues();
  const composeProjectName = projectName ?? slugify(name);
  const editor = useRef<ComposeEditorHandle>(null);
  const describe = useCallback((problem: ComposeProblem) => composeProblemText(t, problem), [t]);
  // The same checks as the stack's page, as the user types; a refused create's problems stand for
  // the text it refused until the text changes.
  const check = useComposeCheck({ hostId: hostId || defaultHostId, composeFile, allowHostAccess }, composeFile.trim() !== '');
  const refused = problemsOfError(create.error);
  const problems =
    refused && create.variables?.composeFile === composeFile && create.variables.allowHostAccess === allowHostAccess
      ? refused
      : (check.data?.problems ?? NO_PROBLEMS);

  const submit = () => {
    const input: CallInput<'workloads.createStack'> = {
      hostId: hostId || defaultHostId,
      name: name.trim(),
      composeProjectName: composeProjectName.trim(),
      composeFile,
      envFile,
      allowHostAccess,
    };
    if (!form.check(validateCallInput('workloads.createStack', input))) return;
    create.mutate(input, { onSuccess: onCreated, onError: form.fail });
  };

  return (
    <ValidatedForm form={form} onSubmit={submit} fieldPaths={FIELDS} title={t('forms.stack.title')} className="form-card" testId="stack-form">
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
        <Field
          label={t('forms.stack.composeFile')}
          hint={t('forms.stack.composeFileHint')}
          issues={issuesAt(form.issues, 'composeFile')}
          className="field-wide"
        >
          {() => (
            <>
              <LazyComposeEditor
                value={composeFile}
                onChange={setComposeFile}
                problems={problems}
                describe={describe}
                label={t('forms.stack.composeFile')}
                testId="compose-editor"
                handle={editor}
              />
              {composeFile.trim() !== '' && <CheckState checking={check.checking} count={problems.length} />}
              <ComposeProblemList problems={problems} onPick={(p) => editor.current?.focusAt(p.line, p.column)} />
            </>
          )}
        </Field>
        <Field label={t('forms.stack.envFile')} hint={t('forms.stack.envFileHint')} issues={issuesAt(form.issues, 'envFile')} className="field-wide">
          {(props) => (
            <textarea {...props} name="envFile" value={envFile} rows={5} className="mono" spellCheck={false} onChange={(e) => setEnvFile(e.target.value)} />
          )}
        </Field>
        <CheckboxField
          name="allowHostAccess"
          className="field-wide"
          label={t('stack.hostAccess.label')}
          hint={<span className="warning-text">{t('stack.hostAccess.warning')}</span>}
          checked={allowHostAccess}
          onChange={setAllowHostAccess}
          testId="allow-host-access"
        />
      </div>
      <FormActions onCancel={onCancel} pending={create.isPending} submitLabel={t('forms.stack.submit')} pendingLabel={t('forms.creating')} />
    </ValidatedForm>
  );
}
