// Display names for the notification enums, one literal t() call per value (the i18n key scan
// sees each; the switch makes the compiler flag a new, untranslated value).
import type { NotifyChannelKind, NotifyEventKind } from '../../shared/notify';
import type { Translate } from './labels';

export function notifyEventLabel(t: Translate, kind: NotifyEventKind): string {
  switch (kind) {
    case 'deploy.succeeded':
      return t('notify.event.deploySucceeded');
    case 'deploy.failed':
      return t('notify.event.deployFailed');
    case 'deploy.rolledBack':
      return t('notify.event.deployRolledBack');
    case 'container.crashed':
      return t('notify.event.containerCrashed');
    case 'container.unhealthy':
      return t('notify.event.containerUnhealthy');
    case 'host.down':
      return t('notify.event.hostDown');
    case 'host.up':
      return t('notify.event.hostUp');
    case 'update.available':
      return t('notify.event.updateAvailable');
    case 'stale.threshold':
      return t('notify.event.staleThreshold');
    case 'webhook.refused':
      return t('notify.event.webhookRefused');
  }
}

export function notifyChannelKindLabel(t: Translate, kind: NotifyChannelKind): string {
  switch (kind) {
    case 'webhook':
      return t('notify.kind.webhook');
    case 'slack':
      return t('notify.kind.slack');
    case 'discord':
      return t('notify.kind.discord');
    case 'ntfy':
      return t('notify.kind.ntfy');
    case 'telegram':
      return t('notify.kind.telegram');
    case 'email':
      return t('notify.kind.email');
  }
}

/** What the secret field is called for a kind. */
export function notifySecretLabel(t: Translate, kind: NotifyChannelKind): string {
  switch (kind) {
    case 'webhook':
    case 'slack':
    case 'discord':
      return t('notify.form.webhookUrl');
    case 'ntfy':
      return t('notify.form.ntfyToken');
    case 'telegram':
      return t('notify.form.botToken');
    case 'email':
      return t('notify.form.smtpPassword');
  }
}
