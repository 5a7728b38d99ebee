// Words for the webhook enums: one literal t() call per value (the i18n test scans for keys; the
// switches make the compiler flag a new value that has no words yet).
import type { WebhookListenerView, WebhookOutcome, WebhookSourceName } from '../../../shared/contract/webhooks';
import type { Translate } from '../../i18n/labels';

export function outcomeLabel(t: Translate, outcome: WebhookOutcome): string {
  switch (outcome) {
    case 'queued':
      return t('webhooks.outcome.queued');
    case 'deploying':
      return t('webhooks.outcome.deploying');
    case 'deployed':
      return t('webhooks.outcome.deployed');
    case 'failed':
      return t('webhooks.outcome.failed');
    case 'refused':
      return t('webhooks.outcome.refused');
    case 'duplicate':
      return t('webhooks.outcome.duplicate');
    case 'ignored':
      return t('webhooks.outcome.ignored');
    case 'rotated':
      return t('webhooks.outcome.rotated');
  }
}

export function outcomeTone(outcome: WebhookOutcome): string {
  switch (outcome) {
    case 'deployed':
      return 'badge-ok';
    case 'failed':
    case 'refused':
      return 'badge-danger';
    case 'duplicate':
      return 'badge-warn';
    case 'queued':
    case 'deploying':
      return 'badge-info';
    case 'ignored':
    case 'rotated':
      return 'badge-neutral';
  }
}

export function sourceLabel(t: Translate, source: WebhookSourceName): string {
  switch (source) {
    case 'github':
      return t('webhooks.source.github');
    case 'gitea':
      return t('webhooks.source.gitea');
    case 'gitlab':
      return t('webhooks.source.gitlab');
    case 'generic':
      return t('webhooks.source.generic');
    case 'app':
      return t('webhooks.source.app');
  }
}

export function listenerStateLabel(t: Translate, state: WebhookListenerView['state']): string {
  switch (state) {
    case 'off':
      return t('webhooks.listener.state.off');
    case 'starting':
      return t('webhooks.listener.state.starting');
    case 'listening':
      return t('webhooks.listener.state.listening');
    case 'failed':
      return t('webhooks.listener.state.failed');
  }
}

export function listenerErrorText(t: Translate, view: WebhookListenerView): string {
  if (!view.error) return '';
  switch (view.error.code) {
    case 'PORT_IN_USE':
      return t('webhooks.listener.error.portInUse', { port: view.port, address: view.address });
    case 'ADDRESS_UNAVAILABLE':
      return t('webhooks.listener.error.addressUnavailable', { address: view.address });
    case 'LISTEN_FAILED':
      return t('webhooks.listener.error.failed', { message: view.error.message });
  }
}

/**
 * The reason a delivery was refused, in the reader's language when it is one of the engine's
 * refusal codes; other reasons (a deploy's own error, what a delivery deployed) are shown as the
 * engine wrote them.
 */
export function reasonText(t: Translate, reason: string): string {
  switch (reason) {
    case 'signature-missing':
      return t('webhooks.reason.signatureMissing');
    case 'signature-sha1':
      return t('webhooks.reason.signatureSha1');
    case 'signature-malformed':
      return t('webhooks.reason.signatureMalformed');
    case 'signature-mismatch':
      return t('webhooks.reason.signatureMismatch');
    case 'signature-headers-repeated':
      return t('webhooks.reason.headersRepeated');
    case 'no-secret':
      return t('webhooks.reason.noSecret');
    case 'secret-unknown-this-session':
      return t('webhooks.reason.secretUnknown');
    case 'delivery-id-missing':
      return t('webhooks.reason.deliveryIdMissing');
    case 'delivery-id-malformed':
      return t('webhooks.reason.deliveryIdMalformed');
    case 'duplicate-delivery':
      return t('webhooks.reason.duplicate');
    case 'body-not-json':
      return t('webhooks.reason.bodyNotJson');
    default:
      return reason;
  }
}
