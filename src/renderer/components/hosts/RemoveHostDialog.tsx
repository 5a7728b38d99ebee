import { useTranslation } from 'react-i18next';
import { CallError } from '../../../shared/errors';
import type { HostView } from '../../../shared/types';
import { useRemoveHost } from '../../api/hostMutations';
import { useWorkloads } from '../../api/queries';
import { engineMessage, errorText } from '../../i18n/errorText';
import { Dialog } from '../Dialog';

/**
 * Asks before removing a host. The engine refuses while workloads live on it (HOST_HAS_WORKLOADS);
 * its answer is shown as written, and the workloads the renderer knows on that host are named up
 * front, so the refusal is no surprise.
 */
export function RemoveHostDialog({ host, onClose }: { host: HostView; onClose(): void }) {
  const { t } = useTranslation();
  const remove = useRemoveHost();
  const error = remove.error;
  const hasWorkloads = error instanceof CallError && error.code === 'HOST_HAS_WORKLOADS';
  const onHost = (useWorkloads().data ?? []).filter((workload) => workload.hostId === host.id);
  return (
    <Dialog title={t('hosts.remove.title', { name: host.name })} onClose={onClose} testId="remove-host-dialog">
      <p>{t('hosts.remove.body', { name: host.name })}</p>
      {onHost.length > 0 && (
        <p className="warning-text" data-testid="remove-host-workloads">
          {t('hosts.remove.hasWorkloads', { count: onHost.length, names: onHost.map((workload) => workload.name).join(', ') })}
        </p>
      )}
      {error && (
        <div className="form-errors" role="alert" data-testid="remove-host-error" data-code={error instanceof CallError ? error.code : undefined}>
          {hasWorkloads ? (
            <>
              <p className="form-errors-title">{t('hosts.remove.blocked')}</p>
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
          data-testid="confirm-remove-host"
          disabled={remove.isPending}
          onClick={() => remove.mutate(host.id, { onSuccess: onClose })}
        >
          {remove.isPending ? t('hosts.remove.removing') : t('hosts.remove.confirm')}
        </button>
      </div>
    </Dialog>
  );
}
