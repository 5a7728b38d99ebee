import { useTranslation } from 'react-i18next';
import { CallError } from '../../shared/errors';
import type { WorkloadView } from '../../shared/types';
import { useDeleteWorkload } from '../api/mutations';
import { engineMessage, errorText } from '../i18n/errorText';
import { kindLabel } from '../i18n/labels';
import { Dialog } from './Dialog';

/**
 * Asks before deleting. The engine refuses while the workload still has containers
 * (WORKLOAD_HAS_CONTAINERS) and lists them; that list is shown as the engine wrote it.
 */
export function DeleteWorkloadDialog({ workload, onClose, onDeleted }: { workload: WorkloadView; onClose(): void; onDeleted(): void }) {
  const { t } = useTranslation();
  const remove = useDeleteWorkload();
  const error = remove.error;
  const stillRunning = error instanceof CallError && error.code === 'WORKLOAD_HAS_CONTAINERS';

  return (
    <Dialog title={t('workloads.delete.title', { name: workload.name })} onClose={onClose} testId="delete-dialog">
      <p>{t('workloads.delete.body', { kind: kindLabel(t, workload.kind), name: workload.name })}</p>
      {workload.containerCount > 0 && !error && <p className="warning-text">{t('workloads.delete.hasContainers', { count: workload.containerCount })}</p>}
      {error && (
        <div className="form-errors" role="alert" data-testid="delete-error">
          {stillRunning ? (
            <>
              <p className="form-errors-title">{t('workloads.delete.blocked')}</p>
              <p className="preserve-lines">{engineMessage(error)}</p>
            </>
          ) : (
            <p>{errorText(t, error)}</p>
          )}
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="button button-ghost" onClick={onClose} autoFocus>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className="button button-danger"
          data-testid="confirm-delete"
          disabled={remove.isPending}
          onClick={() => remove.mutate({ id: workload.id }, { onSuccess: onDeleted })}
        >
          {remove.isPending ? t('workloads.delete.deleting') : t('workloads.delete.confirm')}
        </button>
      </div>
    </Dialog>
  );
}
