// Stats history in its own SQLite file (stats.db beside tinyforge.db). Apart from the main database
// because it is written every 5 s by every host and is disposable: its write rate never queues
// behind the reconciler's or a deploy's transactions, a checkpoint of it never stalls them, its
// size is bounded and measured on its own, and "clear history" can drop it whole. It reuses the
// main store's migration runner with its own numbered list.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database, Statement } from 'better-sqlite3';
import type { StatsRange, StatsScope, StatsSeries, StatsSize } from '../../../shared/stats';
import { migrate } from '../store/migrate';
import type { Migration } from '../store/migrate';
import { statsMigration0001 } from './migrations/0001-history';
import { RANGE_PLANS, ROLL_GRACE_SEC, maintenancePlan, rollUp } from './tiers';
import type { RollMarks, TierName, TierRow } from './tiers';
import type { WindowSample } from './dockerStats';

export const STATS_MIGRATIONS: readonly Migration[] = [statsMigration0001];

/** Who a series belongs to: copied from the main database's row when it is first sampled. */
export interface SeriesOwner {
  containerId: string;
  hostId: string;
  workloadId: string | null;
  stageId: string | null;
  name: string;
}

export interface SeriesSample extends SeriesOwner {
  sample: WindowSample;
}

/** Stored integers: CPU in hundredths of a percent, memory in KiB, rates in whole bytes per second. */
const enc = {
  cpu: (v: number) => Math.round(v * 100),
  mem: (v: number) => Math.round(v / 1024),
  rate: (v: number) => Math.round(v),
};

interface AggDbRow {
  series: number;
  t: number;
  cpu: number;
  cpu_max: number;
  mem: number;
  mem_max: number;
  net_rx: number;
  net_tx: number;
  blk_read: number;
  blk_write: number;
}

export class StatsStore {
  readonly db: Database;
  /** Per container: its series id and the limit and name last written (written again only on change). */
  private readonly seriesIds = new Map<string, { id: number; memLimit: number; name: string }>();
  private readonly findSeries: Statement<[string], { id: number; workload_id: string | null; name: string }>;
  private readonly insertSeries: Statement;
  private readonly touchSeries: Statement;
  private readonly insertS5: Statement;
  private readonly insertAgg: Record<'m1' | 'm15', Statement>;
  private readonly selectRaw: Record<'s5' | 'm1', Statement<[number, number], TierRow>>;
  private readonly history: Record<TierName, Statement<[{ step: number; ids: string; from: number }], AggDbRow>>;
  private readonly lastStart: Statement<[number], { at: number | null }>;
  private readonly insertStart: Statement;
  private readonly prune: Record<'s5' | 'm1' | 'm15' | 'starts', Statement<[number]>>;
  private marks: RollMarks;
  private lastMaintainMinute = -1;

