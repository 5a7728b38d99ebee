import { useTranslation } from 'react-i18next';
import type { StaleRemovalPlan } from '../../../shared/types';
import { formatBytes } from '../../model/byteFormat';
import { ConfirmDialog } from '../ConfirmDialog';

/**
 * The dry run's answer, item by item: what the user confirms is exactly what the removal call
 * receives (the engine checks each item again and refuses the whole call if one changed).
 */
export function StaleRemovalDialog({
  plan,
  hostName,
  pending,
  failure,
  onConfirm,
  onClose,
}: {
  plan: StaleRemovalPlan;
  hostName(id: string): string;
  pending: boolean;
  failure: unknown;
  onConfirm(): void;
  onClose(): void;
}) {
  const { t, i18n } = useTranslation();
  const count = plan.containers.length + plan.images.length + plan.volumes.length;
  return (
    <ConfirmDialog
      title={t('stale.confirm.title')}
      testId="stale-confirm"
      onClose={onClose}
      failure={failure}
      tone="danger"
      confirmLabel={t('stale.confirm.action', { count })}
      pendingLabel={t('stale.confirm.pending')}
      pending={pending}
      canConfirm={count > 0}
      onConfirm={onConfirm}
      confirmTestId="stale-confirm-remove"
    >
      <p>{t('stale.confirm.intro')}</p>
      {plan.containers.length > 0 && (
        <>
          <h3 className="stale-plan-heading">{t('stale.confirm.containers', { count: plan.containers.length })}</h3>
          <ul className="stale-plan" data-testid="stale-plan-containers">
            {plan.containers.map((c) => (
              <li key={c.id} data-name={c.name}>
                <code>{c.name}</code> <span className="muted">{hostName(c.hostId)}</span>
                {c.storeOnly && <span className="muted"> · {t('stale.confirm.storeOnly')}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {plan.images.length > 0 && (
        <>
          <h3 className="stale-plan-heading">{t('stale.confirm.images', { count: plan.images.length })}</h3>
          <ul className="stale-plan" data-testid="stale-plan-images">
            {plan.images.map((i) => (
              <li key={`${i.hostId}/${i.imageId}`} data-image={i.imageId}>
                <code>{i.names[0] ?? i.imageId.slice(7, 19)}</code> <span className="muted">{formatBytes(i.sizeBytes, i18n.language)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {plan.volumes.length > 0 && (
        <>
          <h3 className="stale-plan-heading">{t('stale.confirm.volumes', { count: plan.volumes.length })}</h3>
          <ul className="stale-plan" data-testid="stale-plan-volumes">
            {plan.volumes.map((v) => (
              <li key={`${v.hostId}/${v.name}`}>
                <code>{v.name}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      {count === 0 && <p className="muted">{t('stale.confirm.nothing')}</p>}
    </ConfirmDialog>
  );
}
