import { useTranslation } from 'react-i18next';
import { CallError, type ErrorCode } from '../../shared/errors';
import { detailSentence, errorText } from '../i18n/errorText';

/**
 * Why a delete or remove failed. When the engine refused because something still depends on the
 * target (`refusal.code`), its details list what: worded here under a translated title (the
 * engine's message only when the details say nothing); any other failure reads as the usual
 * translated error.
 */
export function RefusalError({
  error,
  refusal,
  testId,
  markCode = false,
}: {
  error: unknown;
  refusal: { code: ErrorCode; title: string };
  testId: string;
  /** Puts the error's code on `data-code`, for tests that wait on one particular refusal. */
  markCode?: boolean;
}) {
  const { t } = useTranslation();
  const code = error instanceof CallError ? error.code : undefined;
  return (
    <div className="form-errors" role="alert" data-testid={testId} data-code={markCode ? code : undefined}>
      {error instanceof CallError && code === refusal.code ? (
        <>
          <p className="form-errors-title">{refusal.title}</p>
          <p className="preserve-lines">{detailSentence(t, error.code, error.details) ?? error.message}</p>
        </>
      ) : (
        <p>{errorText(t, error)}</p>
      )}
    </div>
  );
}
