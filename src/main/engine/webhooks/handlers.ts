// The webhooks.* slice of the contract: the listener's settings and state, and per workload its
// secret, ref mapping and delivery log.
import type { Handlers } from '../rpc/handlers';
import type { WebhookService } from './webhookService';

type WebhookCalls = Extract<keyof Handlers, `webhooks.${string}`>;

export function webhookHandlers(service: WebhookService): Pick<Handlers, WebhookCalls> {
  return {
    'webhooks.listener.get': () => service.listener.view(),
    'webhooks.listener.update': (settings) => service.updateListener(settings),
    'webhooks.get': async ({ workloadId }) => service.view(workloadId),
    'webhooks.rotateSecret': async ({ workloadId }) => service.rotateSecret(workloadId),
    'webhooks.setRefMapping': async ({ workloadId, mapping }) => service.setMapping(workloadId, mapping),
    'webhooks.redeliver': async ({ workloadId, deliveryId }) => service.redeliver(workloadId, deliveryId),
  };
}
