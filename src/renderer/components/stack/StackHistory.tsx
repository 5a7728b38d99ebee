import { useTranslation } from 'react-i18next';
import type { StackOperationView } from '../../../shared/types';
import { codedErrorText } from '../../i18n/errorText';
import { formatDuration } from '../../model/timeFormat';
import { DEPLOY_STATUS_TONE, deployStatusLabel } from '../project/deployLabels';
import { RelativeTime } from '../RelativeTime';
import { OperationOutput } from './OperationOutput';
import { operationLabel } from './stackLabels';

/** Every operation of the stack, newest first; unfolded, one shows the output it stored. */
export function StackHistory({ operations }: { operations: readonly StackOperationView[] }) {
  const { t, i18n } = useTranslation();
  if (operations.length === 0) return <p className="muted">{t('stack.history.empty')}</p>;
  return (
    <ul className="deploy-history" data-testid="stack-history">
      {operations.map((operation) => (
        <li key={operation.id} className="deploy-entry" data-testid="stack-operation" data-status={operation.status} data-kind={operation.kind}>
          <details>
            <summary>
              <span className={`badge badge-${DEPLOY_STATUS_TONE[operation.status]}`}>
                <span className="badge-dot" aria-hidden="true" />
                {deployStatusLabel(t, operation.status)}
              </span>
              <span className="strong">{operationLabel(t, operation)}</span>
              {operation.version !== null && <span className="badge badge-subtle">{t('stack.versions.number', { number: operation.version })}</span>}
              <span className="muted small push-right nowrap">
                <RelativeTime at={operation.startedAt} />
                {operation.finishedAt !== null && ` · ${formatDuration(operation.finishedAt - operation.startedAt, i18n.language)}`}
              </span>
            </summary>
            <OperationOutput lines={operation.output} testId="stack-operation-output" />
          </details>
          {operation.error && (
            <p className="danger-text small wrap deploy-error" role="alert">
              {codedErrorText(t, operation.error)}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
