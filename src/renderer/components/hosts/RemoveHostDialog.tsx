import { useTranslation } from 'react-i18next';
import type { HostView } from '../../../shared/types';
import { useRemoveHost } from '../../api/hostMutations';
import { useWorkloads } from '../../api/queries';
import { ConfirmDialog } from '../ConfirmDialog';
import { RefusalError } from '../RefusalError';

/**
 * Asks before removing a host. The engine refuses while workloads live on it (HOST_HAS_WORKLOADS);
 * its answer is shown as written, and the workloads the renderer knows on that host are named up
 * front, so the refusal is no surprise.
 */
export function RemoveHostDialog({ host, onClose }: { host: HostView; onClose(): void }) {
  const { t } = useTranslation();
  const remove = useRemoveHost();
  const onHost = (useWorkloads().data ?? []).filter((workload) => workload.hostId === host.id);
  return (
    <ConfirmDialog
      title={t('hosts.remove.title', { name: host.name })}
      testId="remove-host-dialog"
      onClose={onClose}
      error={
        remove.error && (
          <RefusalError error={remove.error} refusal={{ code: 'HOST_HAS_WORKLOADS', title: t('hosts.remove.blocked') }} testId="remove-host-error" markCode />
        )
      }
      tone="danger"
      confirmLabel={t('hosts.remove.confirm')}
      pendingLabel={t('hosts.remove.removing')}
      pending={remove.isPending}
      onConfirm={() => remove.mutate(host.id, { onSuccess: onClose })}
      confirmTestId="confirm-remove-host"
    >
      <p>{t('hosts.remove.body', { name: host.name })}</p>
      {onHost.length > 0 && (
        <p className="warning-text" data-testid="remove-host-workloads">
          {t('hosts.remove.hasWorkloads', { count: onHost.length, names: onHost.map((workload) => workload.name).join(', ') })}
        </p>
      )}
    </ConfirmDialog>
  );
}
