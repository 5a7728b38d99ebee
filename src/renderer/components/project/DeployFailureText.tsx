import { useTranslation } from 'react-i18next';
import type { DeployView } from '../../../shared/types';
import { codedErrorText } from '../../i18n/errorText';
import { failureSentence } from './deployLabels';

/**
 * A failed deploy's error, shown once on its card: worded from the failed step's code and details
 * when the renderer knows the code (with the container's last log lines after a crash, and the
 * engine's own text folded away), else the engine's text as it is.
 */
export function DeployFailureText({ deploy, image }: { deploy: DeployView; image: string }) {
  const { t } = useTranslation();
  const failure = deploy.steps.findLast((s) => s.failure)?.failure;
  const sentence = failure ? failureSentence(t, failure, image) : null;
  const logTail = failure?.details?.logTail;
  return (
    <div className="deploy-error danger-text wrap" data-testid="deploy-error" data-code={failure?.code}>
      <p>{sentence ?? (failure ? codedErrorText(t, { code: failure.code, message: deploy.error ?? '' }) : (deploy.error ?? ''))}</p>
      {logTail && (
        <>
          <p className="muted small">{logTail.length > 0 ? t('deployFailure.logTail', { count: logTail.length }) : t('deployFailure.noLogs')}</p>
          {logTail.length > 0 && (
            <pre className="deploy-log-tail mono small" data-testid="deploy-log-tail">
              {logTail.join('\n')}
            </pre>
          )}
        </>
      )}
      {sentence !== null && deploy.error && !logTail && (
        <details className="muted small">
          <summary>{t('deployFailure.technical')}</summary>
          {deploy.error}
        </details>
      )}
    </div>
  );
}
