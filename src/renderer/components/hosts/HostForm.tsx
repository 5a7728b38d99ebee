import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostView, SshAuth } from '../../../shared/types';
import { useSecretCall, useUpdateHost } from '../../api/hostMutations';
import { sshAuthLabel } from '../../i18n/labels';
import { issuesAt, validateCallInput } from '../../model/formIssues';
import {
  DEFAULT_SOCKET_PATH,
  addInputFrom,
  forgetsHostKey,
  hostDraftOf,
  newHostDraft,
  testInputFrom,
  updateInputFrom,
  withDraftIssues,
} from '../../model/hostDraft';
import type { HostDraft } from '../../model/hostDraft';
import { CheckboxField } from '../forms/CheckboxField';
import { Field } from '../forms/Field';
import { useFormIssues } from '../forms/useFormIssues';
import { ValidatedForm } from '../forms/ValidatedForm';
import { HostTestResult } from './HostTestResult';
import { PassphraseFields } from './PassphraseFields';

const FIELDS = ['name', 'ssh.address', 'ssh.port', 'ssh.username', 'ssh.auth', 'ssh.privateKeyPath', 'ssh.socketPath', 'ssh.exposeSocket', 'passphrase'];
const AUTH_OPTIONS: readonly SshAuth[] = ['key', 'agent'];

/**
 * Adds an SSH host, or edits a saved one (`host`). "Test" tries the settings as typed without saving
 * them. The passphrase is asked for only when adding (a saved host asks for it on its own when it
 * needs it), sent once, and cleared from the form as soon as it is sent.
 */
