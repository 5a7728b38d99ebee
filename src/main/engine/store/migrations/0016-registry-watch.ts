// 0016: registry watch. A watch belongs to one project stage or one stack service (exactly one) and
// goes with it; it remembers the digest an automatic deploy was last started for and the digest
// "update available" was last announced for, so neither repeats. Checks are kept per image (the
// canonical `registry/repository:tag`), shared by every watch of that image, so a restart neither
// forgets a registry's Retry-After nor spends Docker Hub's small budget to learn the digest again.
// Never edit once landed.
import type { Migration } from '../migrate';

export const migration0016: Migration = {
  version: 16,
  name: 'registry-watch',
  up: `
    CREATE TABLE registry_watches (
      id TEXT PRIMARY KEY,
      workload_id TEXT NOT NULL REFERENCES workloads(id) ON DELETE CASCADE,
      stage_id TEXT REFERENCES stages(id) ON DELETE CASCADE,
      service TEXT,
      mode TEXT NOT NULL CHECK (mode IN ('off', 'notify', 'deploy')),
      deployed_digest TEXT,
      notified_digest TEXT,
      updated_at INTEGER NOT NULL,
      CHECK ((stage_id IS NULL) <> (service IS NULL))
    ) STRICT;
    CREATE UNIQUE INDEX registry_watches_stage ON registry_watches(stage_id) WHERE stage_id IS NOT NULL;
    CREATE UNIQUE INDEX registry_watches_service ON registry_watches(workload_id, service) WHERE service IS NOT NULL;
    CREATE TABLE registry_checks (
      image_key TEXT PRIMARY KEY,
      registry TEXT NOT NULL,
      checked_at INTEGER,
      digest TEXT,
      error_code TEXT,
      error_message TEXT,
      failures INTEGER NOT NULL DEFAULT 0,
      retry_at INTEGER
    ) STRICT;
  `,
};
