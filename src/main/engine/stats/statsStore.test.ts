import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/fixtures';
import { StatsStore } from './statsStore';
import type { SeriesOwner } from './statsStore';
import type { WindowSample } from './dockerStats';

const dirs: string[] = [];
const stores: StatsStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function openStore(): { store: StatsStore; file: string } {
  const dir = tempDir();
  dirs.push(dir);
  const file = join(dir, 'stats.db');
  const store = new StatsStore(file);
  stores.push(store);
  return { store, file };
}

const owner = (n: number, workloadId = 'w1', stageId: string | null = 's1'): SeriesOwner => ({
  containerId: `c${n}`,
  hostId: 'local',
  workloadId,
  stageId,
  name: `web-${n}`,
});
const sample = (cpu: number, mem: number): WindowSample => ({ cpu, mem, memLimit: 1 << 30, netRx: 100, netTx: 50, blkRead: 0, blkWrite: 8 });

describe('StatsStore', () => {
  const t0 = 1_800_000_000 - (1_800_000_000 % 3600);

  it("answers 1h from 5-second samples, aligned across a workload's containers", () => {
    const { store } = openStore();
    for (let i = 0; i < 12; i += 1)
      store.write(t0 + i * 5, [
        { ...owner(1), sample: sample(10 + i, 1_048_576) },
        { ...owner(2), sample: sample(1, 2_097_152) },
      ]);
    const h = store.read('workload', 'w1', '1h', (t0 + 60) * 1000);
    expect(h.stepSec).toBe(5);
    expect(h.times).toHaveLength(12);
    expect(h.series.map((s) => s.name)).toEqual(['web-1', 'web-2']);
    expect(h.series[0]!.cpu.slice(0, 3)).toEqual([10, 11, 12]);
    expect(h.series[1]!.mem[0]).toBe(2_097_152);
    expect(store.read('container', 'c2', '1h', (t0 + 60) * 1000).series).toHaveLength(1);
  });

  it('rolls minutes up after their grace, and 24h reads them with their maxima', () => {
    const { store } = openStore();
    for (let i = 0; i < 40; i += 1) store.write(t0 + i * 5, [{ ...owner(1), sample: sample(i < 12 ? (i % 2 ? 30 : 10) : 5, 1024 * (i + 1)) }]);
    const h = store.read('container', 'c1', '24h', (t0 + 200) * 1000);
    expect(h.stepSec).toBe(60);
    // Minutes 0, 1 and 2 rolled as their grace ended (t0+75, t0+135, t0+195); minute 3 is still raw.
    expect(h.times).toEqual([t0 * 1000, (t0 + 60) * 1000, (t0 + 120) * 1000]);
    expect(h.series[0]!.cpu[0]).toBe(20);
    expect(h.series[0]!.cpuMax[0]).toBe(30);
    expect(store.size().rows.m1).toBe(3);
    // 7 days: the same minutes in 5-minute points (one here), their mean and their maximum.
    const week = store.read('container', 'c1', '7d', (t0 + 200) * 1000);
    expect(week.stepSec).toBe(300);
    expect(week.times).toEqual([t0 * 1000]);
    expect(week.series[0]!.cpuMax[0]).toBe(30);
  });

  it('drops 5-second samples after a day and keeps the file bounded as days pass', () => {
    const { store } = openStore();
    // Three simulated days of 4 containers at 5 s (an hour of ticks per outer transaction, for
    // speed: each tick's own transaction nests as a savepoint). Day three reuses day one's pages.
    const day = 24 * 3600;
    const sizes: number[] = [];
    for (let hour = t0; hour < t0 + 3 * day; hour += 3600) {
      store.db.transaction(() => {
        for (let t = hour; t < hour + 3600; t += 5) {
          store.write(
            t,
            Array.from({ length: 4 }, (_, n) => ({ ...owner(n), sample: sample((t / 5) % 100, 50_000_000 + n) })),
          );
        }
      })();
      if ((hour - t0) % day === day - 3600) sizes.push(store.size().bytes);
    }
    const size = store.size();
    // A day of ticks, plus at most the minute between two prunes.
    expect(size.rows.s5).toBeLessThanOrEqual(4 * (24 * 720 + 13));
    expect(size.rows.s5).toBeGreaterThanOrEqual(4 * 24 * 720);
    expect(sizes[2]!).toBeLessThan(sizes[1]! * 1.15);
  }, 120_000);

  it('counts restarts around a window and compares a stage before and after', () => {
    const { store } = openStore();
    store.recordStart(owner(1), t0 - 100);
    store.recordStart(owner(1), t0 + 30);
    store.recordStart(owner(1), t0 + 30);
    for (let i = 0; i < 12; i += 1)
      store.write(t0 + i * 5, [
        { ...owner(1), sample: sample(10, 1024) },
        { ...owner(2), sample: sample(30, 2048) },
      ]);
    const w = store.stageWindow('s1', t0, t0 + 60, t0 + 60);
    expect(w.cpu).toBe(40);
    expect(w.mem).toBe(3072);
    expect(w.restarts).toBe(1);
  });

  it('clears everything and reopens with its schema', () => {
    const { store, file } = openStore();
    store.write(t0, [{ ...owner(1), sample: sample(1, 1024) }]);
    store.clear();
    expect(store.size().rows.s5).toBe(0);
    store.close();
    const again = new StatsStore(file);
    stores.push(again);
    expect(again.size().containers).toBe(0);
  });
});