export function HostForm({ host, onDone, onCancel }: { host?: HostView; onDone(host: HostView): void; onCancel(): void }) {
  const { t } = useTranslation();
  const editing = host !== undefined;
  const [draft, setDraft] = useState<HostDraft>(() => (host ? hostDraftOf(host) : newHostDraft()));
  // Until the user types a name, the address stands in for it.
  const [nameEdited, setNameEdited] = useState(editing);
  const [passphrase, setPassphrase] = useState('');
  const [remember, setRemember] = useState(false);
  const add = useSecretCall('hosts.add');
  const test = useSecretCall('hosts.test');
  const update = useUpdateHost();
  const form = useFormIssues();
  const effective: HostDraft = nameEdited ? draft : { ...draft, name: draft.address.trim() };
  const pending = add.isPending || update.isPending;

  const edit = (next: Partial<HostDraft>) => {
    setDraft({ ...draft, ...next });
    // A result for other settings would mislead.
    test.reset();
  };

  const runTest = async (acceptFingerprint?: string) => {
    const input = testInputFrom(effective, { id: host?.id, passphrase: editing ? undefined : passphrase, acceptFingerprint });
    if (!form.check(withDraftIssues(effective, validateCallInput('hosts.test', input)))) return;
    const outcome = await test.run(input);
    if (!outcome.ok) form.fail(outcome.error);
  };

  const submit = async () => {
    if (host) {
      const input = updateInputFrom(host.id, effective);
      if (!form.check(withDraftIssues(effective, validateCallInput('hosts.update', input)))) return;
      update.mutate(input, { onSuccess: onDone, onError: form.fail });
      return;
    }
    const input = addInputFrom(effective, passphrase, remember);
    if (!form.check(withDraftIssues(effective, validateCallInput('hosts.add', input)))) return;
    // The secret leaves the form as it is sent, whatever the answer.
    setPassphrase('');
    const outcome = await add.run(input);
    if (outcome.ok) onDone(outcome.value);
    else form.fail(outcome.error);
  };

  return (
    <ValidatedForm
      form={form}
      onSubmit={() => void submit()}
      fieldPaths={FIELDS}
      title={host ? t('hostForm.editTitle', { name: host.name }) : t('hostForm.addTitle')}
      className="form-card"
      testId="host-form"
    >
      <div className="form-grid">
        <Field label={t('hostForm.name')} hint={nameEdited ? undefined : t('hostForm.nameHint')} issues={issuesAt(form.issues, 'name')}>
          {(props) => (
            <input
              {...props}
              name="name"
              value={effective.name}
              autoComplete="off"
              onChange={(e) => {
                setNameEdited(true);
                edit({ name: e.target.value });
              }}
            />
          )}
        </Field>
        <Field label={t('hostForm.address')} hint={t('hostForm.addressHint')} issues={issuesAt(form.issues, 'ssh.address')}>
          {(props) => (
            <input
              {...props}
              name="ssh.address"
              value={draft.address}
              autoComplete="off"
              spellCheck={false}
              autoFocus={!editing}
              placeholder={t('hostForm.addressPlaceholder')}
              onChange={(e) => edit({ address: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('hostForm.port')} issues={issuesAt(form.issues, 'ssh.port')}>
          {(props) => (
            <input {...props} name="ssh.port" value={draft.port} inputMode="numeric" autoComplete="off" onChange={(e) => edit({ port: e.target.value })} />
          )}
        </Field>
        <Field label={t('hostForm.username')} issues={issuesAt(form.issues, 'ssh.username')}>
          {(props) => (
            <input
              {...props}
              name="ssh.username"
              value={draft.username}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => edit({ username: e.target.value })}
            />
          )}
        </Field>
      </div>

      <fieldset className="form-group">
        <legend>{t('hostForm.authentication')}</legend>
        <div className="form-grid">
          <Field label={t('hostForm.auth')} issues={issuesAt(form.issues, 'ssh.auth')} hint={draft.auth === 'agent' ? t('hostForm.agentHint') : undefined}>
            {(props) => (
              <select {...props} name="ssh.auth" value={draft.auth} onChange={(e) => edit({ auth: AUTH_OPTIONS.find((a) => a === e.target.value) ?? 'key' })}>
                {AUTH_OPTIONS.map((auth) => (
                  <option key={auth} value={auth}>
                    {sshAuthLabel(t, auth)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {draft.auth === 'key' && (
            <Field
              label={t('hostForm.privateKeyPath')}
              hint={editing ? `${t('hostForm.privateKeyPathHint')} ${t('hostForm.passphraseAskedLater')}` : t('hostForm.privateKeyPathHint')}
              issues={issuesAt(form.issues, 'ssh.privateKeyPath')}
            >
              {(props) => (
                <input
                  {...props}
                  name="ssh.privateKeyPath"
                  value={draft.privateKeyPath}
                  autoComplete="off"
                  spellCheck={false}
                  className="mono"
                  placeholder={t('hostForm.privateKeyPathPlaceholder')}
                  onChange={(e) => edit({ privateKeyPath: e.target.value })}
                />
              )}
            </Field>
          )}
          {draft.auth === 'key' && !editing && (
            <PassphraseFields
              value={passphrase}
              onChange={(value) => {
                setPassphrase(value);
                test.reset();
              }}
              remember={remember}
              onRememberChange={setRemember}
              issues={issuesAt(form.issues, 'passphrase')}
              hint={t('hostForm.passphraseHint')}
            />
          )}
        </div>
      </fieldset>

      <fieldset className="form-group">
        <legend>{t('hostForm.docker')}</legend>
        <div className="form-grid">
          <Field
            label={t('hostForm.socketPath')}
            hint={t('hostForm.socketPathHint', { path: DEFAULT_SOCKET_PATH })}
            issues={issuesAt(form.issues, 'ssh.socketPath')}
          >
            {(props) => (
              <input
                {...props}
                name="ssh.socketPath"
                value={draft.socketPath}
                autoComplete="off"
                spellCheck={false}
                className="mono"
                onChange={(e) => edit({ socketPath: e.target.value })}
              />
            )}
          </Field>
          <CheckboxField
            name="ssh.exposeSocket"
            label={t('hostForm.exposeSocket')}
            hint={t('hostForm.exposeSocketHint')}
            checked={draft.exposeSocket}
            onChange={(exposeSocket) => edit({ exposeSocket })}
          />
        </div>
      </fieldset>

      {host && forgetsHostKey(host, effective) && (
        <p className="warning-text" role="note" data-testid="forgets-host-key">
          {t('hostForm.forgetsHostKey')}
        </p>
      )}

      {test.data && <HostTestResult result={test.data} pending={test.isPending} onTrustForTest={(fingerprint) => void runTest(fingerprint)} />}

      <div className="form-actions">
        <button type="button" className="button push-left" data-testid="test-host" disabled={test.isPending} onClick={() => void runTest()}>
          {test.isPending ? t('hostForm.testing') : t('hostForm.test')}
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button-primary" data-testid="save-host" disabled={pending}>
          {pending ? t('common.saving') : host ? t('hostForm.saveChanges') : t('hostForm.add')}
        </button>
      </div>
    </ValidatedForm>
  );
}
