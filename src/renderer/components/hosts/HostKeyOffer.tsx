import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostKey, HostView } from '../../../shared/types';
import { useAcceptHostKey } from '../../api/hostMutations';
import { errorText } from '../../i18n/errorText';
import { sshTarget } from '../../model/hostDraft';
import { Icon } from '../Icon';
import { HostKeyText, VerifyKeyHint } from './HostKeyText';

/**
 * A first key from a host: shown with the command that prints the same fingerprint on the server.
 * Accept pins exactly this fingerprint (the engine refuses any other); Cancel only hides the panel,
 * and the host stays disconnected.
 */
export function HostKeyOffer({ host, hostKey, onCancel }: { host: HostView; hostKey: HostKey; onCancel(): void }) {
  const { t } = useTranslation();
  const accept = useAcceptHostKey();
  const titleId = useId();
  const target = host.ssh ? sshTarget(host.ssh) : host.name;
  return (
    <section
      className="key-panel key-panel-warn"
      aria-labelledby={titleId}
      data-testid="host-key-offer"
      data-host-id={host.id}
      data-fingerprint={hostKey.fingerprint}
    >
      <h2 id={titleId}>
        <Icon name="key" size={18} />
        {t('hostKey.offerTitle', { name: host.name })}
      </h2>
      <p>{t('hostKey.offerBody', { name: host.name, target })}</p>
      <HostKeyText hostKey={hostKey} />
      <VerifyKeyHint type={hostKey.type} />
      <p>{t('hostKey.offerCompare')}</p>
      {accept.isError && (
        <p className="inline-error" role="alert" data-testid="accept-host-key-error">
          {errorText(t, accept.error)}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button button-ghost" data-testid="cancel-host-key" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className="button button-primary"
          data-testid="accept-host-key"
          disabled={accept.isPending}
          onClick={() => accept.mutate({ id: host.id, fingerprint: hostKey.fingerprint })}
        >
          {accept.isPending ? t('hostKey.accepting') : t('hostKey.accept')}
        </button>
      </div>
    </section>
  );
}
