import { describe, expect, it } from 'vitest';
import { LastLine, cpuPercent, memUsageNoCache, readStats, windowSample } from './dockerStats';
import type { DockerStatsJson } from './dockerStats';

// A message as dockerd 20.10 streams it on a cgroup v2 host (trimmed to the fields read).
const message = (over: { cpu: number; system: number; preCpu?: number; preSystem?: number; read?: string; rx?: number; blk?: number }): DockerStatsJson => ({
  read: over.read ?? '2026-12-03T10:00:05.000000000Z',
  cpu_stats: { cpu_usage: { total_usage: over.cpu }, system_cpu_usage: over.system, online_cpus: 2 },
  precpu_stats: { cpu_usage: { total_usage: over.preCpu ?? 0 }, system_cpu_usage: over.preSystem ?? 0 },
  memory_stats: { usage: 10_000_000, limit: 2_000_000_000, stats: { inactive_file: 4_000_000 } },
  networks: { eth0: { rx_bytes: over.rx ?? 1_000, tx_bytes: 10 }, eth1: { rx_bytes: 5, tx_bytes: 5 } },
  blkio_stats: {
    io_service_bytes_recursive: [
      { op: 'read', value: over.blk ?? 4096 },
      { op: 'write', value: 100 },
      { op: 'Read', value: 4 },
    ],
  },
});

describe('docker stats, as the CLI computes them', () => {
  it('takes CPU % as cpu delta over system delta times online CPUs', () => {
    expect(cpuPercent(50, 200, 2)).toBe(50);
    expect(cpuPercent(0, 200, 2)).toBe(0);
    expect(cpuPercent(10, 0, 2)).toBe(0);
  });

  it('subtracts the inactive file cache from memory (cgroup v1 first, then v2)', () => {
    expect(memUsageNoCache({ usage: 100, stats: { total_inactive_file: 30, inactive_file: 10 } })).toBe(70);
    expect(memUsageNoCache({ usage: 100, stats: { inactive_file: 10 } })).toBe(90);
    expect(memUsageNoCache({ usage: 100, stats: { inactive_file: 200 } })).toBe(100);
  });

  it('sums network over interfaces and block I/O by operation', () => {
    const r = readStats(message({ cpu: 1, system: 1 }), 0)!;
    expect([r.netRx, r.netTx, r.blkRead, r.blkWrite, r.memUsage, r.memLimit]).toEqual([1_005, 15, 4_100, 100, 6_000_000, 2_000_000_000]);
    expect(r.at).toBe(Date.parse('2026-12-03T10:00:05Z'));
  });

  it('reads nothing from the empty message of a stopped container', () => {
    expect(readStats({ read: '0001-01-01T00:00:00Z', cpu_stats: { cpu_usage: { total_usage: 0 } } }, 5)).toBeNull();
  });

  it('averages CPU over a window from its first and last counters, and rates per second', () => {
    const from = readStats(message({ cpu: 1_000, system: 10_000, read: '2026-12-03T10:00:00Z', rx: 1_000, blk: 0 }), 0)!;
    const to = readStats(message({ cpu: 3_000, system: 20_000, read: '2026-12-03T10:00:05Z', rx: 6_000, blk: 50_000 }), 0)!;
    const w = windowSample(from, to);
    expect(w.cpu).toBeCloseTo(40, 10);
    expect(w.netRx).toBe(1_000);
    expect(w.blkRead).toBe(10_000);
    // A stream's first window has no earlier reading: the daemon's own previous one gives its CPU.
    const first = windowSample(null, readStats(message({ cpu: 300, system: 1_000, preCpu: 100, preSystem: 600 }), 0)!);
    expect(first.cpu).toBeCloseTo(100, 10);
    expect(first.netRx).toBe(0);
  });

  it('gives no rate for a counter that went down (a restarted container)', () => {
    const from = readStats(message({ cpu: 1, system: 1, read: '2026-12-03T10:00:00Z', rx: 9_000 }), 0)!;
    const to = readStats(message({ cpu: 2, system: 2, read: '2026-12-03T10:00:05Z', rx: 10 }), 0)!;
    expect(windowSample(from, to).netRx).toBe(0);
  });

  it('keeps the newest complete line of a chunked body', () => {
    const lines = new LastLine();
    lines.push(Buffer.from('{"a":1}\n{"b"'));
    expect(lines.take()).toBe('{"a":1}');
    expect(lines.take()).toBeNull();
    lines.push(Buffer.from(':2}\n{"c":3}\n{"d'));
    expect(lines.take()).toBe('{"c":3}');
    lines.push(Buffer.from('":4}\n'));
    expect(lines.take()).toBe('{"d":4}');
  });
});
