import { useTranslation } from 'react-i18next';
import type { HostKey } from '../../../shared/types';
import { errorText } from '../../i18n/errorText';
import { verifyCommand } from '../../model/hostKeys';

/** A key as OpenSSH prints it: its type, then its SHA256 fingerprint, selectable as one piece. */
export function HostKeyText({ hostKey }: { hostKey: HostKey }) {
  return (
    <code className="fingerprint" data-testid="host-key-text">
      {hostKey.type ? `${hostKey.type} ${hostKey.fingerprint}` : hostKey.fingerprint}
    </code>
  );
}

/** Where the user checks a key: the command to run on the server, which prints the same fingerprint. */
export function VerifyKeyHint({ type }: { type: string }) {
  const { t } = useTranslation();
  return (
    <p className="verify-hint">
      {t('hostKey.verifyWith')} <code className="command">{verifyCommand(type)}</code>
    </p>
  );
}

/** Why accepting a key failed (the engine pins only the fingerprint that was shown). */
export function AcceptKeyError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return (
    <p className="inline-error" role="alert" data-testid="accept-host-key-error">
      {errorText(t, error)}
    </p>
  );
}
