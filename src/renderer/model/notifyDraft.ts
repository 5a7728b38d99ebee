// The notification channel form's draft and the save it sends. The secret field is write-only:
// empty means "keep the saved one", so it is left out of the input rather than sent as ''.
import type { CallInput } from '../../shared/contract';
import type { NotifyChannelKind, NotifyChannelView, NotifyEventKind } from '../../shared/notify';
import { NOTIFY_EVENT_KINDS } from '../../shared/notify';

export interface NotifyDraft {
  id: string | null;
  name: string;
  kind: NotifyChannelKind;
  enabled: boolean;
  events: NotifyEventKind[];
  secret: string;
  clearSecret: boolean;
  serverUrl: string;
  topic: string;
  apiUrl: string;
  chatId: string;
  host: string;
  port: string;
  tls: 'tls' | 'starttls' | 'none';
  username: string;
  from: string;
  /** Addresses separated by commas, spaces or lines. */
  to: string;
}

export const EMPTY_NOTIFY_DRAFT: NotifyDraft = {
  id: null,
  name: '',
  kind: 'slack',
  enabled: true,
  events: [...NOTIFY_EVENT_KINDS],
  secret: '',
  clearSecret: false,
  serverUrl: 'https://ntfy.sh',
  topic: '',
  apiUrl: 'https://api.telegram.org',
  chatId: '',
  host: '',
  port: '587',
  tls: 'starttls',
  username: '',
  from: '',
  to: '',
};

/** Editing a saved channel: its settings, never its secret. */
export function notifyDraftOf(view: NotifyChannelView): NotifyDraft {
  const draft: NotifyDraft = { ...EMPTY_NOTIFY_DRAFT, id: view.id, name: view.name, kind: view.target.kind, enabled: view.enabled, events: [...view.events] };
  const t = view.target;
  if (t.kind === 'ntfy') return { ...draft, serverUrl: t.serverUrl, topic: t.topic };
  if (t.kind === 'telegram') return { ...draft, apiUrl: t.apiUrl, chatId: t.chatId };
  if (t.kind === 'email') return { ...draft, host: t.host, port: String(t.port), tls: t.tls, username: t.username, from: t.from, to: t.to.join(', ') };
  return draft;
}

function targetOf(d: NotifyDraft): CallInput<'notify.channels.save'>['target'] {
  switch (d.kind) {
    case 'webhook':
    case 'slack':
    case 'discord':
      return { kind: d.kind };
    case 'ntfy':
      return { kind: 'ntfy', serverUrl: d.serverUrl, topic: d.topic };
    case 'telegram':
      return { kind: 'telegram', apiUrl: d.apiUrl, chatId: d.chatId };
    case 'email':
      return {
        kind: 'email',
        host: d.host,
        port: d.port.trim() === '' ? Number.NaN : Number(d.port),
        tls: d.tls,
        username: d.username,
        from: d.from,
        to: d.to.split(/[\s,;]+/).filter(Boolean),
      };
  }
}

export function notifySaveInput(d: NotifyDraft): CallInput<'notify.channels.save'> {
  return {
    ...(d.id === null ? {} : { id: d.id }),
    name: d.name,
    enabled: d.enabled,
    // In the contract's order, whatever order they were ticked in.
    events: NOTIFY_EVENT_KINDS.filter((k) => d.events.includes(k)),
    target: targetOf(d),
    ...(d.secret === '' ? {} : { secret: d.secret }),
    ...(d.clearSecret ? { clearSecret: true } : {}),
  };
}
