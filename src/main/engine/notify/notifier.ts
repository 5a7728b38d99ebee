// The notifier: owned by the composition root, told of domain events by whoever sees them
// (publish never blocks and never throws), it groups repeats, words one message per group and hands
// it to every enabled channel whose filter takes the event, and to the desktop when that is on.
import { errorInfoOf } from '../../../shared/errors';
import type { NotifyChannelView, NotifyEvent, NotifyEventKind, NotifyTestResult } from '../../../shared/notify';
import type { Language } from '../../../shared/types';
import type { EventBus } from '../events';
import type { NotifyChannelRecord, NotifyChannelRepo } from '../store/notifyChannelRepo';
import type { SecretStore } from '../store/secretStore';
import { sendToChannel } from './channels/channelSend';
import type { ChannelSender } from './channels/channelSend';
import { DeliveryQueue } from './deliveryQueue';
import type { RetryPolicy } from './deliveryQueue';
import { DEFAULT_WINDOWS_MS, EventGrouper } from './grouper';
import { messageOf, testMessage } from './message';
import type { GroupedEvent, Names, NotifyMessage } from './message';

/** Where desktop notifications go: the Electron shell's Notification, or a log line. */
export type DesktopSink = (notification: { title: string; body: string; severity: NotifyMessage['severity'] }) => void;

export interface NotifierDeps {
  channels: NotifyChannelRepo;
  secrets: SecretStore;
  events: EventBus;
  names: Names;
  log: (message: string) => void;
  desktop: DesktopSink | null;
  desktopEnabled: () => boolean;
  /** The user's language: the words of every message (the desktop's and the channels'). */
  language: () => Language;
  /** Tests replace the grouping windows and the retry timing; never the senders. */
  windows?: Partial<Record<NotifyEventKind, number>>;
  retry?: Partial<RetryPolicy>;
  sendTimeoutMs?: number;
  sender?: ChannelSender;
}

export class Notifier {
  private readonly grouper: EventGrouper;
  private readonly queue: DeliveryQueue;
  private readonly sender: ChannelSender;
  private closed = false;

  constructor(private readonly deps: NotifierDeps) {
    this.sender = deps.sender ?? sendToChannel;
    this.grouper = new EventGrouper(
      (grouped) => this.dispatch(grouped),
      (kind) => deps.windows?.[kind] ?? DEFAULT_WINDOWS_MS[kind],
    );
    this.queue = new DeliveryQueue({
      send: async (channelId, message, signal) => {
        // Read at send time: a channel edited, disabled or removed since the event follows the edit.
        const channel = deps.channels.get(channelId);
        if (!channel?.enabled) return false;
        await this.sender(channel, deps.secrets.channelSecret(channelId), message, { signal, timeoutMs: deps.sendTimeoutMs });
        return true;
      },
      onSuccess: (channelId) => {
        deps.channels.recordSuccess(channelId);
        deps.events.emit('notify.changed', { channelId });
      },
      onFailure: (channelId, error, attempt, final) => {
        const info = errorInfoOf(error);
        deps.channels.recordFailure(channelId, info);
        deps.log(`notify: channel ${channelId}: try ${attempt} failed${final ? ' (giving up on this message)' : ''}: ${info.message}`);
        deps.events.emit('notify.changed', { channelId });
      },
      onPending: (channelId) => deps.events.emit('notify.changed', { channelId }),
      log: deps.log,
      retry: deps.retry,
    });
  }

  /** Tells the notifier what happened. Returns at once; nothing the caller does waits on a send. */
  publish(event: NotifyEvent): void {
    if (this.closed) return;
    try {
      this.grouper.add(event);
    } catch (error) {
      this.deps.log(`notify: could not take a ${event.kind} event: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private dispatch(grouped: GroupedEvent): void {
    if (this.closed) return;
    try {
      const message = messageOf(grouped, this.deps.names, this.deps.language());
      for (const channel of this.deps.channels.list()) {
        if (channel.enabled && channel.events.includes(grouped.event.kind)) this.queue.enqueue(channel.id, message);
      }
      if (this.deps.desktop && this.deps.desktopEnabled()) this.deps.desktop({ title: message.title, body: message.body, severity: message.severity });
    } catch (error) {
      this.deps.log(`notify: could not dispatch a ${grouped.event.kind} message: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** One send, now, no retry: the user pressed "send a test" and waits for the answer. */
  async test(channelId: string): Promise<NotifyTestResult> {
    const channel = this.deps.channels.require(channelId);
    try {
      await this.sender(channel, this.deps.secrets.channelSecret(channelId), testMessage(channel.name, this.deps.language()), {
        timeoutMs: this.deps.sendTimeoutMs,
      });
      this.deps.channels.recordSuccess(channelId);
      return { ok: true, error: null };
    } catch (error) {
      const info = errorInfoOf(error);
      this.deps.channels.recordFailure(channelId, info);
      return { ok: false, error: info };
    } finally {
      this.deps.events.emit('notify.changed', { channelId });
    }
  }

  view(channel: NotifyChannelRecord): NotifyChannelView {
    return {
      id: channel.id,
      name: channel.name,
      enabled: channel.enabled,
      events: channel.events,
      target: channel.target,
      secret: this.deps.secrets.channelSecretKeeping(channel.id),
      secretHost: channel.secretHost,
      lastSuccessAt: channel.lastSuccessAt,
      lastError: channel.lastError,
      lastErrorAt: channel.lastErrorAt,
      pending: this.queue.pending(channel.id),
      createdAt: channel.createdAt,
    };
  }

  views(): NotifyChannelView[] {
    return this.deps.channels.list().map((c) => this.view(c));
  }

  /** A removed channel's waiting messages go with it. */
  forget(channelId: string): void {
    this.queue.forget(channelId);
  }

  /** Groups still gathering are dropped (their timers cancelled), sends in flight aborted. */
  async close(): Promise<void> {
    this.closed = true;
    this.grouper.close();
    await this.queue.close();
  }
}
