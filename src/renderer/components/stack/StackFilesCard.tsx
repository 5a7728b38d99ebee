// A stack's files, edited: the compose file in CodeMirror, checked as the user types (each problem
// at its line, and listed below), the `.env`, and the per-stack "allow host access" box with the
// host-access options the file uses. Save refuses a file that fails the checks (COMPOSE_INVALID:
// its problems land at their lines, nothing is saved); "Check on host" runs `compose config` on
// the host and shows its output as is.
import { StackSecrets } from './StackSecrets';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComposeProblem } from '../../../shared/contract/stacks';
import type { StackView } from '../../../shared/types';
import { useCheckOnHost, useSaveStack } from '../../api/stackMutations';
import { useComposeCheck } from '../../api/useComposeCheck';
import { errorText } from '../../i18n/errorText';
import { problemsOfError } from '../../model/composeProblems';
import { CheckboxField } from '../forms/CheckboxField';
import { CheckState, ComposeProblemList, HostAccessList } from './ComposeProblems';
import type { ComposeEditorHandle } from './ComposeEditor';
import { LazyComposeEditor } from './LazyCodeEditors';
import { composeProblemText } from './problemText';

const NO_PROBLEMS: ComposeProblem[] = [];

export function StackFilesCard({ stack }: { stack: StackView }) {
  const { t } = useTranslation();
  const [composeFile, setComposeFile] = useState(stack.composeFile);
  const [envFile, setEnvFile] = useState(stack.envFile);
  const [allowHostAccess, setAllowHostAccess] = useState(stack.allowHostAccess);
  // The saved files the draft started from. When they change (a save here or in another window)
  // and the user has not edited since, the draft follows; an edited draft is never overwritten.
  const [base, setBase] = useState(stack);
  if (base.composeFile !== stack.composeFile || base.envFile !== stack.envFile || base.allowHostAccess !== stack.allowHostAccess) {
    if (composeFile === base.composeFile && envFile === base.envFile && allowHostAccess === base.allowHostAccess) {
      setComposeFile(stack.composeFile);
      setEnvFile(stack.envFile);
      setAllowHostAccess(stack.allowHostAccess);
    }
    setBase(stack);
  }
  const editor = useRef<ComposeEditorHandle>(null);
  const describe = useCallback((problem: ComposeProblem) => composeProblemText(t, problem), [t]);
  const check = useComposeCheck({ hostId: stack.hostId, composeFile, allowHostAccess });
  const save = useSaveStack();
  const onHost = useCheckOnHost();
  const files = { composeFile, envFile, allowHostAccess };

  // A refused save's problems stand for the text it refused until the text changes.
  const refused = problemsOfError(save.error);
  const showRefused = refused !== null && save.variables?.composeFile === composeFile && save.variables.allowHostAccess === allowHostAccess;
  const problems = showRefused ? refused : (check.data?.problems ?? NO_PROBLEMS);
  const dirty = composeFile !== stack.composeFile || envFile !== stack.envFile || allowHostAccess !== stack.allowHostAccess;
  const onHostProblems = problemsOfError(onHost.error);
  // The host's answer is about the text it was given: once the text changes it no longer applies.
  const onHostCurrent =
    onHost.variables?.composeFile === composeFile && onHost.variables.envFile === envFile && onHost.variables.allowHostAccess === allowHostAccess;

  return (
    <section className="card stack-files" data-testid="stack-files">
      <div className="card-head">
        <h2>{t('forms.stack.composeFile')}</h2>
        <CheckState checking={check.checking} count={problems.length} />
      </div>
      <LazyComposeEditor
        value={composeFile}
        onChange={setComposeFile}
        problems={problems}
        describe={describe}
        label={t('forms.stack.composeFile')}
        testId="compose-editor"
        handle={editor}
      />
      <ComposeProblemList problems={problems} onPick={(p) => editor.current?.focusAt(p.line, p.column)} />
      {check.isError && (
        <p className="danger-text small wrap" role="alert">
          {errorText(t, check.error)}
        </p>
      )}

      <div className="stack-host-access">
        <CheckboxField
          name="allowHostAccess"
          label={t('stack.hostAccess.label')}
          hint={<span className="warning-text">{t('stack.hostAccess.warning')}</span>}
          checked={allowHostAccess}
          onChange={setAllowHostAccess}
          testId="allow-host-access"
        />
        <HostAccessList uses={check.data?.hostAccess ?? []} allowed={allowHostAccess} onPick={(use) => editor.current?.focusAt(use.line, 1)} />
      </div>

      <details className="secret-details">
        {/* The env file often holds secrets: shown only on request. */}
        <summary>{t('stack.editor.envFile')}</summary>
        <p className="field-hint">{t('forms.stack.envFileHint')}</p>
        <textarea
          name="envFile"
          className="mono env-editor"
          rows={6}
          spellCheck={false}
          value={envFile}
          aria-label={t('forms.stack.envFile')}
          data-testid="env-editor"
          onChange={(e) => setEnvFile(e.target.value)}
        />
      </details>

      <StackSecrets workloadId={stack.id} />

      <div className="actions">
        <button
          type="button"
          className="button button-primary"
          data-testid="stack-save"
          disabled={save.isPending || !dirty}
          onClick={() => save.mutate({ id: stack.id, ...files })}
        >
          {save.isPending ? t('stack.editor.saving') : t('stack.editor.save')}
        </button>
        <button
          type="button"
          className="button button-ghost"
          data-testid="stack-check-on-host"
          disabled={onHost.isPending}
          onClick={() => onHost.mutate({ hostId: stack.hostId, ...files })}
        >
          {onHost.isPending ? t('stack.editor.checkingOnHost') : t('stack.editor.checkOnHost')}
        </button>
        {dirty ? (
          <span className="small warning-text" data-testid="stack-unsaved">
            {t('stack.editor.unsaved')}
          </span>
        ) : (
          save.isSuccess && (
            <span className="small muted" data-testid="stack-saved">
              {t('stack.editor.saved')}
            </span>
          )
        )}
      </div>
      {save.isError && (refused === null || showRefused) && (
        <p className="danger-text small wrap" role="alert" data-testid="stack-save-error">
          {refused ? t('stack.editor.saveRefused', { count: refused.length }) : errorText(t, save.error)}
        </p>
      )}
      {onHost.isError && onHostCurrent && (
        <p className="danger-text small wrap" role="alert" data-testid="stack-host-check-error">
          {onHostProblems ? t('stack.editor.hostCheckRefused', { count: onHostProblems.length }) : errorText(t, onHost.error)}
        </p>
      )}
      {onHost.data && onHostCurrent && (
        <div className="host-check" data-testid="stack-host-check" data-ok={onHost.data.ok}>
          <p className={onHost.data.ok ? 'small' : 'small danger-text'}>{onHost.data.ok ? t('stack.editor.hostCheckOk') : t('stack.editor.hostCheckFailed')}</p>
          <pre className="code-block">{onHost.data.output || t('stack.editor.hostCheckNoOutput')}</pre>
        </div>
      )}
    </section>
  );
}
