import { describe, expect, it } from 'vitest';
import { RANGE_PLANS, ROLL_GRACE_SEC, TIERS, maintenancePlan, rollUp } from './tiers';
import type { RollMarks, TierRow } from './tiers';

const row = (series: number, at: number, cpu: number, mem: number): TierRow => ({
  series,
  at,
  cpu,
  cpuMax: cpu,
  mem,
  memMax: mem,
  netRx: cpu * 10,
  netTx: 0,
  blkRead: 0,
  blkWrite: mem / 2,
});

describe('rollUp', () => {
  it('averages each bucket per series and keeps the maxima', () => {
    const rows = [row(1, 0, 10, 100), row(1, 5, 30, 300), row(2, 0, 50, 500), row(1, 60, 7, 70)];
    const out = rollUp(rows, 60);
    expect(out).toEqual([
      { series: 1, at: 0, cpu: 20, cpuMax: 30, mem: 200, memMax: 300, netRx: 200, netTx: 0, blkRead: 0, blkWrite: 100 },
      { series: 1, at: 60, cpu: 7, cpuMax: 7, mem: 70, memMax: 70, netRx: 70, netTx: 0, blkRead: 0, blkWrite: 35 },
      { series: 2, at: 0, cpu: 50, cpuMax: 50, mem: 500, memMax: 500, netRx: 500, netTx: 0, blkRead: 0, blkWrite: 250 },
    ]);
  });
});

describe('maintenancePlan', () => {
  it('rolls a minute only once it ended plus the grace', () => {
    const marks: RollMarks = { m1: 600, m15: 0 };
    expect(maintenancePlan(marks, 660 + ROLL_GRACE_SEC - 1).m1).toBeNull();
    expect(maintenancePlan(marks, 660 + ROLL_GRACE_SEC).m1).toEqual({ from: 600, to: 660 });
  });

  it('builds 15-minute buckets only from minutes already rolled', () => {
    const plan = maintenancePlan({ m1: 1740, m15: 900 }, 1800 + ROLL_GRACE_SEC);
    expect(plan.m1).toEqual({ from: 1740, to: 1800 });
    expect(plan.m15).toEqual({ from: 900, to: 1800 });
    const waiting = maintenancePlan({ m1: 1740, m15: 900 }, 1800 + ROLL_GRACE_SEC - 1);
    expect(waiting.m15).toBeNull();
  });

  it('answers each range from a tier that still holds all of it', () => {
    for (const plan of Object.values(RANGE_PLANS)) {
      expect(TIERS[plan.tier].keepSec).toBeGreaterThanOrEqual(plan.spanSec);
      expect(plan.spanSec / plan.stepSec).toBeLessThanOrEqual(2_200);
    }
  });
});

// Ninety days of 5-second samples of two containers, kept the way the store keeps them: the same
// plans, run every simulated minute over arrays. Each tier must then hold exactly its window, with
// averages and maxima equal to those computed from the signal itself.
describe('ninety simulated days', () => {
  const signal = (series: number, t: number) => ({
    cpu: 50 + 40 * Math.sin((2 * Math.PI * t) / 7_200) + series * 5,
    mem: 1_000_000 + ((t / 5) % 100) * 1_000 + series,
  });
  // A tier's rows in time order; pruning moves a head instead of shifting the array every minute.
  class Tier {
    rows: TierRow[] = [];
    head = 0;
    private firstAtLeast(at: number) {
      let lo = this.head;
      let hi = this.rows.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.rows[mid]!.at < at) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    }
    between(from: number, to: number) {
      return this.rows.slice(this.firstAtLeast(from), this.firstAtLeast(to));
    }
    prune(before: number) {
      this.head = this.firstAtLeast(before);
      if (this.head > 100_000) {
        this.rows = this.rows.slice(this.head);
        this.head = 0;
      }
    }
    kept() {
      return this.rows.slice(this.head);
    }
  }
  const meanOf = (series: number, from: number, to: number) => {
    let cpu = 0;
    let mem = 0;
    let cpuMax = -Infinity;
    let n = 0;
    for (let t = from; t < to; t += 5) {
      const v = signal(series, t);
      cpu += v.cpu;
      mem += v.mem;
      cpuMax = Math.max(cpuMax, v.cpu);
      n += 1;
    }
    return { cpu: cpu / n, mem: mem / n, cpuMax };
  };

  it('keeps 5 s for a day, 1 min for a week, 15 min for 90 days, and nothing older', { timeout: 60_000 }, () => {
    const start = 1_700_000_000 - (1_700_000_000 % 900);
    const end = start + 90 * 24 * 3600;
    // Per tier, rows kept in time order (series interleaved within a time).
    const t5 = new Tier();
    const t1 = new Tier();
    const t15 = new Tier();
    let marks: RollMarks = { m1: null, m15: null };
    for (let minute = start; minute < end; minute += 60) {
      for (let t = minute; t < minute + 60; t += 5) {
        for (const series of [1, 2]) {
          const v = signal(series, t);
          t5.rows.push(row(series, t, v.cpu, v.mem));
        }
      }
      const now = minute + 60;
      const plan = maintenancePlan(marks, now);
      if (plan.m1) t1.rows.push(...rollUp(t5.between(plan.m1.from, plan.m1.to), 60).sort((a, b) => a.at - b.at));
      if (plan.m15) t15.rows.push(...rollUp(t1.between(plan.m15.from, plan.m15.to), 900).sort((a, b) => a.at - b.at));
      t5.prune(plan.pruneBefore.s5);
      t1.prune(plan.pruneBefore.m1);
      t15.prune(plan.pruneBefore.m15);
      marks = plan.marks;
    }
    const [s5, m1, m15] = [t5.kept(), t1.kept(), t15.kept()];

    // 5-second samples: exactly the last 24 hours.
    expect(s5[0]!.at).toBe(end - 24 * 3600);
    expect(s5.length).toBe(2 * 24 * 720);
    // Minutes: the last 7 days, but for the last one (still within its grace when the run ended).
    expect(m1[0]!.at).toBe(end - 7 * 24 * 3600);
    expect(m1.at(-1)!.at).toBe(end - 120);
    expect(m1.length).toBe(2 * (7 * 24 * 60 - 1));
    // Quarter hours: 90 days back to the first bucket, none older, the newest waiting for its minutes.
    expect(m15[0]!.at).toBe(start);
    expect(m15.at(-1)!.at).toBe(end - 1800);
    expect(m15.length).toBe(2 * (90 * 96 - 1));

    for (const r of [m1[0]!, m1[5_000]!, m1.at(-1)!]) {
      const want = meanOf(r.series, r.at, r.at + 60);
      expect(r.cpu).toBeCloseTo(want.cpu, 9);
      expect(r.mem).toBeCloseTo(want.mem, 6);
      expect(r.cpuMax).toBeCloseTo(want.cpuMax, 9);
    }
    for (const r of [m15[0]!, m15[4_321]!, m15.at(-1)!]) {
      const want = meanOf(r.series, r.at, r.at + 900);
      expect(r.cpu).toBeCloseTo(want.cpu, 9);
      expect(r.mem).toBeCloseTo(want.mem, 6);
      expect(r.cpuMax).toBeCloseTo(want.cpuMax, 9);
    }
  });
});
