// The history's tiers and how samples move down them: 5-second samples for a day, 1-minute averages
// (with the maximum) for a week, 15-minute averages for 90 days, nothing older. Pure: the stats
// store runs these plans over SQLite and the tests run them over arrays across a simulated 90 days.
import type { StatsRange } from '../../../shared/stats';

export type TierName = 's5' | 'm1' | 'm15';

export const TIERS: Record<TierName, { stepSec: number; keepSec: number }> = {
  s5: { stepSec: 5, keepSec: 24 * 3600 },
  m1: { stepSec: 60, keepSec: 7 * 24 * 3600 },
  m15: { stepSec: 900, keepSec: 90 * 24 * 3600 },
};

/**
 * A minute is rolled up this long after it ended: every host's tick for it has been written by
 * then (ticks are 5 s apart), so no late sample misses its average.
 */
export const ROLL_GRACE_SEC = 15;

/** One row of any tier; a raw sample is a row whose maxima equal its values. Times in seconds. */
export interface TierRow {
  series: number;
  at: number;
  cpu: number;
  cpuMax: number;
  mem: number;
  memMax: number;
  netRx: number;
  netTx: number;
  blkRead: number;
  blkWrite: number;
}

/**
 * Averages rows into buckets of `stepSec` per series: each value the mean of the rows in its
 * bucket, the maxima the largest. A bucket's time is its start. Input order does not matter.
 */
export function rollUp(rows: readonly TierRow[], stepSec: number): TierRow[] {
  const buckets = new Map<string, { row: TierRow; n: number }>();
  for (const r of rows) {
    const at = Math.floor(r.at / stepSec) * stepSec;
    const key = `${r.series}:${at}`;
    const b = buckets.get(key);
    if (!b) {
      buckets.set(key, { row: { ...r, at }, n: 1 });
      continue;
    }
    const s = b.row;
    s.cpu += r.cpu;
    s.mem += r.mem;
    s.netRx += r.netRx;
    s.netTx += r.netTx;
    s.blkRead += r.blkRead;
    s.blkWrite += r.blkWrite;
    s.cpuMax = Math.max(s.cpuMax, r.cpuMax);
    s.memMax = Math.max(s.memMax, r.memMax);
    b.n += 1;
  }
  const out: TierRow[] = [];
  for (const { row, n } of buckets.values()) {
    out.push({
      ...row,
      cpu: row.cpu / n,
      mem: row.mem / n,
      netRx: row.netRx / n,
      netTx: row.netTx / n,
      blkRead: row.blkRead / n,
      blkWrite: row.blkWrite / n,
    });
  }
  return out.sort((a, b) => a.series - b.series || a.at - b.at);
}

/** How far each coarse tier has been filled: the start of the first bucket not rolled up yet. */
export interface RollMarks {
  m1: number | null;
  m15: number | null;
}

export interface MaintenancePlan {
  /** Roll s5 rows with at in [from, to) into m1; null when no whole minute is due. */
  m1: { from: number; to: number } | null;
  m15: { from: number; to: number } | null;
  /** Delete rows of each tier older than this (seconds). */
  pruneBefore: Record<TierName, number>;
  marks: RollMarks;
}

/**
 * What to roll and drop at `now` (seconds). A bucket is rolled once, after it ended plus the grace;
 * the first run starts from the oldest bucket its tier still keeps (there is nothing older to roll).
 */
export function maintenancePlan(marks: RollMarks, now: number): MaintenancePlan {
  const due = (stepSec: number) => Math.floor((now - ROLL_GRACE_SEC) / stepSec) * stepSec;
  const window = (mark: number | null, stepSec: number, keepSec: number) => {
    const to = due(stepSec);
    const from = Math.max(mark ?? -Infinity, Math.floor((now - keepSec) / stepSec) * stepSec);
    return to > from ? { from, to } : null;
  };
  const m1 = window(marks.m1, TIERS.m1.stepSec, TIERS.s5.keepSec);
  // 15-minute buckets are built from minutes, so they wait until the minutes they hold are rolled.
  const m1Mark = m1?.to ?? marks.m1;
  const m15Due = m1Mark === null ? null : window(marks.m15, TIERS.m15.stepSec, TIERS.m1.keepSec);
  const m15 = m15Due && m1Mark !== null ? clampTo(m15Due, Math.floor(m1Mark / TIERS.m15.stepSec) * TIERS.m15.stepSec) : null;
  return {
    m1,
    m15,
    pruneBefore: { s5: now - TIERS.s5.keepSec, m1: now - TIERS.m1.keepSec, m15: now - TIERS.m15.keepSec },
    marks: { m1: m1?.to ?? marks.m1, m15: m15?.to ?? marks.m15 },
  };
}

function clampTo(w: { from: number; to: number }, limit: number): { from: number; to: number } | null {
  const to = Math.min(w.to, limit);
  return to > w.from ? { from: w.from, to } : null;
}

/** Which tier answers a range, and the step of the points it answers with (at most ~2,200 of them). */
export const RANGE_PLANS: Record<StatsRange, { tier: TierName; stepSec: number; spanSec: number }> = {
  '1h': { tier: 's5', stepSec: 5, spanSec: 3600 },
  '24h': { tier: 'm1', stepSec: 60, spanSec: 24 * 3600 },
  '7d': { tier: 'm1', stepSec: 300, spanSec: 7 * 24 * 3600 },
  '90d': { tier: 'm15', stepSec: 3600, spanSec: 90 * 24 * 3600 },
};
