// Notification channels (generic webhook, Slack, Discord, ntfy, Telegram, SMTP e-mail) and the
// events they can be told of. A channel's credential (a webhook URL that carries its token, a bot
// token, a password) goes in and never comes back out: views say only where it is kept.
import { z } from 'zod';
import type { NotifyChannelView, NotifyTestResult } from '../notify';
import { NOTIFY_EVENT_KINDS } from '../notify';
import { type } from '../typeMarker';
import { call, id } from './schemas';

export type { NotifyEvent, NotifyEventKind, NotifyChannelKind, NotifyChannelView, NotifyTestResult, NotifyTarget } from '../notify';
export { NOTIFY_EVENT_KINDS, NOTIFY_CHANNEL_KINDS } from '../notify';

/**
 * An http(s) URL with a host and no user:password part (credentials in a URL end up in logs).
 * Private and loopback addresses are allowed on purpose: self-hosted ntfy, Bot API and webhook
 * receivers are the common case for this app's users.
 */
const httpUrl = z
  .string()
  .trim()
  .min(1, { error: 'is required', abort: true })
  .max(2_048, 'must be at most 2048 characters')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL without a user name or password in it');

/** An ntfy topic: the server's own rule (letters, digits, _ and -, up to 64). */
const ntfyTopic = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, dashes or underscores');
/** A Telegram chat: a numeric id (groups are negative) or a public @channelname. */
const telegramChat = z
  .string()
  .trim()
  .regex(/^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$/, 'must be a numeric chat id or an @channelname');
const email = z.string().trim().max(254, 'must be at most 254 characters').pipe(z.email('must be an email address'));
const hostName = z
  .string()
  .trim()
  .min(1, { error: 'is required', abort: true })
  .max(253, 'must be at most 253 characters')
  .regex(/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^\[[0-9A-Fa-f:.]+\]$/, 'must be a host name or an IP address');

/** Where a channel sends, without its secret. */
export const notifyTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('webhook') }),
  z.strictObject({ kind: z.literal('slack') }),
  z.strictObject({ kind: z.literal('discord') }),
  z.strictObject({ kind: z.literal('ntfy'), serverUrl: httpUrl, topic: ntfyTopic }),
  z.strictObject({ kind: z.literal('telegram'), apiUrl: httpUrl.default('https://api.telegram.org'), chatId: telegramChat }),
  z.strictObject({
    kind: z.literal('email'),
    host: hostName,
    port: z.number().int().min(1).max(65_535),
    /** `tls`: TLS from the first byte (465); `starttls`: upgrade required (587); `none`: plain (a LAN relay). */
    tls: z.enum(['tls', 'starttls', 'none']),
    username: z.string().trim().max(255, 'must be at most 255 characters').default(''),
    from: email,
    to: z.array(email).min(1, 'needs at least one address').max(20, 'must be at most 20 addresses'),
  }),
]);

/** What the secret of each kind is: the URLs embed their token, so they are the secret. */
const SECRET_RULES: Record<string, { required: boolean; check: z.ZodType<string> }> = {
  webhook: { required: true, check: httpUrl },
  slack: { required: true, check: httpUrl },
  discord: { required: true, check: httpUrl },
  ntfy: { required: false, check: z.string().regex(/^[\x21-\x7e]{1,512}$/, 'must be an access token without spaces') },
  telegram: { required: true, check: z.string().regex(/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/, 'must be a bot token such as 123456:ABC-DEF...') },
  email: { required: false, check: z.string().min(1).max(1_024, 'must be at most 1024 characters') },
};

const channelInput = z
  .strictObject({
    /** Absent: a new channel. */
    id: id.optional(),
    name: z.string().trim().min(1, { error: 'is required', abort: true }).max(64, 'must be at most 64 characters'),
    enabled: z.boolean(),
    events: z
      .array(z.enum(NOTIFY_EVENT_KINDS))
      .min(1, 'choose at least one event')
      .refine((list) => new Set(list).size === list.length, 'lists an event twice'),
    target: notifyTargetSchema,
    /** The credential; left out to keep the saved one (same kind only). */
    secret: z.string().max(2_048, 'must be at most 2048 characters').optional(),
    /** Drops a saved optional credential (an ntfy token, an SMTP password). */
    clearSecret: z.boolean().default(false),
  })
  .superRefine((input, ctx) => {
    const rule = SECRET_RULES[input.target.kind]!;
    if (input.secret !== undefined) {
      const checked = rule.check.safeParse(input.secret.trim());
      if (!checked.success) ctx.addIssue({ code: 'custom', path: ['secret'], message: checked.error.issues[0]?.message ?? 'is not valid' });
      if (input.clearSecret) ctx.addIssue({ code: 'custom', path: ['clearSecret'], message: 'cannot be set together with a new secret' });
    }
    if (input.clearSecret && rule.required)
      ctx.addIssue({ code: 'custom', path: ['clearSecret'], message: 'this kind of channel cannot work without its secret' });
    // AUTH over a plain connection hands the password to anyone on the path: only to this computer.
    const t = input.target;
    if (t.kind === 'email' && t.tls === 'none' && t.username !== '' && !isLoopback(t.host)) {
      ctx.addIssue({ code: 'custom', path: ['target', 'tls'], message: 'would send the password unencrypted: choose TLS or STARTTLS' });
    }
  });

function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export const notifyCalls = {
  /** Every channel with its filter and delivery state; credentials only as where they are kept. */
  'notify.channels.list': call(z.strictObject({}), type<NotifyChannelView[]>()),
  /** Adds a channel (no id) or replaces one's settings; the secret goes to the SecretStore. */
  'notify.channels.save': call(channelInput, type<NotifyChannelView>()),
  'notify.channels.remove': call(z.strictObject({ id }), type<{ removed: true }>()),
  /** Sends a test message now, once, no retry: the outcome (and the service's error) is the answer. */
  'notify.channels.test': call(z.strictObject({ id }), type<NotifyTestResult>()),
} as const;
