// The stack's operations toolbar and the newest operation's output, live. Each button starts
// stacks.run; the engine allows one operation per stack (STACK_BUSY), and the toolbar is disabled
// while one runs so the user rarely meets that refusal.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StackOperationView, StackView } from '../../../shared/types';
import { useRunStack } from '../../api/stackMutations';
import { errorText, codedErrorText } from '../../i18n/errorText';
import { joinOutput, type StreamedOutputs } from '../../model/stackOutput';
import { formatDuration } from '../../model/timeFormat';
import { ConfirmDialog } from '../ConfirmDialog';
import { CheckboxField } from '../forms/CheckboxField';
import { DEPLOY_STATUS_TONE, deployStatusLabel } from '../project/deployLabels';
import { RelativeTime } from '../RelativeTime';
import { OperationOutput } from './OperationOutput';
import { operationLabel } from './stackLabels';

type SimpleKind = 'update' | 'pull' | 'stop' | 'start' | 'restart';

function DownDialog({ stack, onClose }: { stack: StackView; onClose(): void }) {
  const { t } = useTranslation();
  const run = useRunStack(stack.id);
  const [typed, setTyped] = useState('');
  const [removeVolumes, setRemoveVolumes] = useState(false);
  return (
    <ConfirmDialog
      title={t('stack.down.title', { name: stack.name })}
      testId="stack-down-dialog"
      onClose={onClose}
      tone="danger"
      confirmLabel={t('stack.down.confirm')}
      pendingLabel={t('stack.down.pending')}
      pending={run.isPending}
      canConfirm={typed === stack.name}
      onConfirm={() => run.mutate({ kind: 'down', removeVolumes, confirmName: typed }, { onSuccess: onClose })}
      confirmTestId="stack-down-confirm"
      failure={run.error}
    >
      <p>{t('stack.down.body')}</p>
      <label className="field">
        <span>{t('stack.down.typeName', { name: stack.name })}</span>
        <input name="confirmName" value={typed} autoComplete="off" spellCheck={false} onChange={(e) => setTyped(e.target.value)} />
      </label>
      <CheckboxField
        name="removeVolumes"
        label={t('stack.down.removeVolumes')}
        hint={<span className="warning-text">{t('stack.down.removeVolumesWarning')}</span>}
        checked={removeVolumes}
        onChange={setRemoveVolumes}
        testId="stack-down-volumes"
      />
    </ConfirmDialog>
  );
}

/** The newest operation: what it is, how it stands, and its output (stored, then streamed). */
function CurrentOperation({ operation, streamed }: { operation: StackOperationView; streamed: StreamedOutputs }) {
  const { t, i18n } = useTranslation();
  const lines = joinOutput(operation.output, streamed.get(operation.id) ?? []);
  return (
    <div className="current-operation" data-testid="stack-live" data-operation-id={operation.id} data-status={operation.status} data-kind={operation.kind}>
      <div className="operation-head">
        <span className={`badge badge-${DEPLOY_STATUS_TONE[operation.status]}`}>
          <span className="badge-dot" aria-hidden="true" />
          {deployStatusLabel(t, operation.status)}
        </span>
        <span className="strong">{operationLabel(t, operation)}</span>
        <span className="muted small push-right nowrap">
          <RelativeTime at={operation.startedAt} />
          {operation.finishedAt !== null && ` · ${formatDuration(operation.finishedAt - operation.startedAt, i18n.language)}`}
        </span>
      </div>
      <OperationOutput lines={lines} testId="stack-live-output" />
      {operation.error && (
        <p className="danger-text small wrap" role="alert">
          {codedErrorText(t, operation.error)}
        </p>
      )}
    </div>
  );
}

export function StackOperations({
  stack,
  operations,
  streamed,
}: {
  stack: StackView;
  operations: readonly StackOperationView[] | undefined;
  streamed: StreamedOutputs;
}) {
  const { t } = useTranslation();
  const run = useRunStack(stack.id);
  const [pull, setPull] = useState(false);
  const [confirmDown, setConfirmDown] = useState(false);
  const newest = operations?.[0];
  const busy = run.isPending || newest?.status === 'running';
  const simple = (kind: SimpleKind) => run.mutate({ kind });
  const buttons: { kind: SimpleKind; label: string }[] = [
    { kind: 'update', label: t('stack.toolbar.update') },
    { kind: 'pull', label: t('stack.toolbar.pull') },
    { kind: 'stop', label: t('stack.toolbar.stop') },
    { kind: 'start', label: t('stack.toolbar.start') },
    { kind: 'restart', label: t('stack.toolbar.restart') },
  ];

  return (
    <section className="card stack-operations" data-testid="stack-operations">
      <h2>{t('stack.operationsTitle')}</h2>
      <div className="stack-toolbar" role="toolbar" aria-label={t('stack.operationsTitle')}>
        <div className="deploy-group">
          <button
            type="button"
            className="button button-primary"
            data-testid="stack-deploy"
            disabled={busy}
            onClick={() => run.mutate({ kind: 'deploy', pull })}
          >
            {t('stack.toolbar.deploy')}
          </button>
          <CheckboxField name="pull" label={t('stack.toolbar.pullFirst')} checked={pull} onChange={setPull} testId="stack-deploy-pull" />
        </div>
        {buttons.map((button) => (
          <button
            key={button.kind}
            type="button"
            className="button button-ghost"
            data-testid={`stack-${button.kind}`}
            disabled={busy}
            onClick={() => simple(button.kind)}
          >
            {button.label}
          </button>
        ))}
        <button type="button" className="button button-danger-outline" data-testid="stack-down" disabled={busy} onClick={() => setConfirmDown(true)}>
          {t('stack.toolbar.down')}
        </button>
      </div>
      <p className="small muted">{t('stack.toolbar.updateHint')}</p>
      {run.isError && (
        <p className="danger-text small wrap" role="alert" data-testid="stack-run-error">
          {errorText(t, run.error)}
        </p>
      )}
      {newest ? <CurrentOperation operation={newest} streamed={streamed} /> : <p className="muted">{t('stack.history.empty')}</p>}
      {confirmDown && <DownDialog stack={stack} onClose={() => setConfirmDown(false)} />}
    </section>
  );
}
