// 0013: why containers stopped. The app writes a stop intent (host, Docker id, why, until when)
// before it stops or removes a container itself, persisted so a crash of the app between the
// intent and the stop still classifies that stop as the app's. The reconciler, seeing a container
// go from running to exited or vanish, records one row of container_stops (kept after the
// container row is gone, so a crash loop can be counted) and the last kind on the container row
// (what the badges and the tray read). Never edit once landed.
import type { Migration } from '../migrate';

export const migration0013: Migration = {
  version: 13,
  name: 'stop-history',
  up: `
    ALTER TABLE containers ADD COLUMN stop_kind TEXT CHECK (stop_kind IS NULL OR stop_kind IN ('app', 'outside', 'oom', 'crash'));

    CREATE TABLE stop_intents (
      host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
      docker_id TEXT NOT NULL,
      reason TEXT NOT NULL CHECK (reason IN ('drain', 'user', 'stack', 'site', 'stale')),
      at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      PRIMARY KEY (host_id, docker_id)
    ) STRICT;

    CREATE TABLE container_stops (
      id INTEGER PRIMARY KEY,
      host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
      docker_id TEXT NOT NULL,
      workload_id TEXT REFERENCES workloads(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      at INTEGER NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('app', 'outside', 'oom', 'crash')),
      -- The app's reason for a stop of kind 'app'.
      reason TEXT,
      exit_code INTEGER,
      signal INTEGER,
      -- One container stops once per exit: a pass that sees the same exit twice writes nothing.
      UNIQUE (host_id, docker_id, at)
    ) STRICT;
    CREATE INDEX container_stops_workload ON container_stops(workload_id, at);
    CREATE INDEX container_stops_kind ON container_stops(kind, at);
  `,
};