  constructor(file: string, options: { nativeBinding?: string } = {}) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new BetterSqlite3(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    // NORMAL: a power cut may lose the last ticks, which the next ones replace; never corruption.
    this.db.pragma('synchronous = NORMAL');
    // Freed pages go back to the file's free list and are reused by the next day's samples: the
    // file stays at its working size. Must be set before the first table exists.
    this.db.pragma('auto_vacuum = INCREMENTAL');
    migrate(this.db, STATS_MIGRATIONS);
    const db = this.db;
    this.findSeries = db.prepare('SELECT id, workload_id, name FROM series WHERE container_id = ?');
    this.insertSeries = db.prepare(
      'INSERT INTO series (container_id, host_id, workload_id, stage_id, name) VALUES (@containerId, @hostId, @workloadId, @stageId, @name)',
    );
    this.touchSeries = db.prepare('UPDATE series SET mem_limit = ?, name = ? WHERE id = ?');
    this.insertS5 = db.prepare('INSERT OR REPLACE INTO s5 VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const agg = (tier: 'm1' | 'm15') => db.prepare(`INSERT OR REPLACE INTO ${tier} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertAgg = { m1: agg('m1'), m15: agg('m15') };
    this.selectRaw = {
      s5: db.prepare(`SELECT series, at, cpu, cpu AS cpuMax, mem, mem AS memMax, net_rx AS netRx, net_tx AS netTx, blk_read AS blkRead,
                      blk_write AS blkWrite FROM s5 WHERE series IN (SELECT id FROM series) AND at >= ? AND at < ?`),
      m1: db.prepare(`SELECT series, at, cpu, cpu_max AS cpuMax, mem, mem_max AS memMax, net_rx AS netRx, net_tx AS netTx,
                      blk_read AS blkRead, blk_write AS blkWrite FROM m1 WHERE series IN (SELECT id FROM series) AND at >= ? AND at < ?`),
    };
    // One statement per tier, the series passed as a JSON array: a range scan of the primary key
    // per series, grouped into the range's step (cast: a JS number binds as REAL, and a REAL
    // divisor would make every point its own group).
    const historySql = (tier: TierName) => {
      const max = tier === 's5' ? { cpu: 'cpu', mem: 'mem' } : { cpu: 'cpu_max', mem: 'mem_max' };
      return db.prepare<[{ step: number; ids: string; from: number }], AggDbRow>(`
        SELECT series, (at / CAST(@step AS INTEGER)) * CAST(@step AS INTEGER) AS t, avg(cpu) AS cpu, max(${max.cpu}) AS cpu_max, avg(mem) AS mem, max(${max.mem}) AS mem_max,
               avg(net_rx) AS net_rx, avg(net_tx) AS net_tx, avg(blk_read) AS blk_read, avg(blk_write) AS blk_write
        FROM ${tier} WHERE series IN (SELECT value FROM json_each(@ids)) AND at >= @from
        GROUP BY series, t ORDER BY t`);
    };
    this.history = { s5: historySql('s5'), m1: historySql('m1'), m15: historySql('m15') };
    this.lastStart = db.prepare('SELECT max(at) AS at FROM starts WHERE series = ?');
    this.insertStart = db.prepare('INSERT OR IGNORE INTO starts VALUES (?, ?)');
    // Rows are keyed (series, at): naming the series turns "older than" into one short range per
    // series instead of a scan of the whole table every minute.
    const prune = (table: string) => db.prepare<[number]>(`DELETE FROM ${table} WHERE series IN (SELECT id FROM series) AND at < ?`);
    this.prune = { s5: prune('s5'), m1: prune('m1'), m15: prune('m15'), starts: prune('starts') };
    const saved = db.prepare('SELECT tier, mark FROM roll_marks').all() as { tier: 'm1' | 'm15'; mark: number }[];
    this.marks = { m1: saved.find((m) => m.tier === 'm1')?.mark ?? null, m15: saved.find((m) => m.tier === 'm15')?.mark ?? null };
  }

  private seriesEntry(owner: SeriesOwner): { id: number; memLimit: number; name: string } {
    const known = this.seriesIds.get(owner.containerId);
    if (known !== undefined) return known;
    const row = this.findSeries.get(owner.containerId);
    const entry = { id: row ? row.id : Number(this.insertSeries.run(owner).lastInsertRowid), memLimit: -1, name: row?.name ?? owner.name };
    this.seriesIds.set(owner.containerId, entry);
    return entry;
  }

  private seriesOf(owner: SeriesOwner): number {
    return this.seriesEntry(owner).id;
  }

  /**
   * One tick of one host, in one transaction (a sample per container at the same second), then
   * the roll-ups and pruning that are due. `at` in seconds.
   */
  write(at: number, samples: readonly SeriesSample[]): void {
    this.db.transaction(() => {
      for (const s of samples) {
        const entry = this.seriesEntry(s);
        const v = s.sample;
        this.insertS5.run(entry.id, at, enc.cpu(v.cpu), enc.mem(v.mem), enc.rate(v.netRx), enc.rate(v.netTx), enc.rate(v.blkRead), enc.rate(v.blkWrite));
        if (entry.memLimit !== v.memLimit || entry.name !== s.name) {
          this.touchSeries.run(v.memLimit, s.name, entry.id);
          entry.memLimit = v.memLimit;
          entry.name = s.name;
        }
      }
    })();
    this.maintain(at);
  }

  /** Records a container's start (seconds), once per distinct start time. */
  recordStart(owner: SeriesOwner, at: number): void {
    const series = this.seriesOf(owner);
    const last = this.lastStart.get(series)?.at ?? null;
    if (last === null || at > last) this.insertStart.run(series, at);
  }

  /** Rolls up what is due and drops what is too old; once per minute, as soon as a minute's grace is over. */
  maintain(now: number): void {
    const minute = Math.floor((now - ROLL_GRACE_SEC) / 60);
    if (minute === this.lastMaintainMinute) return;
    this.lastMaintainMinute = minute;
    const plan = maintenancePlan(this.marks, now);
    this.db.transaction(() => {
      if (plan.m1) this.insertRows('m1', rollUp(this.selectRaw.s5.all(plan.m1.from, plan.m1.to), 60));
      if (plan.m15) this.insertRows('m15', rollUp(this.selectRaw.m1.all(plan.m15.from, plan.m15.to), 900));
      for (const [table, before] of [
        ['s5', plan.pruneBefore.s5],
        ['m1', plan.pruneBefore.m1],
        ['m15', plan.pruneBefore.m15],
        ['starts', plan.pruneBefore.m15],
      ] as const) {
        this.prune[table].run(before);
      }
      const save = this.db.prepare('INSERT OR REPLACE INTO roll_marks (tier, mark) VALUES (?, ?)');
      if (plan.marks.m1 !== null) save.run('m1', plan.marks.m1);
      if (plan.marks.m15 !== null) save.run('m15', plan.marks.m15);
    })();
    this.marks = plan.marks;
  }

  private insertRows(tier: 'm1' | 'm15', rows: TierRow[]): void {
    // Values were already stored encoded: averages are rounded back to integers.
    const stmt = this.insertAgg[tier];
    for (const r of rows) {
      stmt.run(
        r.series,
        r.at,
        Math.round(r.cpu),
        r.cpuMax,
        Math.round(r.mem),
        r.memMax,
        Math.round(r.netRx),
        Math.round(r.netTx),
        Math.round(r.blkRead),
        Math.round(r.blkWrite),
      );
    }
  }

  /** The series a scope covers (a container, a workload's containers past and present, a host's). */
  seriesOfScope(scope: StatsScope, id: string): { id: number; containerId: string; name: string; memLimit: number }[] {
    const column = scope === 'container' ? 'container_id' : scope === 'workload' ? 'workload_id' : 'host_id';
    return this.db.prepare(`SELECT id, container_id AS containerId, name, mem_limit AS memLimit FROM series WHERE ${column} = ? ORDER BY name, id`).all(id) as {
      id: number;
      containerId: string;
      name: string;
      memLimit: number;
    }[];
  }

  /** The workload a container's series belongs to (null: none, or never sampled). */
  workloadOf(containerId: string): string | null {
    return this.findSeries.get(containerId)?.workload_id ?? null;
  }

  /** The points of `range` ending at `now` (ms) for a scope, aligned on one time axis. */
  read(scope: StatsScope, id: string, range: StatsRange, now: number): { stepSec: number; from: number; times: number[]; series: StatsSeries[] } {
    const plan = RANGE_PLANS[range];
    const from = Math.floor(now / 1000) - plan.spanSec;
    const owners = this.seriesOfScope(scope, id);
    const rows = owners.length > 0 ? this.history[plan.tier].all({ step: plan.stepSec, ids: JSON.stringify(owners.map((o) => o.id)), from }) : [];
    const timeIndex = new Map<number, number>();
    for (const r of rows) if (!timeIndex.has(r.t)) timeIndex.set(r.t, timeIndex.size);
    const times = [...timeIndex.keys()];
    const present = new Set(rows.map((r) => r.series));
    const bySeries = new Map<number, StatsSeries>();
    const blank = () => new Array<number | null>(times.length).fill(null);
    for (const o of owners) {
      if (!present.has(o.id)) continue;
      bySeries.set(o.id, {
        containerId: o.containerId,
        name: o.name,
        memLimit: o.memLimit > 0 ? o.memLimit : null,
        cpu: blank(),
        cpuMax: blank(),
        mem: blank(),
        memMax: blank(),
        netRx: blank(),
        netTx: blank(),
        blkRead: blank(),
        blkWrite: blank(),
      });
    }
    for (const r of rows) {
      const s = bySeries.get(r.series);
      const i = timeIndex.get(r.t);
      if (!s || i === undefined) continue;
      s.cpu[i] = r.cpu / 100;
      s.cpuMax[i] = r.cpu_max / 100;
      s.mem[i] = r.mem * 1024;
      s.memMax[i] = r.mem_max * 1024;
      s.netRx[i] = r.net_rx;
      s.netTx[i] = r.net_tx;
      s.blkRead[i] = r.blk_read;
      s.blkWrite[i] = r.blk_write;
    }
    return { stepSec: plan.stepSec, from: from * 1000, times: times.map((t) => t * 1000), series: [...bySeries.values()] };
  }

  /**
   * A stage's totals over [from, to) in seconds, from the finest tier that still holds the window:
   * the mean over ticks of the summed CPU and memory of its containers, and its restarts.
   */
  stageWindow(stageId: string, from: number, to: number, now: number): { cpu: number | null; mem: number | null; restarts: number } {
    const tier: TierName = from >= now - 24 * 3600 ? 's5' : from >= now - 7 * 24 * 3600 ? 'm1' : 'm15';
    const totals = this.db
      .prepare(
        `SELECT avg(c) AS cpu, avg(m) AS mem FROM (
           SELECT sum(cpu) AS c, sum(mem) AS m FROM ${tier}
           WHERE series IN (SELECT id FROM series WHERE stage_id = ?) AND at >= ? AND at < ? GROUP BY at)`,
      )
      .get(stageId, from, to) as { cpu: number | null; mem: number | null };
    // A start counts as a restart when the same container had started before it.
    const restarts = this.db
      .prepare(
        `SELECT count(*) AS n FROM starts s WHERE s.series IN (SELECT id FROM series WHERE stage_id = ?) AND s.at >= ? AND s.at < ?
           AND EXISTS (SELECT 1 FROM starts p WHERE p.series = s.series AND p.at < s.at)`,
      )
      .get(stageId, from, to) as { n: number };
    return {
      cpu: totals.cpu === null ? null : totals.cpu / 100,
      mem: totals.mem === null ? null : totals.mem * 1024,
      restarts: restarts.n,
    };
  }

  size(): StatsSize {
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const pageSize = this.db.pragma('page_size', { simple: true }) as number;
    const count = (table: string) => (this.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { bytes: pages * pageSize, rows: { s5: count('s5'), m1: count('m1'), m15: count('m15') }, containers: count('series') };
  }

  /** Drops every sample and series, and gives the space back to the file system. */
  clear(): void {
    this.db.transaction(() => {
      for (const table of ['s5', 'm1', 'm15', 'starts', 'series', 'roll_marks']) this.db.exec(`DELETE FROM ${table}`);
    })();
    this.seriesIds.clear();
    this.marks = { m1: null, m15: null };
    this.lastMaintainMinute = -1;
    this.db.exec('VACUUM');
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
