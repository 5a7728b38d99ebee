// What a delivery means: the checks in the order that keeps them cheap and safe (throttle, then
// the workload and its secret, the signature over the raw body, the delivery id against replays,
// then the body), a log line for every verdict, and for an accepted one a 202 at once with the
// deploy queued behind any other run of the same target. Fail closed: a workload without a known
// secret deploys nothing. Also the workload-facing actions: rotate the secret, save a project's
// ref mapping, redeliver a stored delivery.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { WebhookDeliveryView, WebhookListenerView, WebhookView } from '../../../shared/contract/webhooks';
import { refMappingSchema } from '../../../shared/contract/webhooks';
import type { WorkloadView } from '../../../shared/types';
import type { EventBus } from '../events';
import type { SecretStore } from '../store/secretStore';
import type { DeliveryRecord, DeliverySource, ListenerSettings, WebhookRepo } from '../store/webhookRepo';
import { DEFAULT_LISTENER } from '../store/webhookRepo';
import type { WorkloadRepo } from '../store/workloadRepo';
import { BadSignatureThrottle } from './badSignatureThrottle';
import type { DeliveryPlan, TargetDeps } from './deliveryTargets';
import { planDelivery } from './deliveryTargets';
import type { RefMapping } from './refMapping';
import { DEFAULT_REF_MAPPING, mappingProblem } from './refMapping';
import type { Answer } from './webhookListener';
import { WebhookListener } from './webhookListener';
import type { Headers } from './signature';
import { claimedSource, DELIVERY_HEADERS, deliveryIdentity, SIGNATURE_HEADERS, verifySignature } from './signature';
import { TargetQueue } from './targetQueue';

export interface WebhookDeps {
  repo: WebhookRepo;
  secrets: SecretStore;
  workloads: WorkloadRepo;
  events: EventBus;
  log(message: string): void;
  targets: Omit<TargetDeps, 'mapping' | 'events'>;
  /** Called once when an address crosses the bad-signature limit (the notifications room wires it). */
  onRefusedRepeatedly?: (info: { workloadId: string | null; address: string; count: number }) => void;
  /** Largest body accepted, in bytes (1 MiB by default; GitHub caps its payloads at 25 MB, but a push is a few KB). */
  maxBodyBytes?: number;
  /** The whole request must arrive within this (10 s by default). */
  timeoutMs?: number;
  throttle?: BadSignatureThrottle;
  /** Crash tests: runs inside the rotation's transaction, between its writes. */
  duringRotation?: () => void;
  now?: () => number;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 10_000;

function deliveryView(r: DeliveryRecord): WebhookDeliveryView {
  return {
    id: r.id,
    receivedAt: r.receivedAt,
    source: r.source,
    event: r.event,
    deliveryId: r.deliveryId,
    address: r.address,
    outcome: r.outcome,
    reason: r.reason,
    status: r.status,
    canRedeliver: r.hasBody,
    redeliveryOf: r.redeliveryOf,
  };
}

export class WebhookService {
  readonly listener: WebhookListener;
  private readonly throttle: BadSignatureThrottle;
  private readonly queue = new TargetQueue();
  private readonly now: () => number;
  private readonly targets: TargetDeps;
  private closed = false;

