// 0001: the first schema. Never edit once landed: add 0002-... instead.
import type { Migration } from '../migrate';

export const migration0001: Migration = {
  version: 1,
  name: 'init',
  up: `
    CREATE TABLE hosts (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL CHECK (kind IN ('local', 'ssh')),
      address TEXT,
      port INTEGER,
      username TEXT,
      socket_path TEXT,
      host_key_fingerprint TEXT,
      created_at INTEGER NOT NULL
    ) STRICT;

    INSERT INTO hosts (id, name, kind, created_at) VALUES ('local', 'local', 'local', CAST(unixepoch('subsec') * 1000 AS INTEGER));

    CREATE TABLE workloads (
      id TEXT PRIMARY KEY,
      host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE RESTRICT,
      kind TEXT NOT NULL CHECK (kind IN ('project', 'stack', 'site')),
      name TEXT NOT NULL,
      webhook_secret TEXT,
      created_at INTEGER NOT NULL,
      UNIQUE (host_id, name)
    ) STRICT;
    CREATE INDEX workloads_host ON workloads(host_id);
    CREATE UNIQUE INDEX workloads_webhook_secret ON workloads(webhook_secret) WHERE webhook_secret IS NOT NULL;

    CREATE TABLE projects (
      workload_id TEXT PRIMARY KEY REFERENCES workloads(id) ON DELETE CASCADE,
      image_repository TEXT NOT NULL
    ) STRICT;

    CREATE TABLE stages (
      id TEXT PRIMARY KEY,
      project_id TEXT NOT NULL REFERENCES projects(workload_id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      image_tag TEXT NOT NULL,
      env TEXT NOT NULL DEFAULT '{}',
      port INTEGER,
      health_check_path TEXT,
      health_timeout_sec INTEGER NOT NULL DEFAULT 60,
      subdomain TEXT,
      max_instances INTEGER NOT NULL DEFAULT 2,
      position INTEGER NOT NULL DEFAULT 0,
      UNIQUE (project_id, name)
    ) STRICT;

    CREATE TABLE stacks (
      workload_id TEXT PRIMARY KEY REFERENCES workloads(id) ON DELETE CASCADE,
      host_id TEXT NOT NULL REFERENCES hosts(id),
      compose_project_name TEXT NOT NULL,
      compose_file TEXT NOT NULL DEFAULT '',
      env_file TEXT NOT NULL DEFAULT ''
    ) STRICT;
    -- The reconciler matches compose containers by (host, project label): one indexed lookup.
    CREATE UNIQUE INDEX stacks_host_compose_project ON stacks(host_id, compose_project_name);

    CREATE TABLE static_sites (
      workload_id TEXT PRIMARY KEY REFERENCES workloads(id) ON DELETE CASCADE,
      source_dir TEXT NOT NULL DEFAULT ''
    ) STRICT;

    CREATE TABLE containers (
      id TEXT PRIMARY KEY,
      host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
      workload_id TEXT REFERENCES workloads(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('project', 'stack', 'site')),
      role TEXT NOT NULL,
      stage_id TEXT REFERENCES stages(id) ON DELETE SET NULL,
      -- Empty while a deploy is in flight (a placeholder row).
      docker_id TEXT NOT NULL DEFAULT '',
      name TEXT NOT NULL,
      image TEXT NOT NULL DEFAULT '',
      state TEXT NOT NULL,
      health TEXT NOT NULL DEFAULT 'none',
      created_at INTEGER,
      started_at INTEGER,
      finished_at INTEGER,
      first_seen_at INTEGER NOT NULL,
      last_seen_at INTEGER NOT NULL,
      missing_since INTEGER,
      -- Deployer-owned columns: the reconciler never writes them.
      subdomain TEXT,
      proxy_route_id TEXT,
      npm_proxy_id INTEGER,
      image_tag TEXT
    ) STRICT;
    -- Lookups by (host, docker id) use the plain index; the partial one keeps real ids unique while
    -- any number of placeholders (empty docker id) may exist.
    CREATE INDEX containers_host_docker_id ON containers(host_id, docker_id);
    CREATE UNIQUE INDEX containers_host_docker_id_unique ON containers(host_id, docker_id) WHERE docker_id <> '';
    CREATE INDEX containers_workload ON containers(workload_id);
    CREATE INDEX containers_stage ON containers(stage_id);

    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;
  `,
};
