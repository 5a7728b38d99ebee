import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotifyChannelKind, NotifyChannelView } from '../../../shared/notify';
import { NOTIFY_CHANNEL_KINDS, NOTIFY_EVENT_KINDS } from '../../../shared/notify';
import { useSecretCall } from '../../api/hostMutations';
import { issueText } from '../../i18n/issueText';
import { notifyChannelKindLabel, notifyEventLabel, notifySecretLabel } from '../../i18n/notifyLabels';
import { issuesAt, validateCallInput } from '../../model/formIssues';
import { notifySaveInput } from '../../model/notifyDraft';
import type { NotifyDraft } from '../../model/notifyDraft';
import { CheckboxField } from '../forms/CheckboxField';
import { Field } from '../forms/Field';
import { useFormIssues } from '../forms/useFormIssues';
import { ValidatedForm } from '../forms/ValidatedForm';

const FIELDS = ['name', 'enabled', 'events', 'target', 'secret', 'clearSecret'];
/** Kinds whose secret may be left empty (a public ntfy topic, an SMTP relay without login). */
const OPTIONAL_SECRET = new Set<NotifyChannelKind>(['ntfy', 'email']);

/**
 * Add or edit one channel. The secret is write-only: cleared as soon as it is sent, and an empty
 * field keeps the saved one. The kind of a saved channel is fixed (its secret means nothing to another).
 */
export function NotifyChannelForm({ initial, saved, onDone }: { initial: NotifyDraft; saved: NotifyChannelView | null; onDone(): void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<NotifyDraft>(initial);
  const save = useSecretCall('notify.channels.save');
  const form = useFormIssues();
  const edit = (next: Partial<NotifyDraft>) => setDraft({ ...draft, ...next });
  const secretSaved = saved !== null && saved.secret !== 'none';

  const submit = async () => {
    const input = notifySaveInput(draft);
    if (!form.check(validateCallInput('notify.channels.save', input))) return;
    setDraft({ ...draft, secret: '' });
    const outcome = await save.run(input);
    if (outcome.ok) onDone();
    else form.fail(outcome.error);
  };

  const text = (key: keyof NotifyDraft, label: string, path: string, extra: { hint?: string; placeholder?: string; mono?: boolean } = {}) => (
    <Field label={label} hint={extra.hint} issues={issuesAt(form.issues, path)}>
      {(props) => (
        <input
          {...props}
          name={key}
          value={draft[key] as string}
          autoComplete="off"
          spellCheck={false}
          className={extra.mono ? 'mono' : undefined}
          placeholder={extra.placeholder}
          onChange={(e) => edit({ [key]: e.target.value })}
        />
      )}
    </Field>
  );

  return (
    <ValidatedForm
      form={form}
      onSubmit={() => void submit()}
      fieldPaths={FIELDS}
      title={saved ? t('notify.form.editTitle', { name: saved.name }) : t('notify.form.addTitle')}
      className="form-card"
      testId="notify-form"
    >
      <div className="form-grid">
        {text('name', t('notify.form.name'), 'name', { placeholder: t('notify.form.namePlaceholder') })}
        <Field label={t('notify.form.kind')} issues={issuesAt(form.issues, 'target.kind')}>
          {(props) => (
            <select
              {...props}
              name="kind"
              value={draft.kind}
              disabled={saved !== null}
              onChange={(e) => edit({ kind: e.target.value as NotifyChannelKind, secret: '', clearSecret: false })}
            >
              {NOTIFY_CHANNEL_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {notifyChannelKindLabel(t, kind)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {draft.kind === 'ntfy' && (
          <>
            {text('serverUrl', t('notify.form.serverUrl'), 'target.serverUrl', { mono: true })}
            {text('topic', t('notify.form.topic'), 'target.topic', { mono: true, hint: t('notify.form.topicHint') })}
          </>
        )}
        {draft.kind === 'telegram' && (
          <>
            {text('chatId', t('notify.form.chatId'), 'target.chatId', { mono: true, hint: t('notify.form.chatIdHint') })}
            {text('apiUrl', t('notify.form.apiUrl'), 'target.apiUrl', { mono: true, hint: t('notify.form.apiUrlHint') })}
          </>
        )}
        {draft.kind === 'email' && (
          <>
            {text('host', t('notify.form.smtpHost'), 'target.host', { mono: true })}
            {text('port', t('notify.form.smtpPort'), 'target.port')}
            <Field label={t('notify.form.tls')} issues={issuesAt(form.issues, 'target.tls')}>
              {(props) => (
                <select {...props} name="tls" value={draft.tls} onChange={(e) => edit({ tls: e.target.value as NotifyDraft['tls'] })}>
                  <option value="starttls">{t('notify.form.tlsStarttls')}</option>
                  <option value="tls">{t('notify.form.tlsTls')}</option>
                  <option value="none">{t('notify.form.tlsNone')}</option>
                </select>
              )}
            </Field>
            {text('username', t('notify.form.smtpUser'), 'target.username', { hint: t('notify.form.smtpUserHint') })}
            {text('from', t('notify.form.from'), 'target.from')}
            {text('to', t('notify.form.to'), 'target.to', { hint: t('notify.form.toHint') })}
          </>
        )}
        <Field
          label={notifySecretLabel(t, draft.kind)}
          hint={
            <span data-testid="notify-secret-hint">
              {secretSaved ? t('notify.form.secretKeep') : OPTIONAL_SECRET.has(draft.kind) ? t('notify.form.secretOptional') : t('notify.form.secretRequired')}
            </span>
          }
          issues={issuesAt(form.issues, 'secret')}
        >
          {(props) => (
            <input
              {...props}
              name="secret"
              type="password"
              value={draft.secret}
              autoComplete="new-password"
              className="mono"
              onChange={(e) => edit({ secret: e.target.value, clearSecret: false })}
            />
          )}
        </Field>
        {secretSaved && OPTIONAL_SECRET.has(draft.kind) && (
          <CheckboxField
            name="clearSecret"
            label={t('notify.form.clearSecret')}
            checked={draft.clearSecret}
            onChange={(clearSecret) => edit({ clearSecret, secret: '' })}
          />
        )}
      </div>
      <fieldset className="notify-events" data-testid="notify-events">
        <legend>{t('notify.form.events')}</legend>
        {issuesAt(form.issues, 'events').map((issue) => (
          <p key={issue.message} className="danger-text" role="alert" data-testid="notify-events-issue">
            {issueText(t, issue)}
          </p>
        ))}
        <div className="notify-events-grid">
          {NOTIFY_EVENT_KINDS.map((kind) => (
            <CheckboxField
              key={kind}
              name={`event-${kind}`}
              testId={`notify-event-${kind}`}
              label={notifyEventLabel(t, kind)}
              checked={draft.events.includes(kind)}
              onChange={(on) => edit({ events: on ? [...draft.events, kind] : draft.events.filter((k) => k !== kind) })}
            />
          ))}
        </div>
      </fieldset>
      <div className="form-actions">
        <CheckboxField
          name="enabled"
          label={t('notify.form.enabled')}
          checked={draft.enabled}
          onChange={(enabled) => edit({ enabled })}
          className="push-right"
        />
        {saved && (
          <button type="button" className="button button-ghost" onClick={onDone}>
            {t('notify.form.cancel')}
          </button>
        )}
        <button type="submit" className="button button-primary" data-testid="save-notify-channel" disabled={save.isPending}>
          {save.isPending ? t('common.saving') : t('notify.form.save')}
        </button>
      </div>
    </ValidatedForm>
  );
}
