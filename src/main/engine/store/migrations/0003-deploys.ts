// 0003: deploy records (a deploy is advanced step by step and survives a crash) and the images each
// stage ran successfully (what rollback can return to). Never edit once landed.
import type { Migration } from '../migrate';

export const migration0003: Migration = {
  version: 3,
  name: 'deploys',
  up: `
    CREATE TABLE deploys (
      id TEXT PRIMARY KEY,
      host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
      workload_id TEXT NOT NULL REFERENCES workloads(id) ON DELETE CASCADE,
      stage_id TEXT NOT NULL REFERENCES stages(id) ON DELETE CASCADE,
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
    -- One deploy per stage at a time, enforced by the database itself.
    CREATE UNIQUE INDEX deploys_one_running_per_stage ON deploys(stage_id) WHERE status = 'running';
    CREATE INDEX deploys_stage_started ON deploys(stage_id, started_at);
    CREATE INDEX deploys_running ON deploys(status) WHERE status = 'running';

    CREATE TABLE stage_images (
      stage_id TEXT NOT NULL REFERENCES stages(id) ON DELETE CASCADE,
      image TEXT NOT NULL,
      image_digest TEXT NOT NULL,
      deploy_id TEXT NOT NULL REFERENCES deploys(id) ON DELETE CASCADE,
      deployed_at INTEGER NOT NULL,
      PRIMARY KEY (stage_id, deploy_id)
    ) STRICT;
    CREATE INDEX stage_images_stage ON stage_images(stage_id, deployed_at);
  `,
};
