// Settings: the webhook listener, off by default. Bind address and port; its state (listening at a
// URL, or why not: a port taken, an address this computer does not have) comes from the engine.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WebhookListenerView } from '../../../shared/contract/webhooks';
import { useUpdateWebhookListener, useWebhookListener } from '../../api/webhookQueries';
import { issuesAt, validateCallInput } from '../../model/formIssues';
import { ErrorState } from '../ErrorState';
import { Loading } from '../Loading';
import { CheckboxField } from '../forms/CheckboxField';
import { Field } from '../forms/Field';
import { useFormIssues } from '../forms/useFormIssues';
import { ValidatedForm } from '../forms/ValidatedForm';
import { listenerErrorText, listenerStateLabel } from './webhookLabels';

const FIELDS = ['enabled', 'address', 'port'];

function ListenerForm({ view }: { view: WebhookListenerView }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<{ enabled: boolean; address: string; port: string } | null>(null);
  const current = draft ?? { enabled: view.enabled, address: view.address, port: String(view.port) };
  const update = useUpdateWebhookListener();
  const form = useFormIssues();
  const edit = (next: Partial<typeof current>) => setDraft({ ...current, ...next });
  // A port that is not digits is sent as NaN, which the contract's schema refuses with the field named.
  const input = { enabled: current.enabled, address: current.address, port: /^\d+$/.test(current.port.trim()) ? Number(current.port) : NaN };

  const submit = () => {
    if (!form.check(validateCallInput('webhooks.listener.update', input))) return;
    update.mutate(input, { onSuccess: () => setDraft(null), onError: form.fail });
  };
  const tone = view.state === 'listening' ? 'badge-ok' : view.state === 'failed' ? 'badge-danger' : 'badge-neutral';

  return (
    <ValidatedForm form={form} onSubmit={submit} fieldPaths={FIELDS} className="form-card" testId="webhook-listener-form">
      <p className="muted small">{t('webhooks.listener.intro')}</p>
      <div className="form-grid form-grid-narrow">
        <CheckboxField
          label={t('webhooks.listener.enabled')}
          name="enabled"
          checked={current.enabled}
          testId="webhook-listener-enabled"
          onChange={(enabled) => edit({ enabled })}
        />
        <Field label={t('webhooks.listener.address')} hint={t('webhooks.listener.addressHint')} issues={issuesAt(form.issues, 'address')}>
          {(props) => (
            <input
              {...props}
              name="address"
              className="mono"
              autoComplete="off"
              spellCheck={false}
              value={current.address}
              onChange={(e) => edit({ address: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('webhooks.listener.port')} issues={issuesAt(form.issues, 'port')}>
          {(props) => (
            <input {...props} name="port" inputMode="numeric" autoComplete="off" value={current.port} onChange={(e) => edit({ port: e.target.value })} />
          )}
        </Field>
      </div>
      <p data-testid="webhook-listener-state">
        <span className={`badge ${tone}`}>
          <span className="badge-dot" />
          {listenerStateLabel(t, view.state)}
        </span>{' '}
        {view.baseUrl && (
          <code className="mono" data-testid="webhook-listener-url">
            {view.baseUrl}
          </code>
        )}
        {view.error && (
          <span className="field-error" role="alert" data-testid="webhook-listener-error">
            {listenerErrorText(t, view)}
          </span>
        )}
      </p>
      {view.enabled && view.address !== '127.0.0.1' && view.address !== '::1' && <p className="notice-inline">{t('webhooks.listener.lanWarning')}</p>}
      <div className="form-actions">
        <button type="submit" className="button button-primary" data-testid="webhook-listener-save" disabled={draft === null || update.isPending}>
          {update.isPending ? t('common.saving') : t('settings.save')}
        </button>
      </div>
    </ValidatedForm>
  );
}

export function WebhookListenerSection() {
  const { t } = useTranslation();
  const listener = useWebhookListener();
  return (
    <section className="card" data-testid="webhook-listener-section">
      <h2>{t('webhooks.listener.title')}</h2>
      {listener.isPending && <Loading label={t('webhooks.loading')} />}
      {listener.isError && <ErrorState title={t('webhooks.loadFailed')} error={listener.error} onRetry={() => void listener.refetch()} />}
      {listener.data && <ListenerForm view={listener.data} />}
    </section>
  );
}
