import { useTranslation } from 'react-i18next';
import { errorText } from '../i18n/errorText';

/** A failed load: what failed, the engine's reason (or `message`, when the app knows better), and a way to try again. */
export function ErrorState({ title, error, message, onRetry }: { title: string; error: unknown; message?: string; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="state-panel state-panel-error" role="alert" data-testid="error-state">
      <h2>{title}</h2>
      <p>{message ?? errorText(t, error)}</p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
