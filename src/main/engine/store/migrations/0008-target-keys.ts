// 0008: blue-green runs and instances keyed by their target, not by a project stage, so a static
// site (a workload with no stage) can be deployed and routed by the same runner. Never edit once
// landed.
//
// deploys: `target_key` names the run's target (a stage id for a project stage, the workload id for
// a site); one running deploy per target. `stage_id` stays, now nullable, so a stage's deploys still
// go with it (ON DELETE CASCADE) and its history and rollback images are still found by stage. The
// table is rebuilt (a column cannot become nullable in place) with foreign keys off, so dropping the
// old table does not cascade into stage_images, which references it.
//
// containers: `target_key` is derived, not written: a project row belongs to its stage's target,
// a site row to its site's, a stack's rows to none. Derived in the schema so the reconciler's rows,
// the deployer's placeholders and rows a user trusted all agree without each writer setting it.
import type { Migration } from '../migrate';

export const migration0008: Migration = {
  version: 8,
  name: 'target-keys',
  rebuildsTables: true,
  up: `
    CREATE TABLE deploys_new (
      id TEXT PRIMARY KEY,
      host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
      workload_id TEXT NOT NULL REFERENCES workloads(id) ON DELETE CASCADE,
      target_key TEXT NOT NULL,
      stage_id TEXT REFERENCES stages(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('deploy', 'rollback', 'promote')),
      image TEXT NOT NULL,
      image_digest TEXT,
      status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
      step TEXT NOT NULL,
      steps TEXT NOT NULL DEFAULT '[]',
      error TEXT,
      new_container_id TEXT,
      old_container_id TEXT,
      started_at INTEGER NOT NULL,
      finished_at INTEGER
    ) STRICT;
    INSERT INTO deploys_new (id, host_id, workload_id, target_key, stage_id, kind, image, image_digest, status, step, steps, error,
                             new_container_id, old_container_id, started_at, finished_at)
      SELECT id, host_id, workload_id, stage_id, stage_id, kind, image, image_digest, status, step, steps, error,
             new_container_id, old_container_id, started_at, finished_at FROM deploys;
    DROP TABLE deploys;
    ALTER TABLE deploys_new RENAME TO deploys;
    -- One run per target at a time, enforced by the database itself.
    CREATE UNIQUE INDEX deploys_one_running_per_target ON deploys(target_key) WHERE status = 'running';
    CREATE INDEX deploys_stage_started ON deploys(stage_id, started_at);
    CREATE INDEX deploys_running ON deploys(status) WHERE status = 'running';

    ALTER TABLE containers ADD COLUMN target_key TEXT
      GENERATED ALWAYS AS (CASE kind WHEN 'project' THEN stage_id WHEN 'site' THEN workload_id END) VIRTUAL;
    CREATE INDEX containers_target ON containers(target_key, host_id) WHERE target_key IS NOT NULL;
  `,
};
