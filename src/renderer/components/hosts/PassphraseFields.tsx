import { useTranslation } from 'react-i18next';
import { useAppInfo } from '../../api/queries';
import type { FormIssue } from '../../model/formIssues';
import { CheckboxField } from '../forms/CheckboxField';
import { Field } from '../forms/Field';

/**
 * The passphrase of a private key, and whether to keep it. Only the desktop app has a system
 * keychain; the browser shell keeps a passphrase in the engine's memory for the session, and says so.
 * The input is never filled from anything but the user's typing and is not offered to autofill.
 * Before app.info answers, neither the checkbox nor the note shows: the shell is not known yet.
 */
export function PassphraseFields({
  value,
  onChange,
  remember,
  onRememberChange,
  issues,
  hint,
  autoFocus = false,
}: {
  value: string;
  onChange(value: string): void;
  remember: boolean;
  onRememberChange(remember: boolean): void;
  issues?: readonly FormIssue[];
  hint?: string;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const info = useAppInfo().data;
  const shell = info?.shell;
  return (
    <>
      <Field
        label={t('hostForm.passphrase')}
        hint={
          shell === 'browser' ? (
            <>
              {hint && <span>{hint} </span>}
              <span data-testid="passphrase-session-only">{t('hostForm.passphraseSessionOnly')}</span>
            </>
          ) : (
            hint
          )
        }
        issues={issues}
      >
        {(props) => (
          <input
            {...props}
            type="password"
            name="passphrase"
            data-testid="passphrase-input"
            value={value}
            autoComplete="off"
            autoFocus={autoFocus}
            spellCheck={false}
            onChange={(event) => onChange(event.target.value)}
          />
        )}
      </Field>
      {shell === 'electron' && !info?.canRememberSecrets ? (
        <p className="muted small" data-testid="no-keychain">
          {t('hostForm.noKeychain')}
        </p>
      ) : null}
      {info?.canRememberSecrets ? (
        <CheckboxField
          name="rememberPassphrase"
          testId="remember-passphrase"
          label={t('hostForm.rememberPassphrase')}
          hint={t('hostForm.rememberPassphraseHint')}
          checked={remember}
          onChange={onRememberChange}
        />
      ) : null}
    </>
  );
}
