import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostView, ProxyKind } from '../../../shared/types';
import { useSecretCall } from '../../api/hostMutations';
import { proxyKindLabel } from '../../i18n/labels';
import { issuesAt, validateCallInput } from '../../model/formIssues';
import { exampleRoute, PROXY_KINDS, proxyDraftOf, proxyInputFrom } from '../../model/proxyDraft';
import type { ProxyDraft } from '../../model/proxyDraft';
import { Field } from '../forms/Field';
import { useFormIssues } from '../forms/useFormIssues';
import { ValidatedForm } from '../forms/ValidatedForm';

const FIELDS = ['proxy.kind', 'proxy.domain', 'proxy.httpPort', 'proxy.image', 'proxy.npm.url', 'proxy.npm.email', 'proxy.npm.password'];

/**
 * The reverse proxy of a host (local or SSH): which one, the domain routes hang under, Caddy's HTTP
 * port, or Nginx Proxy Manager's address and login. The NPM password is write-only: the engine says
 * only where it keeps it; an empty field keeps it, and a typed one leaves the form as it is sent.
 */
export function ProxyForm({ host, onDone, onCancel }: { host: HostView; onDone(host: HostView): void; onCancel(): void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<ProxyDraft>(() => proxyDraftOf(host));
  const [password, setPassword] = useState('');
  const save = useSecretCall('hosts.setProxy');
  const form = useFormIssues();
  const edit = (next: Partial<ProxyDraft>) => setDraft({ ...draft, ...next });
  const example = exampleRoute(draft, 'api');
  const keeping = host.proxy.npmPassword;

  const submit = async () => {
    const input = proxyInputFrom(host.id, draft, password);
    if (!form.check(validateCallInput('hosts.setProxy', input))) return;
    setPassword('');
    const outcome = await save.run(input);
    if (outcome.ok) onDone(outcome.value);
    else form.fail(outcome.error);
  };

  return (
    <ValidatedForm
      form={form}
      onSubmit={() => void submit()}
      fieldPaths={FIELDS}
      title={t('proxyForm.title', { name: host.name })}
      className="form-card"
      testId="proxy-form"
    >
      <div className="form-grid">
        <Field label={t('proxyForm.kind')} hint={draft.kind === 'none' ? t('proxyForm.noneHint') : undefined} issues={issuesAt(form.issues, 'proxy.kind')}>
          {(props) => (
            <select
              {...props}
              name="proxy.kind"
              value={draft.kind}
              onChange={(e) => edit({ kind: PROXY_KINDS.find((k): k is ProxyKind => k === e.target.value) ?? 'caddy' })}
            >
              {PROXY_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {proxyKindLabel(t, kind)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {draft.kind !== 'none' && (
          <Field
            label={t('proxyForm.domain')}
            hint={example ? t('proxyForm.domainExample', { address: example }) : t('proxyForm.domainHint')}
            issues={issuesAt(form.issues, 'proxy.domain')}
          >
            {(props) => (
              <input
                {...props}
                name="proxy.domain"
                value={draft.domain}
                autoComplete="off"
                spellCheck={false}
                placeholder={t('proxyForm.domainPlaceholder')}
                onChange={(e) => edit({ domain: e.target.value })}
              />
            )}
          </Field>
        )}
        {draft.kind === 'caddy' && (
          <Field label={t('proxyForm.httpPort')} hint={t('proxyForm.httpPortHint')} issues={issuesAt(form.issues, 'proxy.httpPort')}>
            {(props) => (
              <input
                {...props}
                name="proxy.httpPort"
                value={draft.httpPort}
                inputMode="numeric"
                autoComplete="off"
                onChange={(e) => edit({ httpPort: e.target.value })}
              />
            )}
          </Field>
        )}
        {draft.kind === 'caddy' && (
          <Field label={t('proxyForm.image')} hint={t('proxyForm.imageHint')} issues={issuesAt(form.issues, 'proxy.image')}>
            {(props) => (
              <input
                {...props}
                name="proxy.image"
                value={draft.image}
                autoComplete="off"
                spellCheck={false}
                className="mono"
                placeholder={t('proxyForm.imagePlaceholder')}
                onChange={(e) => edit({ image: e.target.value })}
              />
            )}
          </Field>
        )}
      </div>

      {draft.kind === 'npm' && (
        <fieldset className="form-group">
          <legend>{t('proxyForm.npm')}</legend>
          <div className="form-grid">
            <Field label={t('proxyForm.npmUrl')} hint={t('proxyForm.npmUrlHint')} issues={issuesAt(form.issues, 'proxy.npm.url')}>
              {(props) => (
                <input
                  {...props}
                  name="proxy.npm.url"
                  value={draft.npmUrl}
                  autoComplete="off"
                  spellCheck={false}
                  className="mono"
                  placeholder={t('proxyForm.npmUrlPlaceholder')}
                  onChange={(e) => edit({ npmUrl: e.target.value })}
                />
              )}
            </Field>
            <Field label={t('proxyForm.npmEmail')} issues={issuesAt(form.issues, 'proxy.npm.email')}>
              {(props) => (
                <input
                  {...props}
                  name="proxy.npm.email"
                  type="email"
                  value={draft.npmEmail}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(e) => edit({ npmEmail: e.target.value })}
                />
              )}
            </Field>
            <Field
              label={t('proxyForm.npmPassword')}
              hint={
                <span data-testid="npm-password-keeping">
                  {keeping === 'keychain'
                    ? t('proxyForm.passwordInKeychain')
                    : keeping === 'session'
                      ? t('proxyForm.passwordInSession')
                      : t('proxyForm.passwordNone')}
                </span>
              }
              issues={issuesAt(form.issues, 'proxy.npm.password')}
            >
              {(props) => (
                <input
                  {...props}
                  name="proxy.npm.password"
                  type="password"
                  value={password}
                  autoComplete="new-password"
                  onChange={(e) => setPassword(e.target.value)}
                />
              )}
            </Field>
          </div>
        </fieldset>
      )}

      <div className="form-actions">
        <button type="button" className="button button-ghost push-left" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button-primary" data-testid="save-proxy" disabled={save.isPending}>
          {save.isPending ? t('common.saving') : t('proxyForm.save')}
        </button>
      </div>
    </ValidatedForm>
  );
}
