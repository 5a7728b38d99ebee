// Samples every running container a host's app owns, from Docker's streaming stats: one long-lived
// `stats?stream=1` request per container on the host's one connection (the daemon pushes a reading
// a second), never a `stream=0` call per container (each waits about a second for its second
// reading: moby/moby#40478). Every tick (5 s) it turns each stream's latest reading into one sample
// over the tick, writes the host's samples in one transaction and pushes them as stats.samples.
//
// Which containers: the store's own records (provenance created/trusted), re-read after every
// reconcile pass and every tick, so starts and stops are followed within a tick and a stream that
// ended (the container stopped, the SSH connection dropped) is opened again once the container
// runs and the host is up.
import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import type { LiveSample } from '../../../shared/stats';
import type { EventBus } from '../events';
import type { OwnedRunning } from '../store/containerRepo';
import { LastLine, readStats, windowSample } from './dockerStats';
import type { DockerStatsJson, StatsReading } from './dockerStats';
import type { SeriesSample, StatsStore } from './statsStore';

export const TICK_MS = 5_000;

export interface StatsCollectorDeps {
  hostId: string;
  /** The dockerode client of the host's current session; throws while the host is down. */
  docker(): Dockerode;
  isUp(): boolean;
  /** The host's running containers the app owns (by its records, never by labels). */
  owned(): OwnedRunning[];
  store: Pick<StatsStore, 'write' | 'recordStart'>;
  events: Pick<EventBus, 'emit'>;
  log: (message: string) => void;
  tickMs?: number;
  now?: () => number;
}

interface ContainerStream {
  row: OwnedRunning;
  body: Readable | null;
  /** The reading that ended the previous tick's window (null before the first tick). */
  windowStart: StatsReading | null;
  latest: StatsReading | null;
  /** The newest line the daemon sent, parsed at the next tick. */
  lines: LastLine;
  closed: boolean;
}

export class StatsCollector {
  private readonly streams = new Map<string, ContainerStream>();
  private readonly starts = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly deps: StatsCollectorDeps) {
    this.now = deps.now ?? Date.now;
  }

  start(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => this.tick(), this.deps.tickMs ?? TICK_MS);
    this.sync();
  }

  /** The containers being streamed now, by row id (tests, the bench). */
  streaming(): string[] {
    return [...this.streams.values()].filter((s) => s.body !== null).map((s) => s.row.id);
  }

  /**
   * Opens a stream for each owned running container without one and ends those of containers no
   * longer running or owned. Level-triggered: safe to call any number of times.
   */
  sync(): void {
    if (this.closed || !this.deps.isUp()) return;
    let rows: OwnedRunning[];
    try {
      rows = this.deps.owned();
    } catch (error) {
      this.deps.log(`stats: cannot read host ${this.deps.hostId}'s containers: ${String(error)}`);
      return;
    }
    const wanted = new Map(rows.map((r) => [r.id, r]));
    for (const [id, stream] of this.streams) {
      const row = wanted.get(id);
      if (!row || row.dockerId !== stream.row.dockerId) this.end(id, stream);
      else stream.row = row;
    }
    for (const row of rows) {
      if (!this.streams.has(row.id)) this.open(row);
      // A container's start, once per start time: restarts around a deploy are counted from these.
      if (row.startedAt !== null && this.starts.get(row.id) !== row.startedAt) {
        this.starts.set(row.id, row.startedAt);
        this.deps.store.recordStart(this.ownerOf(row), Math.floor(row.startedAt / 1000));
      }
    }
  }

  private ownerOf(row: OwnedRunning) {
    return { containerId: row.id, hostId: row.hostId, workloadId: row.workloadId, stageId: row.stageId, name: row.name };
  }

  private open(row: OwnedRunning): void {
    const stream: ContainerStream = { row, body: null, windowStart: null, latest: null, lines: new LastLine(), closed: false };
    this.streams.set(row.id, stream);
    let docker: Dockerode;
    try {
      docker = this.deps.docker();
    } catch {
      this.streams.delete(row.id);
      return;
    }
    const forget = () => {
      stream.closed = true;
      // Only this stream's own entry: a newer one for the same row may have replaced it.
      if (this.streams.get(row.id) === stream) this.streams.delete(row.id);
    };
    docker
      .getContainer(row.dockerId)
      .stats({ stream: true })
      .then((raw) => {
        const body = raw as unknown as Readable;
        if (stream.closed || this.closed) {
          body.destroy();
          return;
        }
        stream.body = body;
        body.on('data', (chunk: Buffer) => stream.lines.push(chunk));
        body.on('error', forget);
        body.on('close', forget);
        body.on('end', forget);
      })
      .catch((error: unknown) => {
        forget();
        // Gone between the pass and the request, or the host went down: the next sync retries.
        if (!this.closed)
          this.deps.log(`stats: cannot stream ${row.name} on host ${this.deps.hostId}: ${error instanceof Error ? error.message : String(error)}`);
      });
  }

  private end(id: string, stream: ContainerStream): void {
    stream.closed = true;
    stream.body?.destroy();
    this.streams.delete(id);
    this.starts.delete(id);
  }

  /** One tick: a sample per stream that read something since the last tick, written and pushed. */
  tick(): void {
    if (this.closed) return;
    const at = this.now();
    const samples: SeriesSample[] = [];
    const live: LiveSample[] = [];
    for (const stream of this.streams.values()) {
      const line = stream.lines.take();
      if (line) {
        try {
          const reading = readStats(JSON.parse(line) as DockerStatsJson, at);
          if (reading) stream.latest = reading;
        } catch {
          // A line cut by a dropped connection: the stream ends right after it anyway.
        }
      }
      const latest = stream.latest;
      if (!latest || latest === stream.windowStart) continue;
      const sample = windowSample(stream.windowStart, latest);
      stream.windowStart = latest;
      samples.push({ ...this.ownerOf(stream.row), sample });
      live.push({ containerId: stream.row.id, workloadId: stream.row.workloadId, ...sample });
    }
    if (samples.length > 0) {
      // Every host's ticks fall on the same 5-second grid, so a host's (and a workload's) containers
      // share their points' times and stack without interpolation.
      const step = this.deps.tickMs ?? TICK_MS;
      const tickAt = Math.round(at / step) * step;
      try {
        this.deps.store.write(tickAt / 1000, samples);
      } catch (error) {
        this.deps.log(`stats: cannot write host ${this.deps.hostId}'s samples: ${String(error)}`);
      }
      this.deps.events.emit('stats.samples', { hostId: this.deps.hostId, at: tickAt, samples: live });
    }
    this.sync();
  }

  /** Stops the tick and ends every stream. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const [id, stream] of this.streams) this.end(id, stream);
  }
}
