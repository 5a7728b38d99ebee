import { useTranslation } from 'react-i18next';

export type ConfirmTone = 'primary' | 'danger';

/**
 * Cancel, then the one action a dialog or panel asks for. While the call is in flight the action
 * says so and waits, so a second click cannot send it twice.
 */
export function ConfirmActions({
  tone,
  label,
  pendingLabel,
  pending,
  canConfirm = true,
  onConfirm,
  confirmTestId,
  onCancel,
  cancelTestId,
  focusCancel = false,
}: {
  tone: ConfirmTone;
  label: string;
  pendingLabel: string;
  pending: boolean;
  /** False while something the action needs is missing (a checkbox not yet ticked). */
  canConfirm?: boolean;
  onConfirm(): void;
  confirmTestId: string;
  onCancel(): void;
  cancelTestId?: string;
  /** Starts on Cancel, so Enter on a dangerous question does not answer it. */
  focusCancel?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      <button type="button" className="button button-ghost" data-testid={cancelTestId} onClick={onCancel} autoFocus={focusCancel}>
        {t('common.cancel')}
      </button>
      <button type="button" className={`button button-${tone}`} data-testid={confirmTestId} disabled={!canConfirm || pending} onClick={onConfirm}>
        {pending ? pendingLabel : label}
      </button>
    </div>
  );
}
