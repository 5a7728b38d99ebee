// 0015: signed webhooks. A workload's secret lives in webhook_secrets as the OS keychain's
// ciphertext (NULL where there is no keychain: the secret is then kept for the session only and the
// row just says one was made, and when). workloads.webhook_secret (0001) is left unused: it would
// hold the secret in clear, which the security checklist forbids.
// The delivery log keeps the raw body of accepted deliveries (for "redeliver"), bounded per
// workload by the repository. Delivery ids are kept apart from the log so that pruning the log
// never lets an old delivery be replayed. Never edit once landed.
import type { Migration } from '../migrate';

export const migration0015: Migration = {
  version: 15,
  name: 'webhooks',
  up: `
    CREATE TABLE webhook_secrets (
      workload_id TEXT PRIMARY KEY REFERENCES workloads(id) ON DELETE CASCADE,
      secret_encrypted BLOB,
      created_at INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE webhook_deliveries (
      id TEXT PRIMARY KEY,
      workload_id TEXT NOT NULL REFERENCES workloads(id) ON DELETE CASCADE,
      received_at INTEGER NOT NULL,
      source TEXT NOT NULL CHECK (source IN ('github', 'gitea', 'gitlab', 'generic', 'app')),
      event TEXT NOT NULL,
      delivery_id TEXT,
      address TEXT NOT NULL,
      outcome TEXT NOT NULL CHECK (outcome IN ('queued', 'deploying', 'deployed', 'failed', 'refused', 'duplicate', 'ignored', 'rotated')),
      reason TEXT,
      status INTEGER NOT NULL,
      body BLOB,
      redelivery_of TEXT
    ) STRICT;
    CREATE INDEX webhook_deliveries_workload ON webhook_deliveries(workload_id, received_at DESC);
    CREATE TABLE webhook_delivery_ids (
      workload_id TEXT NOT NULL REFERENCES workloads(id) ON DELETE CASCADE,
      delivery_id TEXT NOT NULL,
      seen_at INTEGER NOT NULL,
      PRIMARY KEY (workload_id, delivery_id)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE webhook_ref_mappings (
      workload_id TEXT PRIMARY KEY REFERENCES workloads(id) ON DELETE CASCADE,
      mapping TEXT NOT NULL
    ) STRICT;
  `,
};
