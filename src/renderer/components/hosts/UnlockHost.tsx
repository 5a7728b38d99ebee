import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostView } from '../../../shared/types';
import { useSecretCall } from '../../api/hostMutations';
import { hostReasonText } from '../../i18n/errorText';
import { issuesAt, validateCallInput } from '../../model/formIssues';
import { Icon } from '../Icon';
import { useFormIssues } from '../forms/useFormIssues';
import { ValidatedForm } from '../forms/ValidatedForm';
import { PassphraseFields } from './PassphraseFields';

/**
 * Asks for the passphrase of a host's encrypted key. The field is cleared the moment it is sent. The
 * engine takes the passphrase and reconnects; a wrong one shows up a moment later as the host's
 * reason (SSH_BAD_PASSPHRASE), which this panel repeats beside the field.
 */
export function UnlockHost({ host }: { host: HostView }) {
  const { t } = useTranslation();
  const [passphrase, setPassphrase] = useState('');
  const [remember, setRemember] = useState(false);
  const unlock = useSecretCall('hosts.unlock');
  const form = useFormIssues();

  const submit = async () => {
    const input = { id: host.id, passphrase, rememberPassphrase: remember };
    const issues = passphrase === '' ? [{ path: 'passphrase', message: 'is required' }] : validateCallInput('hosts.unlock', input);
    if (!form.check(issues)) return;
    setPassphrase('');
    const outcome = await unlock.run(input);
    if (!outcome.ok) form.fail(outcome.error);
  };

  return (
    <div className="key-panel key-panel-info" data-testid="unlock-panel" data-host-id={host.id}>
      <ValidatedForm
        form={form}
        onSubmit={() => void submit()}
        fieldPaths={['passphrase']}
        title={t('unlock.title', { name: host.name })}
        className="unlock-form"
      >
        <p>
          <Icon name="key" size={14} /> {t('unlock.body', { path: host.ssh?.privateKeyPath ?? t('common.none') })}
        </p>
        {host.reasonCode === 'SSH_BAD_PASSPHRASE' && host.reason && !unlock.isPending && (
          <p className="inline-error" role="alert" data-testid="unlock-error">
            {hostReasonText(t, host)}
          </p>
        )}
        <div className="form-grid form-grid-narrow">
          <PassphraseFields
            value={passphrase}
            onChange={setPassphrase}
            remember={remember}
            onRememberChange={setRemember}
            issues={issuesAt(form.issues, 'passphrase')}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" data-testid="unlock-host" disabled={unlock.isPending}>
            {unlock.isPending ? t('unlock.unlocking') : t('unlock.submit')}
          </button>
        </div>
      </ValidatedForm>
    </div>
  );
}
