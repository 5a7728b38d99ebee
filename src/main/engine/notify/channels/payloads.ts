// Each HTTP channel's request, as its service documents it, built over plain data: the URL, the
// headers and the JSON body. No I/O here; httpSend posts what this returns.
import type { NotifyTarget } from '../../../../shared/notify';
import type { NotifyMessage, Severity } from '../message';

export interface HttpRequest {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** Discord's embed colours (decimal RGB) and ntfy's tags per severity. */
const DISCORD_COLOR: Record<Severity, number> = { info: 0x3b82f6, success: 0x22c55e, warning: 0xf59e0b, error: 0xef4444 };
const NTFY_TAG: Record<Severity, string> = { info: 'information_source', success: 'white_check_mark', warning: 'warning', error: 'rotating_light' };
const NTFY_PRIORITY: Record<Severity, number> = { info: 3, success: 3, warning: 4, error: 4 };

/** Slack reads &, < and > as markup (`<!channel>` pings everyone): names from containers are escaped. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The generic JSON webhook: everything a receiver might route on, flat and stable. */
export function webhookRequest(url: string, m: NotifyMessage): HttpRequest {
  return {
    url,
    headers: {},
    body: {
      source: 'tinyforge',
      event: m.kind,
      title: m.title,
      message: m.body,
      severity: m.severity,
      count: m.count,
      firstAt: new Date(m.firstAt).toISOString(),
      lastAt: new Date(m.lastAt).toISOString(),
      data: m.event,
    },
  };
}

/** Slack incoming webhook: `text` (also the notification's fallback) plus one mrkdwn section. */
export function slackRequest(url: string, m: NotifyMessage): HttpRequest {
  const text = `*${slackEscape(m.title)}*\n${slackEscape(m.body)}`;
  return { url, headers: {}, body: { text: clip(text, 3_000), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: clip(text, 3_000) } }] } };
}

/**
 * Discord execute-webhook: one embed. `allowed_mentions.parse: []` keeps a container named
 * `@everyone` from pinging a whole server. Limits: title 256, description 4096.
 */
export function discordRequest(url: string, m: NotifyMessage): HttpRequest {
  return {
    url,
    headers: {},
    body: {
      username: 'Tinyforge',
      allowed_mentions: { parse: [] },
      embeds: [{ title: clip(m.title, 256), description: clip(m.body, 4_096), color: DISCORD_COLOR[m.severity], timestamp: new Date(m.lastAt).toISOString() }],
    },
  };
}

/** ntfy's JSON publishing: POST to the server's root with the topic in the body (no header injection). */
export function ntfyRequest(target: Extract<NotifyTarget, { kind: 'ntfy' }>, token: string | null, m: NotifyMessage): HttpRequest {
  return {
    // The server's root (a path prefix, for ntfy behind a reverse proxy, is kept).
    url: `${target.serverUrl.replace(/\/+$/, '')}/`,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: { topic: target.topic, title: clip(m.title, 256), message: clip(m.body, 4_000), priority: NTFY_PRIORITY[m.severity], tags: [NTFY_TAG[m.severity]] },
  };
}

/** Telegram Bot API sendMessage, plain text (no parse_mode: nothing in a name can become markup). */
export function telegramRequest(target: Extract<NotifyTarget, { kind: 'telegram' }>, botToken: string, m: NotifyMessage): HttpRequest {
  const base = target.apiUrl.replace(/\/+$/, '');
  return {
    url: `${base}/bot${botToken}/sendMessage`,
    headers: {},
    // A string: ids reach 52 bits, and the Bot API takes either form.
    body: { chat_id: target.chatId, text: clip(`${m.title}\n\n${m.body}`, 4_096), disable_web_page_preview: true },
  };
}
