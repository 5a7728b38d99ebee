import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotifyChannelView, NotifyTestResult } from '../../../shared/notify';
import { useRemoveNotifyChannel, useTestNotifyChannel } from '../../api/mutations';
import { useNotifyChannels } from '../../api/queries';
import { codedErrorText, errorText } from '../../i18n/errorText';
import { secretKeepingText } from '../../i18n/labels';
import { notifyChannelKindLabel, notifyEventLabel } from '../../i18n/notifyLabels';
import { EMPTY_NOTIFY_DRAFT, notifyDraftOf } from '../../model/notifyDraft';
import type { NotifyDraft } from '../../model/notifyDraft';
import { ConfirmDialog } from '../ConfirmDialog';
import { ErrorState } from '../ErrorState';
import { Loading } from '../Loading';
import { RelativeTime } from '../RelativeTime';
import { SimpleTable } from '../SimpleTable';
import { NotifyChannelForm } from './NotifyChannelForm';
import '../../styles/notify.css';

/** Where a channel sends, without its secret: the host of a webhook URL, the topic, the chat, the addresses. */
function destination(c: NotifyChannelView): string {
  const t = c.target;
  switch (t.kind) {
    case 'ntfy':
      return `${t.serverUrl.replace(/\/+$/, '')}/${t.topic}`;
    case 'telegram':
      return t.chatId;
    case 'email':
      return t.to.join(', ');
    default:
      return c.secretHost ?? '';
  }
}

function TestOutcome({ result }: { result: NotifyTestResult }) {
  const { t } = useTranslation();
  return (
    <p
      className={result.ok ? 'notice-inline' : 'danger-text wrap'}
      role="status"
      data-testid="notify-test-result"
      data-ok={String(result.ok)}
      data-code={result.error?.code ?? ''}
    >
      {result.ok ? t('notify.testOk') : result.error ? codedErrorText(t, result.error) : t('notify.testFailed')}
    </p>
  );
}

function ChannelRow({ channel, onEdit, onRemove }: { channel: NotifyChannelView; onEdit(): void; onRemove(): void }) {
  const { t } = useTranslation();
  const test = useTestNotifyChannel();
  const failedLast = channel.lastErrorAt !== null && (channel.lastSuccessAt === null || channel.lastErrorAt > channel.lastSuccessAt);
  return (
    <tr data-testid="notify-channel-row" data-channel={channel.name} data-enabled={String(channel.enabled)}>
      <td>
        <strong>{channel.name}</strong>
        <div className="muted small">{notifyChannelKindLabel(t, channel.target.kind)}</div>
      </td>
      <td className="mono wrap">{destination(channel)}</td>
      <td className="small" data-testid="notify-channel-events">
        {channel.events.length === 10 ? t('notify.allEvents') : channel.events.map((k) => notifyEventLabel(t, k)).join(', ')}
      </td>
      <td data-testid="notify-channel-secret" className={channel.secret === 'none' ? 'danger-text' : undefined}>
        {secretKeepingText(t, channel.secret)}
      </td>
      <td data-testid="notify-channel-state">
        {!channel.enabled && <div className="muted">{t('notify.disabled')}</div>}
        <div className="small">
          {t('notify.lastSuccess')} <RelativeTime at={channel.lastSuccessAt} />
        </div>
        {channel.pending > 0 && (
          <div className="small" data-testid="notify-channel-pending">
            {t('notify.pending', { count: channel.pending })}
          </div>
        )}
        {/* A test's own outcome replaces the last error while it is shown: the same failure twice says nothing more. */}
        {channel.lastError && !test.data && (
          <div className={failedLast ? 'danger-text small wrap' : 'muted small wrap'} data-testid="notify-channel-error" data-code={channel.lastError.code}>
            {t('notify.lastError')} <RelativeTime at={channel.lastErrorAt} />: {codedErrorText(t, channel.lastError)}
          </div>
        )}
        {test.data && <TestOutcome result={test.data} />}
        {test.isError && (
          <p className="danger-text wrap" role="alert">
            {errorText(t, test.error)}
          </p>
        )}
      </td>
      <td className="nowrap">
        <button type="button" className="button" data-testid="test-notify-channel" disabled={test.isPending} onClick={() => test.mutate(channel.id)}>
          {test.isPending ? t('notify.testing') : t('notify.test')}
        </button>
        <button type="button" className="button button-ghost" data-testid="edit-notify-channel" onClick={onEdit}>
          {t('notify.edit')}
        </button>
        <button type="button" className="button button-ghost" data-testid="remove-notify-channel" onClick={onRemove}>
          {t('notify.remove')}
        </button>
      </td>
    </tr>
  );
}

/** Settings, Notifications: channels with their filters, state, tests; add, edit and remove. */
export function NotificationsSection() {
  const { t } = useTranslation();
  const channels = useNotifyChannels();
  const remove = useRemoveNotifyChannel();
  const [removing, setRemoving] = useState<NotifyChannelView | null>(null);
  // The form starts over (fresh state) for each channel picked to edit, and after a save.
  const [editing, setEditing] = useState<{ key: number; draft: NotifyDraft; saved: NotifyChannelView | null }>({
    key: 0,
    draft: EMPTY_NOTIFY_DRAFT,
    saved: null,
  });
  const restart = (draft: NotifyDraft, saved: NotifyChannelView | null) => setEditing((e) => ({ key: e.key + 1, draft, saved }));

  return (
    <section className="card" data-testid="notifications-section" aria-labelledby="notifications-title">
      <div className="card-head">
        <h2 id="notifications-title">{t('notify.title')}</h2>
      </div>
      <p className="muted">{t('notify.explain')}</p>
      {channels.isPending && <Loading label={t('notify.loading')} />}
      {channels.isError && !channels.data && <ErrorState title={t('notify.loadFailed')} error={channels.error} onRetry={() => void channels.refetch()} />}
      {channels.data && channels.data.length === 0 && (
        <p className="muted" data-testid="notify-empty">
          {t('notify.empty')}
        </p>
      )}
      {channels.data && channels.data.length > 0 && (
        <SimpleTable
          testId="notify-channels-table"
          caption={t('notify.title')}
          columns={[t('notify.channel'), t('notify.destination'), t('notify.events'), t('notify.secret'), t('notify.state'), t('notify.actions')]}
        >
          {channels.data.map((c) => (
            <ChannelRow
              key={c.id}
              channel={c}
              onEdit={() => restart(notifyDraftOf(c), c)}
              onRemove={() => {
                remove.reset();
                setRemoving(c);
              }}
            />
          ))}
        </SimpleTable>
      )}
      {removing !== null && (
        <ConfirmDialog
          title={t('notify.removeTitle', { name: removing.name })}
          testId="remove-notify-dialog"
          onClose={() => setRemoving(null)}
          tone="danger"
          confirmLabel={t('notify.remove')}
          pendingLabel={t('notify.removing')}
          pending={remove.isPending}
          onConfirm={() => remove.mutate(removing.id, { onSuccess: () => setRemoving(null) })}
          confirmTestId="confirm-remove-notify"
          failure={remove.error}
        >
          <p>{t('notify.removeBody', { name: removing.name })}</p>
        </ConfirmDialog>
      )}
      <NotifyChannelForm key={editing.key} initial={editing.draft} saved={editing.saved} onDone={() => restart(EMPTY_NOTIFY_DRAFT, null)} />
    </section>
  );
}