  constructor(private readonly deps: WebhookDeps) {
    this.now = deps.now ?? Date.now;
    this.throttle = deps.throttle ?? new BadSignatureThrottle();
    this.targets = { ...deps.targets, events: deps.events, mapping: (id) => this.mapping(id) };
    this.listener = new WebhookListener({
      blocked: (address) => this.throttle.blocked(address, this.now()),
      receive: (delivery) => this.receive(delivery),
      changed: () => deps.events.emit('webhooks.changed', { workloadId: null }),
      log: deps.log,
      maxBodyBytes: deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      timeoutMs: deps.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
  }

  /** Starts the listener as saved (the composition root calls it once). */
  start(): Promise<WebhookListenerView> {
    return this.listener.apply(this.listenerSettings());
  }

  listenerSettings(): ListenerSettings {
    const saved = this.deps.repo.listener() as Partial<ListenerSettings> | null;
    if (!saved || typeof saved !== 'object') return DEFAULT_LISTENER;
    return {
      enabled: typeof saved.enabled === 'boolean' ? saved.enabled : DEFAULT_LISTENER.enabled,
      address: typeof saved.address === 'string' ? saved.address : DEFAULT_LISTENER.address,
      port: Number.isInteger(saved.port) && saved.port! >= 0 && saved.port! <= 65_535 ? saved.port! : DEFAULT_LISTENER.port,
    };
  }

  updateListener(settings: ListenerSettings): Promise<WebhookListenerView> {
    this.deps.repo.setListener(settings);
    return this.listener.apply(settings);
  }

  /** A delivery whose whole body arrived within the limits: checked, logged, answered. */
  receive(delivery: { workloadId: string; headers: Headers; body: Buffer; address: string }): Answer {
    const { headers, body, address } = delivery;
    const now = this.now();
    const workload = this.findWorkload(delivery.workloadId);
    const refuse = (status: number, reason: string, bad: boolean, source: DeliverySource = claimedSource(headers), event = '-'): Answer => {
      if (workload) {
        this.deps.repo.log({
          workloadId: workload.id,
          receivedAt: now,
          source,
          event,
          deliveryId: null,
          address,
          outcome: 'refused',
          reason,
          status,
          body: null,
        });
        this.changed(workload.id);
      }
      if (bad) this.countBad(workload?.id ?? null, address, now);
      return { status, body: { error: reason } };
    };
    // An unknown workload is answered like a bad signature: the answer must not tell which ids exist.
    if (!workload) return refuse(401, 'signature-mismatch', true);
    const secret = this.deps.secrets.webhookSecret(workload.id);
    if (secret.state !== 'known') return refuse(401, secret.state === 'none' ? 'no-secret' : 'secret-unknown-this-session', true);
    const verdict = verifySignature(headers, body, secret.secret);
    if (!verdict.ok) return refuse(401, verdict.reason, true);
    const identity = deliveryIdentity(headers, verdict.source);
    if (!identity.ok) return refuse(400, identity.reason, false, verdict.source);
    const base = { workloadId: workload.id, receivedAt: now, source: verdict.source, event: identity.event, deliveryId: identity.deliveryId, address };
    if (!this.deps.repo.markSeen(workload.id, identity.deliveryId, now)) {
      this.deps.repo.log({ ...base, outcome: 'duplicate', reason: 'duplicate-delivery', status: 409, body: null });
      this.changed(workload.id);
      return { status: 409, body: { error: 'duplicate-delivery' } };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      this.deps.repo.log({ ...base, outcome: 'refused', reason: 'body-not-json', status: 400, body: null });
      this.changed(workload.id);
      return { status: 400, body: { error: 'body-not-json' } };
    }
    return this.dispatch(workload, parsed, body, base, null);
  }

  private dispatch(
    workload: WorkloadView,
    parsed: unknown,
    raw: Buffer,
    base: { workloadId: string; receivedAt: number; source: DeliverySource; event: string; deliveryId: string | null; address: string },
    redeliveryOf: string | null,
  ): Answer & { logId: string } {
    let plan: DeliveryPlan;
    try {
      plan = this.closed ? { kind: 'invalid', why: 'Tinyforge is shutting down' } : planDelivery(this.targets, workload, parsed, base.event);
    } catch (error) {
      plan = { kind: 'invalid', why: error instanceof Error ? error.message : String(error) };
    }
    if (plan.kind === 'ignored') {
      const logId = this.deps.repo.log({ ...base, outcome: 'ignored', reason: plan.why, status: 202, body: raw, redeliveryOf });
      this.changed(workload.id);
      return { logId, status: 202, body: { outcome: 'ignored', reason: plan.why } };
    }
    if (plan.kind === 'invalid') {
      const logId = this.deps.repo.log({ ...base, outcome: 'refused', reason: plan.why, status: 422, body: null, redeliveryOf });
      this.changed(workload.id);
      return { logId, status: 422, body: { error: 'no-target', reason: plan.why } };
    }
    const logId = this.deps.repo.log({ ...base, outcome: 'queued', reason: plan.what, status: 202, body: raw, redeliveryOf });
    this.changed(workload.id);
    void this.queue
      .run(plan.key, async () => {
        this.deps.repo.update(logId, 'deploying', plan.what);
        this.changed(workload.id);
        return plan.run();
      })
      .then(
        (result) => this.deps.repo.update(logId, result.ok ? 'deployed' : 'failed', result.ok ? (result.reason ?? plan.what) : result.reason),
        (error: unknown) => this.deps.repo.update(logId, 'failed', error instanceof Error ? error.message : String(error)),
      )
      .catch((error: unknown) => this.deps.log(`webhook delivery ${logId}: ${String(error)}`))
      .finally(() => this.changed(workload.id));
    return { logId, status: 202, body: { outcome: 'queued', delivery: logId } };
  }

  private findWorkload(id: string): WorkloadView | null {
    try {
      return this.deps.workloads.get(id);
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  private countBad(workloadId: string | null, address: string, now: number): void {
    const { count, crossed } = this.throttle.recordBad(address, now);
    if (!crossed) return;
    this.deps.log(`webhook: ${count} bad signatures in a minute from ${address}; refusing it for a while`);
    try {
      this.deps.onRefusedRepeatedly?.({ workloadId, address, count });
    } catch (error) {
      this.deps.log(`webhook: the refused-repeatedly callback failed: ${String(error)}`);
    }
  }

  private changed(workloadId: string): void {
    this.deps.events.emit('webhooks.changed', { workloadId });
  }

  mapping(projectId: string): RefMapping {
    const saved = refMappingSchema.safeParse(this.deps.repo.mapping(projectId));
    return saved.success ? saved.data : DEFAULT_REF_MAPPING;
  }

  view(workloadId: string): WebhookView {
    const workload = this.deps.workloads.get(workloadId);
    const secret = this.deps.secrets.webhookSecret(workload.id);
    return {
      workloadId: workload.id,
      path: `/hooks/${workload.id}`,
      secret: {
        state: secret.state,
        createdAt: secret.state === 'none' ? null : secret.createdAt,
        keeping: this.deps.secrets.webhookSecretKeeping(workload.id),
      },
      headers: { ...SIGNATURE_HEADERS, genericDelivery: DELIVERY_HEADERS.generic },
      refMapping: workload.kind === 'project' ? this.mapping(workload.id) : null,
      deliveries: this.deps.repo.deliveries(workload.id).map(deliveryView),
    };
  }

  /** A new random secret, in one transaction with its log line; returned once, never again. */
  rotateSecret(workloadId: string): { secret: string; createdAt: number } {
    const workload = this.deps.workloads.get(workloadId);
    const secret = randomBytes(32).toString('base64url');
    const createdAt = this.now();
    this.deps.secrets.rotateWebhookSecret(workload.id, secret, createdAt, () => {
      this.deps.duringRotation?.();
      this.deps.repo.log({
        workloadId: workload.id,
        receivedAt: createdAt,
        source: 'app',
        event: 'secret-rotated',
        deliveryId: null,
        address: 'local',
        outcome: 'rotated',
        reason: null,
        status: 0,
        body: null,
      });
    });
    this.changed(workload.id);
    return { secret, createdAt };
  }

  setMapping(workloadId: string, mapping: RefMapping): WebhookView {
    const workload = this.deps.workloads.get(workloadId);
    if (workload.kind !== 'project') throw new AppError('NOT_FOUND', `${workload.name} is not a project: only projects map refs to stages.`, { workloadId });
    const problem = mappingProblem(
      mapping,
      workload.stages.map((s) => s.name),
    );
    if (problem) throw new AppError('VALIDATION', `The ref mapping was not saved: ${problem}.`, { problem });
    this.deps.repo.setMapping(workload.id, mapping);
    this.changed(workload.id);
    return this.view(workload.id);
  }

  /** Replays a stored accepted delivery (the user's action in the app: no signature, no replay check). */
  redeliver(workloadId: string, id: string): WebhookDeliveryView {
    const workload = this.deps.workloads.get(workloadId);
    const stored = this.deps.repo.delivery(id);
    if (!stored || stored.workloadId !== workload.id) throw new AppError('NOT_FOUND', `there is no delivery ${id} for ${workload.name}.`, { deliveryId: id });
    const raw = this.deps.repo.body(id);
    if (!raw)
      throw new AppError('CONFLICT', `delivery ${id} was refused or is too old: its body was not kept, so it cannot be delivered again.`, { deliveryId: id });
    const base = {
      workloadId: workload.id,
      receivedAt: this.now(),
      source: stored.source,
      event: stored.event,
      deliveryId: stored.deliveryId,
      address: 'redeliver',
    };
    const answer = this.dispatch(workload, JSON.parse(raw.toString('utf8')) as unknown, raw, base, stored.id);
    return deliveryView(this.deps.repo.delivery(answer.logId)!);
  }

  /** Ends the listener; deliveries already queued finish (their deploys stop with their host scopes). */
  async close(): Promise<void> {
    this.closed = true;
    await this.listener.close();
  }

  /** Tests: resolves when every queued delivery has run. */
  drain(): Promise<void> {
    return this.queue.drain();
  }
}
