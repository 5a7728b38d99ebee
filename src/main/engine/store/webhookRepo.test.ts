import { afterEach, describe, expect, it } from 'vitest';
import { createTestProject, openTestStore } from '../testing/fixtures';
import type { TestStore } from '../testing/fixtures';
import { LOG_LIMIT, SEEN_LIMIT, WebhookRepo } from './webhookRepo';
import type { NewDelivery } from './webhookRepo';

let store: TestStore;
afterEach(() => store?.cleanup());

const entry = (workloadId: string, i: number, body: Buffer | null = Buffer.from(`{"n":${i}}`)): NewDelivery => ({
  workloadId,
  receivedAt: 1_000 + i,
  source: 'github',
  event: 'push',
  deliveryId: `d-${i}`,
  address: '127.0.0.1',
  outcome: 'ignored',
  reason: null,
  status: 202,
  body,
});

describe('WebhookRepo', () => {
  it('keeps the newest LOG_LIMIT log lines of a workload, bodies with them, and no other workload’s', () => {
    store = openTestStore();
    const repo = new WebhookRepo(store.db);
    const a = createTestProject(store.workloads, { name: 'a' }).projectId;
    const b = createTestProject(store.workloads, { name: 'b' }).projectId;
    repo.log(entry(b, 0));
    for (let i = 0; i < LOG_LIMIT + 25; i += 1) repo.log(entry(a, i));
    const kept = repo.deliveries(a);
    expect(kept).toHaveLength(LOG_LIMIT);
    expect(kept[0]!.deliveryId).toBe(`d-${LOG_LIMIT + 24}`);
    expect(kept.at(-1)!.deliveryId).toBe('d-25');
    expect((store.db.prepare('SELECT COUNT(*) AS n FROM webhook_deliveries WHERE body IS NOT NULL').get() as { n: number }).n).toBe(LOG_LIMIT + 1);
    expect(repo.deliveries(b)).toHaveLength(1);
  });

  it('refuses a delivery id seen before for the same workload only, and keeps the seen ids near their bound', () => {
    store = openTestStore();
    const repo = new WebhookRepo(store.db);
    const a = createTestProject(store.workloads, { name: 'a' }).projectId;
    const b = createTestProject(store.workloads, { name: 'b' }).projectId;
    expect(repo.markSeen(a, 'x', 1)).toBe(true);
    expect(repo.markSeen(a, 'x', 2)).toBe(false);
    expect(repo.markSeen(b, 'x', 3)).toBe(true);
    for (let i = 0; i < SEEN_LIMIT + 300; i += 1) repo.markSeen(a, `id-${i}`, 10 + i);
    const n = (store.db.prepare('SELECT COUNT(*) AS n FROM webhook_delivery_ids WHERE workload_id = ?').get(a) as { n: number }).n;
    expect(n).toBeLessThanOrEqual(SEEN_LIMIT + 100);
    // The newest are the ones kept.
    expect(repo.markSeen(a, `id-${SEEN_LIMIT + 299}`, 99_999)).toBe(false);
  });

  it('goes with its workload', () => {
    store = openTestStore();
    const repo = new WebhookRepo(store.db);
    const a = createTestProject(store.workloads, { name: 'a' }).projectId;
    repo.log(entry(a, 1));
    repo.markSeen(a, 'x', 1);
    repo.setMapping(a, { branches: [], tagStage: null });
    store.workloads.delete(a);
    for (const table of ['webhook_deliveries', 'webhook_delivery_ids', 'webhook_ref_mappings']) {
      expect((store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n).toBe(0);
    }
  });
});
