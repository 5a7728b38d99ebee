// Stats database 0001: the history tiers. Its own file beside tinyforge.db (see statsDb.ts for why),
// with its own numbering. Never edit once landed.
//
// Rows are WITHOUT ROWID tables keyed (series, at): a chart reads one series' time range as one
// index range, and no separate index doubles the size. Values are integers (CPU in hundredths of a
// percent, memory in KiB, rates in bytes per second): SQLite stores small integers in 0-4 bytes, so
// a sample is about 25 bytes and 90 days of 50 containers stay well under the size target.
import type { Migration } from '../../store/migrate';

export const statsMigration0001: Migration = {
  version: 1,
  name: 'history',
  up: `
    -- One series per container ever sampled; kept after the container is gone so its workload's
    -- history still shows it. Names and ids are copied from the main database's records.
    CREATE TABLE series (
      id INTEGER PRIMARY KEY,
      container_id TEXT NOT NULL UNIQUE,
      host_id TEXT NOT NULL,
      workload_id TEXT,
      stage_id TEXT,
      name TEXT NOT NULL,
      mem_limit INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX series_workload ON series(workload_id);
    CREATE INDEX series_stage ON series(stage_id);
    CREATE INDEX series_host ON series(host_id);

    CREATE TABLE s5 (
      series INTEGER NOT NULL,
      at INTEGER NOT NULL,
      cpu INTEGER NOT NULL,
      mem INTEGER NOT NULL,
      net_rx INTEGER NOT NULL,
      net_tx INTEGER NOT NULL,
      blk_read INTEGER NOT NULL,
      blk_write INTEGER NOT NULL,
      PRIMARY KEY (series, at)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE m1 (
      series INTEGER NOT NULL,
      at INTEGER NOT NULL,
      cpu INTEGER NOT NULL,
      cpu_max INTEGER NOT NULL,
      mem INTEGER NOT NULL,
      mem_max INTEGER NOT NULL,
      net_rx INTEGER NOT NULL,
      net_tx INTEGER NOT NULL,
      blk_read INTEGER NOT NULL,
      blk_write INTEGER NOT NULL,
      PRIMARY KEY (series, at)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE m15 (
      series INTEGER NOT NULL,
      at INTEGER NOT NULL,
      cpu INTEGER NOT NULL,
      cpu_max INTEGER NOT NULL,
      mem INTEGER NOT NULL,
      mem_max INTEGER NOT NULL,
      net_rx INTEGER NOT NULL,
      net_tx INTEGER NOT NULL,
      blk_read INTEGER NOT NULL,
      blk_write INTEGER NOT NULL,
      PRIMARY KEY (series, at)
    ) STRICT, WITHOUT ROWID;

    -- When each container started (restarts around a deploy); pruned with the 90-day tier.
    CREATE TABLE starts (
      series INTEGER NOT NULL,
      at INTEGER NOT NULL,
      PRIMARY KEY (series, at)
    ) STRICT, WITHOUT ROWID;

    -- How far the coarse tiers have been rolled up (the start of the first bucket not rolled yet).
    CREATE TABLE roll_marks (
      tier TEXT PRIMARY KEY CHECK (tier IN ('m1', 'm15')),
      mark INTEGER NOT NULL
    ) STRICT;
  `,
};
