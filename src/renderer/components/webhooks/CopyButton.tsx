import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Copies `text` to the clipboard and says whether it worked. */
export function CopyButton({ text, testId }: { text: string; testId: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'ok' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('ok');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <>
      <button type="button" className="button button-small" data-testid={testId} onClick={() => void copy()}>
        {t('webhooks.copy')}
      </button>
      <span className="muted small" role="status">
        {copied === 'ok' ? t('webhooks.copied') : copied === 'failed' ? t('webhooks.copyFailed') : ''}
      </span>
    </>
  );
}
