import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostKey, HostView } from '../../../shared/types';
import { useAcceptHostKey } from '../../api/hostMutations';
import { errorText } from '../../i18n/errorText';
import { sshTarget } from '../../model/hostDraft';
import type { HostKeyPrompt } from '../../model/hostKeys';
import { Dialog } from '../Dialog';
import { CheckboxField } from '../forms/CheckboxField';
import { Icon } from '../Icon';
import { HostKeyText, VerifyKeyHint } from './HostKeyText';

type Changed = Extract<HostKeyPrompt, { kind: 'changed' }>;

/**
 * The server now offers a key other than the one the user accepted: as OpenSSH does, this is shouted,
 * not whispered. It cannot be dismissed (the host stays disconnected until it is resolved), and the new
 * key is accepted only through a confirmation that the user checked it on the server.
 */
export function HostKeyChanged({ host, prompt }: { host: HostView; prompt: Changed }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const titleId = useId();
  const target = host.ssh ? sshTarget(host.ssh) : host.name;
  return (
    <section
      className="key-panel key-panel-danger"
      aria-labelledby={titleId}
      role="alert"
      data-testid="host-key-changed"
      data-host-id={host.id}
      data-fingerprint={prompt.offered?.fingerprint}
    >
      <h2 id={titleId}>
        <Icon name="warning" size={20} />
        {t('hostKey.changedTitle')}
      </h2>
      <p className="strong">{t('hostKey.changedLead', { name: host.name, target })}</p>
      <p>{t('hostKey.changedBody')}</p>
      <dl className="facts facts-keys">
        <dt>{t('hostKey.previousKey')}</dt>
        <dd>{prompt.previous ? <code className="fingerprint" data-testid="previous-fingerprint">{prompt.previous}</code> : t('common.none')}</dd>
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
    </section>
  );
}

function ConfirmNewKey({ host, offered, onClose }: { host: HostView; offered: HostKey; onClose(): void }) {
  const { t } = useTranslation();
  const [verified, setVerified] = useState(false);
  const accept = useAcceptHostKey();
  const target = host.ssh ? sshTarget(host.ssh) : host.name;
  return (
    <Dialog title={t('hostKey.confirmTitle', { name: host.name })} onClose={onClose} testId="host-key-change-confirm">
      <p>{t('hostKey.confirmBody', { target })}</p>
      <HostKeyText hostKey={offered} />
      <CheckboxField
        name="verified"
        testId="confirm-key-verified"
        label={t('hostKey.confirmVerified')}
        checked={verified}
        onChange={setVerified}
      />
      {accept.isError && (
        <p className="inline-error" role="alert" data-testid="accept-host-key-error">
          {errorText(t, accept.error)}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button button-ghost" onClick={onClose} autoFocus>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className="button button-danger"
          data-testid="accept-host-key"
          disabled={!verified || accept.isPending}
          onClick={() => accept.mutate({ id: host.id, fingerprint: offered.fingerprint }, { onSuccess: onClose })}
        >
          {accept.isPending ? t('hostKey.accepting') : t('hostKey.acceptNew')}
        </button>
      </div>
    </Dialog>
  );
}
