// The notify.* slice of the contract: channels listed, saved, removed and tested. Views carry
// where a credential is kept, never the credential.
import { AppError } from '../../../shared/errors';
import type { NotifyTarget } from '../../../shared/notify';
import type { EventBus } from '../events';
import type { Handlers } from '../rpc/handlers';
import type { NotifyChannelRepo } from '../store/notifyChannelRepo';
import type { SecretStore } from '../store/secretStore';
import type { Notifier } from './notifier';

export interface NotifyHandlerDeps {
  channels: NotifyChannelRepo;
  secrets: SecretStore;
  notifier: Notifier;
  events: EventBus;
  log: (message: string) => void;
}

type NotifyCalls = 'notify.channels.list' | 'notify.channels.save' | 'notify.channels.remove' | 'notify.channels.test';

/** Kinds whose whole URL is the secret (Slack's and Discord's embed their token). */
const URL_SECRET = new Set<NotifyTarget['kind']>(['webhook', 'slack', 'discord']);
/** Kinds that cannot send without their secret. */
const SECRET_REQUIRED = new Set<NotifyTarget['kind']>(['webhook', 'slack', 'discord', 'telegram']);

export function notifyHandlers({ channels, secrets, notifier, events, log }: NotifyHandlerDeps): Pick<Handlers, NotifyCalls> {
  return {
    'notify.channels.list': () => notifier.views(),
    'notify.channels.save': ({ id, name, enabled, events: kinds, target, secret, clearSecret }) => {
      const before = id === undefined ? null : channels.require(id);
      const given = secret?.trim();
      const needsSecret = SECRET_REQUIRED.has(target.kind) || (target.kind === 'email' && target.username !== '');
      const known = before !== null && before.kind === target.kind && secrets.channelSecret(before.id) !== null && !clearSecret;
      if (given === undefined && needsSecret && !known) {
        throw new AppError(
          'VALIDATION',
          `the ${target.kind === 'email' ? 'SMTP password' : target.kind === 'telegram' ? 'bot token' : 'webhook URL'} is required: none is known for this channel in this session. Nothing was saved.`,
          undefined,
          [{ path: 'secret', message: 'is required' }],
        );
      }
      const secretHost = !URL_SECRET.has(target.kind) ? null : given !== undefined ? new URL(given).host : (before?.secretHost ?? null);
      const saved = channels.save(id, { name, enabled, events: kinds, target, secretHost }, (channelId) => {
        if (given !== undefined) secrets.setChannelSecret(channelId, given);
        else if (clearSecret) secrets.forgetChannelSecret(channelId);
      });
      log(`notify: channel "${saved.name}" (${saved.kind}) ${before ? 'updated' : 'added'}${given !== undefined ? ', secret replaced' : ''}`);
      events.emit('notify.changed', { channelId: saved.id });
      return notifier.view(saved);
    },
    'notify.channels.remove': ({ id }) => {
      const channel = channels.require(id);
      channels.remove(id, (channelId) => secrets.forgetChannelSecret(channelId));
      notifier.forget(id);
      log(`notify: channel "${channel.name}" removed`);
      events.emit('notify.changed', { channelId: id });
      return { removed: true as const };
    },
    'notify.channels.test': async ({ id }) => {
      const result = await notifier.test(id);
      log(`notify: test of channel ${id}: ${result.ok ? 'delivered' : (result.error?.message ?? 'failed')}`);
      return result;
    },
  };
}
