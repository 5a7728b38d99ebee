// The shapes of container stats that cross the contract: live samples (pushed every tick) and the
// history the charts draw, columnar so that uPlot takes it as it comes.

export const STATS_RANGES = ['1h', '24h', '7d', '90d'] as const;
export type StatsRange = (typeof STATS_RANGES)[number];

/** What a history covers: one container, a workload's containers, or a host's. */
export type StatsScope = 'container' | 'workload' | 'host';

/** One container's measures over one tick (5 s). CPU in % of one core; bytes; rates in bytes/s. */
export interface LiveSample {
  containerId: string;
  workloadId: string | null;
  cpu: number;
  mem: number;
  memLimit: number;
  netRx: number;
  netTx: number;
  blkRead: number;
  blkWrite: number;
}

export interface StatsSamplesEvent {
  hostId: string;
  /** The tick's time, ms since the epoch (the same for every sample of the tick). */
  at: number;
  samples: LiveSample[];
}

/** Values aligned with StatsHistory.times; null where the container had no sample. */
export interface StatsSeries {
  containerId: string;
  name: string;
  memLimit: number | null;
  cpu: (number | null)[];
  cpuMax: (number | null)[];
  mem: (number | null)[];
  memMax: (number | null)[];
  netRx: (number | null)[];
  netTx: (number | null)[];
  blkRead: (number | null)[];
  blkWrite: (number | null)[];
}

/** Something that happened to the workload, drawn on the time axis. Add a kind here and in the chart's label. */
export type StatsMarkerKind = 'deploy' | 'rollback' | 'crash';

export interface StatsMarker {
  /** ms since the epoch. */
  at: number;
  kind: StatsMarkerKind;
  /** The image or version it concerns (not translated). */
  label: string;
}

export interface StatsHistory {
  scope: StatsScope;
  id: string;
  range: StatsRange;
  /** The distance between points, seconds; live samples appended later may be closer. */
  stepSec: number;
  from: number;
  to: number;
  /** Point times, ms since the epoch, ascending. */
  times: number[];
  series: StatsSeries[];
  markers: StatsMarker[];
}

export interface StatsSize {
  bytes: number;
  /** Rows per tier: 5-second samples, 1-minute and 15-minute averages. */
  rows: { s5: number; m1: number; m15: number };
  containers: number;
}

/** A stage around one deploy: averages of the stage's containers 30 minutes before and after it. */
export interface DeployImpactSide {
  /** Mean of the stage's total CPU %, null without samples. */
  cpu: number | null;
  /** Mean of the stage's total memory, bytes. */
  mem: number | null;
  /** Container starts in the window beyond each container's first. */
  restarts: number;
}

export interface DeployImpact {
  deployId: string;
  kind: StatsMarkerKind;
  image: string;
  at: number;
  before: DeployImpactSide;
  after: DeployImpactSide;
}
