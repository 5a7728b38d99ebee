import { useTranslation } from 'react-i18next';
import type { WorkloadView } from '../../shared/types';
import { useDeleteWorkload } from '../api/mutations';
import { kindLabel } from '../i18n/labels';
import { ConfirmDialog } from './ConfirmDialog';
import { RefusalError } from './RefusalError';

/**
 * Asks before deleting. The engine refuses while the workload still has containers
 * (WORKLOAD_HAS_CONTAINERS) and lists them; that list is shown as the engine wrote it.
 */
export function DeleteWorkloadDialog({ workload, onClose, onDeleted }: { workload: WorkloadView; onClose(): void; onDeleted(): void }) {
  const { t } = useTranslation();
  const remove = useDeleteWorkload();
  const error = remove.error;

  return (
    <ConfirmDialog
      title={t('workloads.delete.title', { name: workload.name })}
      testId="delete-dialog"
      onClose={onClose}
      error={error && <RefusalError error={error} refusal={{ code: 'WORKLOAD_HAS_CONTAINERS', title: t('workloads.delete.blocked') }} testId="delete-error" />}
      tone="danger"
      confirmLabel={t('workloads.delete.confirm')}
      pendingLabel={t('workloads.delete.deleting')}
      pending={remove.isPending}
      onConfirm={() => remove.mutate({ id: workload.id }, { onSuccess: onDeleted })}
      confirmTestId="confirm-delete"
    >
      <p>{t('workloads.delete.body', { kind: kindLabel(t, workload.kind), name: workload.name })}</p>
      {workload.containerCount > 0 && !error && <p className="warning-text">{t('workloads.delete.hasContainers', { count: workload.containerCount })}</p>}
    </ConfirmDialog>
  );
}
