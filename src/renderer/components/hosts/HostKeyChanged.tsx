import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostKey, HostView } from '../../../shared/types';
import { useAcceptHostKey } from '../../api/hostMutations';
import { hostTarget } from '../../model/hostDraft';
import type { HostKeyPrompt } from '../../model/hostKeys';
import { ConfirmDialog } from '../ConfirmDialog';
import { CheckboxField } from '../forms/CheckboxField';
import { AcceptKeyError, HostKeyText, VerifyKeyHint } from './HostKeyText';
import { KeyPanel } from './KeyPanel';

type Changed = Extract<HostKeyPrompt, { kind: 'changed' }>;

/**
 * The server now offers a key other than the one the user accepted: as OpenSSH does, this is shouted,
 * not whispered. It cannot be dismissed (the host stays disconnected until it is resolved), and the new
 * key is accepted only through a confirmation that the user checked it on the server.
 */
export function HostKeyChanged({ host, prompt }: { host: HostView; prompt: Changed }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  return (
    <KeyPanel tone="danger" title={t('hostKey.changedTitle')} testId="host-key-changed" host={host} fingerprint={prompt.offered?.fingerprint}>
      <p className="strong">{t('hostKey.changedLead', { name: host.name, target: hostTarget(host) })}</p>
      <p>{t('hostKey.changedBody')}</p>
      <dl className="facts facts-keys">
        <dt>{t('hostKey.previousKey')}</dt>
        <dd>
          {prompt.previous ? (
            <code className="fingerprint" data-testid="previous-fingerprint">
              {prompt.previous}
            </code>
          ) : (
            t('common.none')
          )}
        </dd>
        <dt>{t('hostKey.offeredKey')}</dt>
        <dd data-testid="offered-fingerprint">{prompt.offered ? <HostKeyText hostKey={prompt.offered} /> : t('common.none')}</dd>
      </dl>
      {prompt.message && <p className="small">{prompt.message}</p>}
      {prompt.offered ? (
        <>
          <VerifyKeyHint type={prompt.offered.type} />
          <p>{t('hostKey.changedAdvice')}</p>
          <div className="form-actions">
            <button type="button" className="button button-danger-outline" data-testid="review-new-host-key" onClick={() => setConfirming(true)}>
              {t('hostKey.acceptNewEllipsis')}
            </button>
          </div>
        </>
      ) : (
        <p>{t('hostKey.changedNoKey')}</p>
      )}
      {confirming && prompt.offered && <ConfirmNewKey host={host} offered={prompt.offered} onClose={() => setConfirming(false)} />}
    </KeyPanel>
  );
}

function ConfirmNewKey({ host, offered, onClose }: { host: HostView; offered: HostKey; onClose(): void }) {
  const { t } = useTranslation();
  const [verified, setVerified] = useState(false);
  const accept = useAcceptHostKey();
  return (
    <ConfirmDialog
      title={t('hostKey.confirmTitle', { name: host.name })}
      testId="host-key-change-confirm"
      onClose={onClose}
      error={accept.isError && <AcceptKeyError error={accept.error} />}
      tone="danger"
      confirmLabel={t('hostKey.acceptNew')}
      pendingLabel={t('hostKey.accepting')}
      pending={accept.isPending}
      canConfirm={verified}
      onConfirm={() => accept.mutate({ id: host.id, fingerprint: offered.fingerprint }, { onSuccess: onClose })}
      confirmTestId="accept-host-key"
    >
      <p>{t('hostKey.confirmBody', { target: hostTarget(host) })}</p>
      <HostKeyText hostKey={offered} />
      <CheckboxField name="verified" testId="confirm-key-verified" label={t('hostKey.confirmVerified')} checked={verified} onChange={setVerified} />
    </ConfirmDialog>
  );
}
