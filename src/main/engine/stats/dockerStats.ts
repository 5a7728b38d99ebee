// Docker's stats JSON turned into numbers the way the docker CLI computes them
// (docker/cli cli/command/container/stats_helpers.go): CPU % is the container's CPU time over the
// whole machine's between two readings, times the online CPUs; memory is usage minus the page
// cache that can be dropped (total_inactive_file on cgroup v1, inactive_file on v2); network and
// block I/O are summed over every interface and device. Pure: the collector feeds it the stream.
import type { LiveSample } from '../../../shared/stats';

/** The part of one message of GET /containers/{id}/stats that the collector reads. */
export interface DockerStatsJson {
  read?: string;
  cpu_stats?: CpuStats;
  precpu_stats?: CpuStats;
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: { op?: string; value?: number }[] | null };
}

interface CpuStats {
  cpu_usage?: { total_usage?: number; percpu_usage?: number[] | null };
  system_cpu_usage?: number;
  online_cpus?: number;
}

/** One reading: counters are cumulative (CPU in ns, bytes since the container started). */
export interface StatsReading {
  /** When the daemon read it, in ms since the epoch. */
  at: number;
  cpuTotal: number;
  systemCpu: number;
  onlineCpus: number;
  /** The daemon's reading before this one (a second earlier), for a CPU % from a single message. */
  preCpuTotal: number;
  preSystemCpu: number;
  memUsage: number;
  memLimit: number;
  netRx: number;
  netTx: number;
  blkRead: number;
  blkWrite: number;
}

/** usage minus the droppable cache, as `docker stats` shows it (never below zero). */
export function memUsageNoCache(mem: DockerStatsJson['memory_stats']): number {
  const usage = mem?.usage ?? 0;
  const stats = mem?.stats ?? {};
  const v1 = stats.total_inactive_file;
  if (v1 !== undefined && v1 < usage) return usage - v1;
  const v2 = stats.inactive_file;
  if (v2 !== undefined && v2 < usage) return usage - v2;
  return usage;
}

function onlineCpusOf(cpu: CpuStats | undefined): number {
  const online = cpu?.online_cpus ?? 0;
  return online > 0 ? online : (cpu?.cpu_usage?.percpu_usage?.length ?? 0);
}

/** Reads one stats message; null for the empty message the daemon sends for a stopped container. */
export function readStats(json: DockerStatsJson, fallbackAt: number): StatsReading | null {
  const cpu = json.cpu_stats;
  if (!cpu?.cpu_usage || cpu.system_cpu_usage === undefined) return null;
  let netRx = 0;
  let netTx = 0;
  for (const net of Object.values(json.networks ?? {})) {
    netRx += net.rx_bytes ?? 0;
    netTx += net.tx_bytes ?? 0;
  }
  let blkRead = 0;
  let blkWrite = 0;
  for (const entry of json.blkio_stats?.io_service_bytes_recursive ?? []) {
    // cgroup v1 spells the ops "Read"/"Write", v2 "read"/"write"; the CLI lower-cases them too.
    const op = entry.op?.toLowerCase();
    if (op === 'read') blkRead += entry.value ?? 0;
    else if (op === 'write') blkWrite += entry.value ?? 0;
  }
  const parsed = json.read ? Date.parse(json.read) : NaN;
  return {
    // A zero time ("0001-01-01...") parses to a date long ago: the receiving time is truer then.
    at: Number.isFinite(parsed) && parsed > 0 ? parsed : fallbackAt,
    cpuTotal: cpu.cpu_usage.total_usage ?? 0,
    systemCpu: cpu.system_cpu_usage,
    onlineCpus: onlineCpusOf(cpu),
    preCpuTotal: json.precpu_stats?.cpu_usage?.total_usage ?? 0,
    preSystemCpu: json.precpu_stats?.system_cpu_usage ?? 0,
    memUsage: memUsageNoCache(json.memory_stats),
    memLimit: json.memory_stats?.limit ?? 0,
    netRx,
    netTx,
    blkRead,
    blkWrite,
  };
}

/** The CLI's formula: (cpu delta / system delta) x online CPUs x 100; 0 when either delta is not positive. */
export function cpuPercent(cpuDelta: number, systemDelta: number, onlineCpus: number): number {
  if (systemDelta <= 0 || cpuDelta <= 0) return 0;
  return (cpuDelta / systemDelta) * onlineCpus * 100;
}

/** One value of each measure over a window: CPU and rates averaged, memory as last read (what a live sample carries). */
export type WindowSample = Omit<LiveSample, 'containerId' | 'workloadId'>;

/**
 * The window from `from` (the last reading of the previous window, or null for a stream's first
 * window) to `to`. The CPU % over a window is the CLI's formula over its first and last counters,
 * which is exactly the mean of the per-second values the CLI would have shown in it.
 */
export function windowSample(from: StatsReading | null, to: StatsReading): WindowSample {
  const cpu = from
    ? cpuPercent(to.cpuTotal - from.cpuTotal, to.systemCpu - from.systemCpu, to.onlineCpus)
    : cpuPercent(to.cpuTotal - to.preCpuTotal, to.systemCpu - to.preSystemCpu, to.onlineCpus);
  const seconds = from ? (to.at - from.at) / 1000 : 0;
  // A counter that went down was reset (the container restarted): no rate for that window.
  const rate = (a: number, b: number) => (seconds > 0 && b >= a ? (b - a) / seconds : 0);
  return {
    cpu,
    mem: to.memUsage,
    memLimit: to.memLimit,
    netRx: from ? rate(from.netRx, to.netRx) : 0,
    netTx: from ? rate(from.netTx, to.netTx) : 0,
    blkRead: from ? rate(from.blkRead, to.blkRead) : 0,
    blkWrite: from ? rate(from.blkWrite, to.blkWrite) : 0,
  };
}

/**
 * Keeps the last complete line of a stream of JSON lines and drops the others unread: the daemon
 * writes a reading a second and a tick needs only the newest, so parsing waits for the tick (one
 * JSON.parse per container per tick instead of five). A chunk can end in the middle of a line.
 */
export class LastLine {
  private rest: Buffer | null = null;
  private last: Buffer | null = null;

  push(chunk: Buffer): void {
    const end = chunk.lastIndexOf(10);
    if (end < 0) {
      this.rest = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
      return;
    }
    const start = chunk.lastIndexOf(10, end - 1);
    // The line ends in this chunk; it began in it too unless no earlier newline is in it.
    this.last = start >= 0 ? chunk.subarray(start + 1, end) : this.rest ? Buffer.concat([this.rest, chunk.subarray(0, end)]) : chunk.subarray(0, end);
    this.rest = end + 1 < chunk.length ? chunk.subarray(end + 1) : null;
  }

  /** The newest complete line since the last take, or null. */
  take(): string | null {
    const line = this.last;
    this.last = null;
    if (!line) return null;
    const text = line.toString('utf8').trim();
    return text === '' ? null : text;
  }
}
