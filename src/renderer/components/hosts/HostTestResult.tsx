import { useTranslation } from 'react-i18next';
import type { HostTestResult as Result } from '../../../shared/types';
import { codedErrorText } from '../../i18n/errorText';
import { formatDuration } from '../../model/timeFormat';
import { HostKeyText, VerifyKeyHint } from './HostKeyText';

/**
 * What a test found: the key the server offered and whether it is trusted, then the Docker version
 * and latency, or the error that stopped it. An untrusted key can be trusted for one more test (never
 * saved); the user accepts it for good only after saving, from the host key prompt.
 */
export function HostTestResult({ result, onTrustForTest, pending }: { result: Result; onTrustForTest?(fingerprint: string): void; pending: boolean }) {
  const { t, i18n } = useTranslation();
  const key = result.hostKey;
  const keyChanged = result.error?.code === 'SSH_HOST_KEY_CHANGED';
  return (
    <section
      className={result.ok ? 'test-result test-result-ok' : 'test-result test-result-failed'}
      data-testid="host-test-result"
      data-ok={result.ok}
      data-fingerprint={key?.fingerprint}
      role="status"
      aria-live="polite"
    >
      <h3>{result.ok ? t('hostTest.ok') : t('hostTest.failed')}</h3>
      {key && (
        <div className="test-result-key">
          <p>
            {t('hostTest.hostKey')} <HostKeyText hostKey={key} />
          </p>
          {result.hostKeyTrusted ? (
            <p className="muted">{t('hostTest.keyTrusted')}</p>
          ) : (
            !keyChanged && (
              <>
                <p className="warning-text">{t('hostTest.keyNotTrusted')}</p>
                <VerifyKeyHint type={key.type} />
                {onTrustForTest && (
                  <button
                    type="button"
                    className="button button-small"
                    data-testid="trust-key-for-test"
                    disabled={pending}
                    onClick={() => onTrustForTest(key.fingerprint)}
                  >
                    {t('hostTest.trustForTest')}
                  </button>
                )}
              </>
            )
          )}
        </div>
      )}
      {result.ok && (
        <dl className="facts facts-compact">
          <dt>{t('hostTest.dockerVersion')}</dt>
          <dd data-testid="host-test-docker-version">{result.dockerVersion ?? t('common.none')}</dd>
          <dt>{t('hostTest.latency')}</dt>
          <dd>{result.latencyMs === null ? t('common.none') : formatDuration(result.latencyMs, i18n.language)}</dd>
        </dl>
      )}
      {result.error && (
        <p className={keyChanged ? 'danger-text strong' : 'danger-text'} data-testid="host-test-error" data-code={result.error.code}>
          {codedErrorText(t, result.error)}
        </p>
      )}
    </section>
  );
}
