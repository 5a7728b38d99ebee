import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContainerView } from '../../../shared/types';
import { useContainerRemove, useContainerTrust } from '../../api/mutations';
import { errorText } from '../../i18n/errorText';
import { ConfirmDialog } from '../ConfirmDialog';

/**
 * What a user can do with a container the app did not create but whose labels name this workload:
 * remove it, or trust it (after a warning that names its image), or take the trust back. The engine
 * checks the container belongs to the workload named.
 */
export function TrustActions({ container, workloadId }: { container: ContainerView; workloadId: string }) {
  const { t } = useTranslation();
  const trust = useContainerTrust();
  const remove = useContainerRemove();
  const [dialog, setDialog] = useState<'trust' | 'remove' | null>(null);
  if (container.provenance === 'created' || container.state === 'missing') return null;
  const close = () => {
    setDialog(null);
    trust.reset();
    remove.reset();
  };
  const pending = trust.isPending || remove.isPending;
  return (
    <span className="actions actions-inline">
      {container.provenance === 'unverified' ? (
        <button type="button" className="button button-ghost button-small" data-testid="trust-container" disabled={pending} onClick={() => setDialog('trust')}>
          {t('provenance.trust')}
        </button>
      ) : (
        <button
          type="button"
          className="button button-ghost button-small"
          data-testid="untrust-container"
          disabled={pending}
          onClick={() => trust.mutate({ id: container.id, workloadId, trusted: false })}
        >
          {t('provenance.untrust')}
        </button>
      )}
      <button
        type="button"
        className="button button-ghost button-small button-danger-text"
        data-testid="remove-unverified"
        disabled={pending}
        onClick={() => setDialog('remove')}
      >
        {t('provenance.remove')}
      </button>
      {trust.isError && dialog === null && (
        <span className="danger-text small" role="alert" data-testid="trust-error">
          {errorText(t, trust.error)}
        </span>
      )}
      {dialog === 'trust' && (
        <ConfirmDialog
          title={t('provenance.trustTitle', { name: container.name })}
          testId="trust-dialog"
          onClose={close}
          tone="danger"
          confirmLabel={t('provenance.trustConfirm')}
          pendingLabel={t('provenance.trusting')}
          pending={trust.isPending}
          onConfirm={() => trust.mutate({ id: container.id, workloadId, trusted: true }, { onSuccess: close })}
          confirmTestId="confirm-trust"
          failure={trust.error}
        >
          <p>{t('provenance.trustWarning')}</p>
          <dl className="facts">
            <dt>{t('containers.column.image')}</dt>
            <dd className="mono wrap" data-testid="trust-image">
              {container.image}
            </dd>
            <dt>{t('containers.column.role')}</dt>
            <dd>{container.role}</dd>
          </dl>
        </ConfirmDialog>
      )}
      {dialog === 'remove' && (
        <ConfirmDialog
          title={t('provenance.removeTitle', { name: container.name })}
          testId="remove-unverified-dialog"
          onClose={close}
          tone="danger"
          confirmLabel={t('provenance.remove')}
          pendingLabel={t('provenance.removing')}
          pending={remove.isPending}
          onConfirm={() => remove.mutate({ id: container.id, workloadId }, { onSuccess: close })}
          confirmTestId="confirm-remove-unverified"
          failure={remove.error}
        >
          <p>{t('provenance.removeBody', { image: container.image })}</p>
        </ConfirmDialog>
      )}
    </span>
  );
}
