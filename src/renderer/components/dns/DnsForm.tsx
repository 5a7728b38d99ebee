import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostView } from '../../../shared/types';
import { useSecretCall } from '../../api/hostMutations';
import { useDnsSettings } from '../../api/queries';
import { errorText } from '../../i18n/errorText';
import { dnsKindLabel } from '../../i18n/labels';
import { DNS_KINDS, TSIG_ALGORITHMS, dnsDraftOf, dnsSettingsFrom } from '../../model/dnsDraft';
import type { DnsDraft } from '../../model/dnsDraft';
import { issuesAt, validateCallInput } from '../../model/formIssues';
import { Field } from '../forms/Field';
import { useFormIssues } from '../forms/useFormIssues';
import { ValidatedForm } from '../forms/ValidatedForm';

const FIELDS = [
  'settings.kind',
  'settings.ipv4',
  'settings.ipv6',
  'settings.zone',
  'settings.server',
  'settings.port',
  'settings.keyName',
  'settings.algorithm',
  'settings.secret',
  'settings.token',
];

/**
 * A host's DNS provider: none, RFC 2136 with a TSIG key, or Cloudflare with an API token; the
 * host's public addresses (the records' values) and the zone. The secret is write-only: the engine
 * says only where it keeps it; an empty field keeps it. "Test connection" checks what is typed.
 */
export function DnsForm({ host, onDone, onCancel }: { host: HostView; onDone(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const settings = useDnsSettings(host.id);
  const [draft, setDraft] = useState<DnsDraft>(() => dnsDraftOf(settings.data));
  const [secret, setSecret] = useState('');
  const [loaded, setLoaded] = useState(settings.data !== undefined);
  const save = useSecretCall('dns.setSettings');
  const test = useSecretCall('dns.test');
  const form = useFormIssues();
  useEffect(() => {
    if (!loaded && settings.data) {
      setDraft(dnsDraftOf(settings.data));
      setLoaded(true);
    }
  }, [loaded, settings.data]);
  const edit = (next: Partial<DnsDraft>) => {
    test.reset();
    setDraft({ ...draft, ...next });
  };
  const keeping = settings.data?.kind === draft.kind ? (settings.data?.secret ?? 'none') : 'none';
  const input = () => ({ hostId: host.id, settings: dnsSettingsFrom(draft, secret) });

  const submit = async () => {
    const value = input();
    if (!form.check(validateCallInput('dns.setSettings', value))) return;
    setSecret('');
    const outcome = await save.run(value);
    if (outcome.ok) onDone();
    else form.fail(outcome.error);
  };
  const runTest = async () => {
    const value = input();
    if (!form.check(validateCallInput('dns.test', value))) return;
    await test.run(value);
  };

  const text = (path: keyof DnsDraft, label: string, hint: string | undefined, placeholder: string, mono = true) => (
    <Field label={label} hint={hint} issues={issuesAt(form.issues, `settings.${path}`)}>
      {(props) => (
        <input
          {...props}
          name={`settings.${path}`}
          value={draft[path]}
          autoComplete="off"
          spellCheck={false}
          className={mono ? 'mono' : undefined}
          placeholder={placeholder}
          onChange={(e) => edit({ [path]: e.target.value })}
        />
      )}
    </Field>
  );

  return (
    <ValidatedForm
      form={form}
      onSubmit={() => void submit()}
      fieldPaths={FIELDS}
      title={t('dns.form.title', { name: host.name })}
      className="form-card"
      testId="dns-form"
    >
      <div className="form-grid">
        <Field
          label={t('dns.form.kind')}
          hint={draft.kind === 'none' ? t('dns.form.noneHint') : draft.kind === 'rfc2136' ? t('dns.form.rfc2136Hint') : undefined}
          issues={issuesAt(form.issues, 'settings.kind')}
        >
          {(props) => (
            <select {...props} name="settings.kind" value={draft.kind} onChange={(e) => edit({ kind: DNS_KINDS.find((k) => k === e.target.value) ?? 'none' })}>
              {DNS_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {dnsKindLabel(t, kind)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {draft.kind !== 'none' && text('zone', t('dns.form.zone'), t('dns.form.zoneHint', { domain: host.proxy.domain }), 'example.com')}
        {draft.kind !== 'none' && text('ipv4', t('dns.form.ipv4'), t('dns.form.addressHint'), '203.0.113.10')}
        {draft.kind !== 'none' && text('ipv6', t('dns.form.ipv6'), undefined, '2001:db8::10')}
      </div>

      {draft.kind === 'rfc2136' && (
        <fieldset className="form-group">
          <legend>{t('dns.form.rfc2136')}</legend>
          <div className="form-grid">
            {text('server', t('dns.form.server'), t('dns.form.serverHint'), 'ns1.example.com')}
            {text('port', t('dns.form.port'), undefined, '53')}
            {text('keyName', t('dns.form.keyName'), undefined, 'tinyforge-key')}
            <Field label={t('dns.form.algorithm')} issues={issuesAt(form.issues, 'settings.algorithm')}>
              {(props) => (
                <select
                  {...props}
                  name="settings.algorithm"
                  value={draft.algorithm}
                  onChange={(e) => edit({ algorithm: TSIG_ALGORITHMS.find((a) => a === e.target.value) ?? 'hmac-sha256' })}
                >
                  {TSIG_ALGORITHMS.map((a) => (
                    <option key={a} value={a}>
                      {a}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
        </fieldset>
      )}

      {draft.kind !== 'none' && (
        <div className="form-grid">
          <Field
            label={draft.kind === 'rfc2136' ? t('dns.form.secret') : t('dns.form.token')}
            hint={
              <span data-testid="dns-secret-keeping">
                {keeping === 'keychain' ? t('dns.form.secretInKeychain') : keeping === 'session' ? t('dns.form.secretInSession') : t('dns.form.secretNone')}
              </span>
            }
            issues={issuesAt(form.issues, draft.kind === 'rfc2136' ? 'settings.secret' : 'settings.token')}
          >
            {(props) => (
              <input
                {...props}
                name={draft.kind === 'rfc2136' ? 'settings.secret' : 'settings.token'}
                type="password"
                className="mono"
                value={secret}
                autoComplete="new-password"
                onChange={(e) => {
                  test.reset();
                  setSecret(e.target.value);
                }}
              />
            )}
          </Field>
        </div>
      )}

      {test.data && (
        <p className="notice" role="status" data-testid="dns-test-ok">
          {t('dns.form.testOk')}
        </p>
      )}
      {test.error !== null && (
        <p className="danger-text" role="alert" data-testid="dns-test-error">
          {errorText(t, test.error)}
        </p>
      )}

      <div className="form-actions">
        <button type="button" className="button button-ghost push-left" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        {draft.kind !== 'none' && (
          <button type="button" className="button" data-testid="dns-test" disabled={test.isPending} onClick={() => void runTest()}>
            {test.isPending ? t('dns.form.testing') : t('dns.form.test')}
          </button>
        )}
        <button type="submit" className="button button-primary" data-testid="save-dns" disabled={save.isPending}>
          {save.isPending ? t('common.saving') : t('dns.form.save')}
        </button>
      </div>
    </ValidatedForm>
  );
}
