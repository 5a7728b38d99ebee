// Signed webhooks: the listener's settings and state, and per workload its hook URL, its secret
// (shown once, when made), a project's ref mapping, and the delivery log with "redeliver".
import { z } from 'zod';
import { type } from '../typeMarker';
import { call, id, slug } from './schemas';

export type WebhookSourceName = 'github' | 'gitea' | 'gitlab' | 'generic' | 'app';
export type WebhookOutcome = 'queued' | 'deploying' | 'deployed' | 'failed' | 'refused' | 'duplicate' | 'ignored' | 'rotated';

export interface WebhookListenerView {
  enabled: boolean;
  address: string;
  port: number;
  state: 'off' | 'starting' | 'listening' | 'failed';
  /** Why it is not listening (PORT_IN_USE, ADDRESS_UNAVAILABLE, ...), null when it is. */
  error: { code: 'PORT_IN_USE' | 'ADDRESS_UNAVAILABLE' | 'LISTEN_FAILED'; message: string } | null;
  /** `http://address:port` while listening; null otherwise. */
  baseUrl: string | null;
}

export interface WebhookDeliveryView {
  id: string;
  receivedAt: number;
  source: WebhookSourceName;
  event: string;
  deliveryId: string | null;
  address: string;
  outcome: WebhookOutcome;
  reason: string | null;
  status: number;
  /** The raw body was kept: it can be delivered again. */
  canRedeliver: boolean;
  redeliveryOf: string | null;
}

export interface WebhookRefMappingView {
  branches: { branch: string; stage: string }[];
  tagStage: string | null;
}

export interface WebhookView {
  workloadId: string;
  /** The path every sender posts to; the full URL is the listener's baseUrl plus this. */
  path: string;
  secret: { state: 'none' | 'unknown' | 'known'; createdAt: number | null; keeping: 'keychain' | 'session' | 'none' };
  /** The header each sender signs in, for the setup instructions. */
  headers: { github: string; gitea: string; gitlab: string; generic: string; genericDelivery: string };
  /** A project's mapping of pushed refs to stages; null for stacks and sites. */
  refMapping: WebhookRefMappingView | null;
  deliveries: WebhookDeliveryView[];
}

const address = z
  .string()
  .trim()
  .min(1, { error: 'is required', abort: true })
  .max(64, 'must be at most 64 characters')
  .regex(/^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]+)$/, 'must be an IP address such as 127.0.0.1 or 192.168.1.20')
  .refine((a) => !a.includes('.') || a.split('.').every((part) => Number(part) <= 255), 'must be an IP address such as 127.0.0.1 or 192.168.1.20');

const branch = z
  .string()
  .trim()
  .min(1, { error: 'is required', abort: true })
  .max(255, 'must be at most 255 characters')
  .regex(/^[A-Za-z0-9._/-]+$/, 'must be a branch name such as main or release/1.x');

export const refMappingSchema = z.strictObject({
  branches: z.array(z.strictObject({ branch, stage: slug })).max(50),
  tagStage: slug.nullable(),
});

export const webhookCalls = {
  'webhooks.listener.get': call(z.strictObject({}), type<WebhookListenerView>()),
  /** Saves the listener's settings and restarts it with them; answers with its state once settled. */
  'webhooks.listener.update': call(
    z.strictObject({ enabled: z.boolean(), address, port: z.number().int().min(1, 'must be between 1 and 65535').max(65_535, 'must be between 1 and 65535') }),
    type<WebhookListenerView>(),
  ),
  'webhooks.get': call(z.strictObject({ workloadId: id }), type<WebhookView>()),
  /** Makes a new secret (the old one stops working at once); the only time the secret is shown. */
  'webhooks.rotateSecret': call(z.strictObject({ workloadId: id }), type<{ secret: string; createdAt: number }>()),
  'webhooks.setRefMapping': call(z.strictObject({ workloadId: id, mapping: refMappingSchema }), type<WebhookView>()),
  /** Runs a stored accepted delivery again (logged as a new delivery). */
  'webhooks.redeliver': call(z.strictObject({ workloadId: id, deliveryId: id }), type<WebhookDeliveryView>()),
} as const;
