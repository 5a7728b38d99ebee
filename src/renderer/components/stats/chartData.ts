// Stats histories as uPlot's aligned arrays: seconds on x, one array per series; stacked charts
// carry running sums so each container's band sits on the ones below it.
import type { StatsHistory, StatsMarkerKind } from '../../../shared/stats';

export type Measure = 'cpu' | 'mem' | 'netRx' | 'netTx' | 'blkRead' | 'blkWrite';

/** One colour per container, repeated past the palette's end. */
export const PALETTE = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#dc2626', '#0891b2', '#4d7c0f', '#be185d', '#475569', '#ca8a04'];
export const colorOf = (index: number) => PALETTE[index % PALETTE.length]!;

/** The colour of each marker kind on the time axis; a new kind is one line here (and its label). */
export const MARKER_COLORS: Record<StatsMarkerKind, string> = {
  deploy: '#2563eb',
  rollback: '#d97706',
  crash: '#dc2626',
};

export const seconds = (times: readonly number[]) => Float64Array.from(times, (t) => t / 1000);

/**
 * Running sums over the series, top of the stack first (uPlot paints in order, so the smaller sums
 * paint over the larger ones and each band shows one container). A missing point counts as zero.
 * Typed arrays: fifty series of 2,016 points are 100,000 sums on every 7 d answer.
 */
export function stacked(history: StatsHistory, measure: Measure): Float64Array[] {
  const length = history.times.length;
  const sums: Float64Array[] = [];
  let below = new Float64Array(length);
  for (const s of history.series) {
    const values = s[measure];
    const next = new Float64Array(length);
    for (let i = 0; i < length; i += 1) next[i] = below[i]! + (values[i] ?? 0);
    sums.push(next);
    below = next;
  }
  return sums.reverse();
}
