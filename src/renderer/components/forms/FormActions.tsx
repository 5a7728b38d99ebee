import { useTranslation } from 'react-i18next';

/** Cancel and submit at the foot of a form; while the call is in flight the submit says so and waits. */
export function FormActions({
  onCancel,
  pending,
  submitLabel,
  pendingLabel,
}: {
  onCancel(): void;
  pending: boolean;
  submitLabel: string;
  pendingLabel: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      <button type="button" className="button button-ghost" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <button type="submit" className="button button-primary" disabled={pending}>
        {pending ? pendingLabel : submitLabel}
      </button>
    </div>
  );
}
