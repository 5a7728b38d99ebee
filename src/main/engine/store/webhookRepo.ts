// The webhook tables (0015): the delivery log with the raw bodies of accepted deliveries, the
// delivery ids already seen (replay refusal), each project's ref mapping, and the listener's
// settings (a row of the settings table). Record types live here, as the store's rule wants.
import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';

export type DeliveryOutcome = 'queued' | 'deploying' | 'deployed' | 'failed' | 'refused' | 'duplicate' | 'ignored' | 'rotated';
export type DeliverySource = 'github' | 'gitea' | 'gitlab' | 'generic' | 'app';

export interface DeliveryRecord {
  id: string;
  workloadId: string;
  receivedAt: number;
  source: DeliverySource;
  event: string;
  deliveryId: string | null;
  address: string;
  outcome: DeliveryOutcome;
  reason: string | null;
  status: number;
  hasBody: boolean;
  redeliveryOf: string | null;
}

export interface NewDelivery {
  workloadId: string;
  receivedAt: number;
  source: DeliverySource;
  event: string;
  deliveryId: string | null;
  address: string;
  outcome: DeliveryOutcome;
  reason: string | null;
  status: number;
  /** The raw body, kept only for accepted deliveries (what "redeliver" replays). */
  body: Buffer | null;
  redeliveryOf?: string | null;
}

export interface ListenerSettings {
  enabled: boolean;
  address: string;
  port: number;
}

export const DEFAULT_LISTENER: ListenerSettings = { enabled: false, address: '127.0.0.1', port: 7421 };

/** Log lines kept per workload; older ones go (their bodies with them). Delivery ids stay longer. */
export const LOG_LIMIT = 200;
/** Delivery ids kept per workload for replay refusal. */
export const SEEN_LIMIT = 10_000;

interface DeliveryRow {
  id: string;
  workload_id: string;
  received_at: number;
  source: DeliverySource;
  event: string;
  delivery_id: string | null;
  address: string;
  outcome: DeliveryOutcome;
  reason: string | null;
  status: number;
  has_body: number;
  redelivery_of: string | null;
}

const COLUMNS = 'id, workload_id, received_at, source, event, delivery_id, address, outcome, reason, status, body IS NOT NULL AS has_body, redelivery_of';

function record(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    workloadId: row.workload_id,
    receivedAt: row.received_at,
    source: row.source,
    event: row.event,
    deliveryId: row.delivery_id,
    address: row.address,
    outcome: row.outcome,
    reason: row.reason,
    status: row.status,
    hasBody: row.has_body === 1,
    redeliveryOf: row.redelivery_of,
  };
}

export class WebhookRepo {
  private marks = 0;
  private readonly insert: Statement<unknown[]>;
  private readonly prune: Statement<[string, string, number]>;
  private readonly list: Statement<[string, number], DeliveryRow>;
  private readonly one: Statement<[string], DeliveryRow>;
  private readonly bodyOf: Statement<[string], { body: Buffer | null }>;
  private readonly setOutcome: Statement<[DeliveryOutcome, string | null, string]>;
  private readonly seenInsert: Statement<[string, string, number]>;
  private readonly seenPrune: Statement<[string, string, number]>;
  private readonly mappingGet: Statement<[string], { mapping: string }>;
  private readonly mappingPut: Statement<[string, string]>;
  private readonly settingGet: Statement<[], { value: string }>;
  private readonly settingPut: Statement<[string]>;

