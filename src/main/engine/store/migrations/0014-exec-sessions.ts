// 0014: terminal sessions opened in containers, for the workload's history: who (the OS user the
// app ran as, and the shell), when, in which container and for how long. Never the keystrokes.
// The container's name is copied: the container row goes when the container does, the history stays.
// A session still open when the app stopped has no end time and reason `shutdown` (settled on the
// next start). Never edit once landed.
import type { Migration } from '../migrate';

export const migration0014: Migration = {
  version: 14,
  name: 'exec-sessions',
  up: `
    CREATE TABLE exec_sessions (
      id TEXT PRIMARY KEY,
      host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
      workload_id TEXT NOT NULL REFERENCES workloads(id) ON DELETE CASCADE,
      container_id TEXT NOT NULL,
      container_name TEXT NOT NULL,
      os_user TEXT NOT NULL,
      shell TEXT NOT NULL CHECK (shell IN ('bash', 'sh')),
      started_at INTEGER NOT NULL,
      ended_at INTEGER,
      end_reason TEXT CHECK (end_reason IS NULL OR end_reason IN ('closed', 'exited', 'container-stopped', 'host-down', 'shutdown', 'error'))
    ) STRICT;
    CREATE INDEX exec_sessions_workload ON exec_sessions(workload_id, started_at DESC);
  `,
};
