// 0005: where a container row's claim to belong to a workload comes from, and a quieter reconciler.
// Labels are claims anyone with the Docker socket can make; a row counts as the app's own (routed,
// counted for max_instances, drained and cleaned up by deploys) only when the app wrote its Docker id
// itself (`created`) or a user trusted it explicitly (`trusted`, with when). Everything the
// reconciler merely observed is `unverified`. Rows from before this version: the deployer alone ever
// wrote image_tag, so a row with one (or a placeholder) is the deployer's; every other row was only
// observed. Also the last successful pass per host, so a present row's "last seen" can be derived
// instead of being rewritten on every pass. Never edit once landed.
import type { Migration } from '../migrate';

export const migration0005: Migration = {
  version: 5,
  name: 'provenance',
  up: `
    ALTER TABLE containers ADD COLUMN provenance TEXT NOT NULL DEFAULT 'unverified'
      CHECK (provenance IN ('created', 'unverified', 'trusted'));
    ALTER TABLE containers ADD COLUMN trusted_at INTEGER;
    UPDATE containers SET provenance = 'created' WHERE docker_id = '' OR image_tag IS NOT NULL;
    -- Home counts and lists these on every health read: an index of the few, not a scan of all.
    CREATE INDEX containers_unverified ON containers(first_seen_at) WHERE provenance = 'unverified';

    -- Every user decision about trust, kept after the row itself is gone.
    CREATE TABLE container_trust_log (
      id INTEGER PRIMARY KEY,
      host_id TEXT NOT NULL,
      workload_id TEXT,
      docker_id TEXT NOT NULL,
      name TEXT NOT NULL,
      image TEXT NOT NULL,
      action TEXT NOT NULL CHECK (action IN ('trusted', 'untrusted')),
      at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX container_trust_log_workload ON container_trust_log(workload_id, at);

    -- Written when a host goes down, when the engine closes and at most every few minutes, never on
    -- every pass: a pass over an unchanged world writes nothing.
    CREATE TABLE host_passes (
      host_id TEXT PRIMARY KEY REFERENCES hosts(id) ON DELETE CASCADE,
      last_pass_at INTEGER NOT NULL
    ) STRICT;
  `,
};
