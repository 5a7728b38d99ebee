// 0009: compose stacks that run. A stack may hand its containers the host only when its owner ticked
// "allow host access"; every operation on a stack (deploy, stop, down, update, rollback...) is a
// record with its output and outcome, one running per stack, enforced by the database; each
// successful deploy is a version: the files it ran and the image each service actually ran, which
// is what a rollback returns to; secret .env values are kept apart, like every other secret.
// Never edit once landed.
import type { Migration } from '../migrate';

export const migration0009: Migration = {
  version: 9,
  name: 'stacks',
  up: `
    ALTER TABLE stacks ADD COLUMN allow_host_access INTEGER NOT NULL DEFAULT 0 CHECK (allow_host_access IN (0, 1));

    CREATE TABLE stack_operations (
      id TEXT PRIMARY KEY,
      workload_id TEXT NOT NULL REFERENCES workloads(id) ON DELETE CASCADE,
      host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('deploy', 'update', 'pull', 'stop', 'start', 'restart', 'restart-service', 'down', 'rollback')),
      -- The service of a restart-service; the version of a rollback; what the user chose (pull first, remove volumes).
      service TEXT,
      target_version_id TEXT,
      options TEXT NOT NULL DEFAULT '{}',
      status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
      -- The compose CLI's own output, the last lines of it.
      output TEXT NOT NULL DEFAULT '[]',
      error TEXT,
      -- The version a successful deploy, update or rollback made.
      version_id TEXT,
      started_at INTEGER NOT NULL,
      finished_at INTEGER
    ) STRICT;
    CREATE UNIQUE INDEX stack_operations_one_running ON stack_operations(workload_id) WHERE status = 'running';
    CREATE INDEX stack_operations_workload ON stack_operations(workload_id, started_at);

    CREATE TABLE stack_versions (
      id TEXT PRIMARY KEY,
      workload_id TEXT NOT NULL REFERENCES workloads(id) ON DELETE CASCADE,
      number INTEGER NOT NULL,
      compose_file TEXT NOT NULL,
      env_file TEXT NOT NULL,
      allow_host_access INTEGER NOT NULL,
      -- [{ service, image, imageId, repoDigest }]: what each service ran, read back after up.
      images TEXT NOT NULL,
      -- The secret .env keys the version used: by reference, their values are never copied here.
      secret_keys TEXT NOT NULL DEFAULT '[]',
      operation_id TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      UNIQUE (workload_id, number)
    ) STRICT;

    -- Secret .env values of a stack: the keychain's ciphertext, or NULL where there is no keychain
    -- (the value then lives in this session only, and the key says it is missing next session).
    CREATE TABLE stack_secrets (
      workload_id TEXT NOT NULL REFERENCES workloads(id) ON DELETE CASCADE,
      key TEXT NOT NULL,
      value_encrypted BLOB,
      PRIMARY KEY (workload_id, key)
    ) STRICT;
  `,
};
