import { useTranslation } from 'react-i18next';
import type { HostKey, HostView } from '../../../shared/types';
import { useAcceptHostKey } from '../../api/hostMutations';
import { hostTarget } from '../../model/hostDraft';
import { ConfirmActions } from '../ConfirmActions';
import { AcceptKeyError, HostKeyText, VerifyKeyHint } from './HostKeyText';
import { KeyPanel } from './KeyPanel';

/**
 * A first key from a host: shown with the command that prints the same fingerprint on the server.
 * Accept pins exactly this fingerprint (the engine refuses any other); Cancel only hides the panel,
 * and the host stays disconnected.
 */
export function HostKeyOffer({ host, hostKey, onCancel }: { host: HostView; hostKey: HostKey; onCancel(): void }) {
  const { t } = useTranslation();
  const accept = useAcceptHostKey();
  return (
    <KeyPanel tone="warn" title={t('hostKey.offerTitle', { name: host.name })} testId="host-key-offer" host={host} fingerprint={hostKey.fingerprint}>
      <p>{t('hostKey.offerBody', { name: host.name, target: hostTarget(host) })}</p>
      <HostKeyText hostKey={hostKey} />
      <VerifyKeyHint type={hostKey.type} />
      <p>{t('hostKey.offerCompare')}</p>
      {accept.isError && <AcceptKeyError error={accept.error} />}
      <ConfirmActions
        tone="primary"
        label={t('hostKey.accept')}
        pendingLabel={t('hostKey.accepting')}
        pending={accept.isPending}
        onConfirm={() => accept.mutate({ id: host.id, fingerprint: hostKey.fingerprint })}
        confirmTestId="accept-host-key"
        onCancel={onCancel}
        cancelTestId="cancel-host-key"
      />
    </KeyPanel>
  );
}