  constructor(private readonly db: Database) {
    this.insert = db.prepare(
      'INSERT INTO webhook_deliveries (id, workload_id, received_at, source, event, delivery_id, address, outcome, reason, status, body, redelivery_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.prune = db.prepare(
      'DELETE FROM webhook_deliveries WHERE workload_id = ? AND id NOT IN (SELECT id FROM webhook_deliveries WHERE workload_id = ? ORDER BY received_at DESC, rowid DESC LIMIT ?)',
    );
    this.list = db.prepare(`SELECT ${COLUMNS} FROM webhook_deliveries WHERE workload_id = ? ORDER BY received_at DESC, rowid DESC LIMIT ?`);
    this.one = db.prepare(`SELECT ${COLUMNS} FROM webhook_deliveries WHERE id = ?`);
    this.bodyOf = db.prepare('SELECT body FROM webhook_deliveries WHERE id = ?');
    this.setOutcome = db.prepare('UPDATE webhook_deliveries SET outcome = ?, reason = ? WHERE id = ?');
    // OR IGNORE plus changes(): the insert itself is the replay check, so two copies of one delivery
    // arriving at once cannot both pass a read-then-write.
    this.seenInsert = db.prepare('INSERT OR IGNORE INTO webhook_delivery_ids (workload_id, delivery_id, seen_at) VALUES (?, ?, ?)');
    this.seenPrune = db.prepare(
      'DELETE FROM webhook_delivery_ids WHERE workload_id = ? AND delivery_id NOT IN (SELECT delivery_id FROM webhook_delivery_ids WHERE workload_id = ? ORDER BY seen_at DESC LIMIT ?)',
    );
    this.mappingGet = db.prepare('SELECT mapping FROM webhook_ref_mappings WHERE workload_id = ?');
    this.mappingPut = db.prepare(
      'INSERT INTO webhook_ref_mappings (workload_id, mapping) VALUES (?, ?) ON CONFLICT(workload_id) DO UPDATE SET mapping = excluded.mapping',
    );
    this.settingGet = db.prepare("SELECT value FROM settings WHERE key = 'webhookListener'");
    this.settingPut = db.prepare("INSERT INTO settings (key, value) VALUES ('webhookListener', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  }

  /** Appends a line to a workload's log and drops the oldest beyond LOG_LIMIT; returns its id. */
  log(entry: NewDelivery): string {
    const id = randomUUID();
    this.db.transaction(() => {
      this.insert.run(
        id,
        entry.workloadId,
        entry.receivedAt,
        entry.source,
        entry.event,
        entry.deliveryId,
        entry.address,
        entry.outcome,
        entry.reason,
        entry.status,
        entry.body,
        entry.redeliveryOf ?? null,
      );
      this.prune.run(entry.workloadId, entry.workloadId, LOG_LIMIT);
    })();
    return id;
  }

  /** Records a delivery id as seen; false when it was seen before (a replay). */
  markSeen(workloadId: string, deliveryId: string, now: number): boolean {
    const fresh = this.seenInsert.run(workloadId, deliveryId, now).changes === 1;
    // Pruning every time would cost a sort per delivery; every 100th keeps the table near its bound.
    if (fresh && ++this.marks % 100 === 0) this.seenPrune.run(workloadId, workloadId, SEEN_LIMIT);
    return fresh;
  }

  update(id: string, outcome: DeliveryOutcome, reason: string | null): void {
    this.setOutcome.run(outcome, reason, id);
  }

  deliveries(workloadId: string, limit = LOG_LIMIT): DeliveryRecord[] {
    return this.list.all(workloadId, limit).map(record);
  }

  delivery(id: string): DeliveryRecord | null {
    const row = this.one.get(id);
    return row ? record(row) : null;
  }

  body(id: string): Buffer | null {
    return this.bodyOf.get(id)?.body ?? null;
  }

  /** A project's saved ref mapping (JSON as saved; the caller checks its shape), or null. */
  mapping(workloadId: string): unknown {
    const row = this.mappingGet.get(workloadId);
    if (!row) return null;
    try {
      return JSON.parse(row.mapping) as unknown;
    } catch {
      return null;
    }
  }

  setMapping(workloadId: string, mapping: unknown): void {
    this.mappingPut.run(workloadId, JSON.stringify(mapping));
  }

  /** The listener's saved settings (JSON as saved; the caller checks its shape), or null. */
  listener(): unknown {
    const row = this.settingGet.get();
    if (!row) return null;
    try {
      return JSON.parse(row.value) as unknown;
    } catch {
      return null;
    }
  }

  setListener(settings: ListenerSettings): void {
    this.settingPut.run(JSON.stringify(settings));
  }
}
