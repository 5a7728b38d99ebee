// Sends one message to one channel, whatever its kind: the payload as its service documents it,
// posted (or mailed) once. Retries are the delivery queue's business, not this function's.
import { AppError } from '../../../../shared/errors';
import type { NotifyChannelRecord } from '../../store/notifyChannelRepo';
import type { NotifyMessage } from '../message';
import { sendEmail } from './emailSend';
import { postJson } from './httpSend';
import { discordRequest, ntfyRequest, slackRequest, telegramRequest, webhookRequest } from './payloads';

export interface SendOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export type ChannelSender = (channel: NotifyChannelRecord, secret: string | null, message: NotifyMessage, options?: SendOptions) => Promise<void>;

export const sendToChannel: ChannelSender = async (channel, secret, message, options = {}) => {
  const target = channel.target;
  const ctx = { channel: channel.name, kind: target.kind, secrets: secret ? [secret] : [], ...options };
  const needSecret = (): string => {
    if (secret) return secret;
    throw new AppError(
      'NOTIFY_SECRET_UNKNOWN',
      `the ${target.kind === 'telegram' ? 'bot token' : 'webhook URL'} of the channel "${channel.name}" is not known in this session: enter it again in Settings.`,
      { channel: channel.name },
    );
  };
  switch (target.kind) {
    case 'webhook':
      return postJson(webhookRequest(needSecret(), message), ctx);
    case 'slack':
      return postJson(slackRequest(needSecret(), message), ctx);
    case 'discord':
      return postJson(discordRequest(needSecret(), message), ctx);
    case 'ntfy':
      return postJson(ntfyRequest(target, secret, message), ctx);
    case 'telegram':
      return postJson(telegramRequest(target, needSecret(), message), ctx);
    case 'email':
      if (target.username && !secret) {
        throw new AppError(
          'NOTIFY_SECRET_UNKNOWN',
          `the SMTP password of the channel "${channel.name}" is not known in this session: enter it again in Settings.`,
          {
            channel: channel.name,
          },
        );
      }
      return sendEmail(target, secret, message, { channel: channel.name, timeoutMs: options.timeoutMs });
  }
};
