// Live stats samples patched into the query cache, never refetched: each container's latest sample
// under its own key (a table row subscribes to that key alone, so a tick re-renders the rows in view
// and nothing else), and open histories get the tick appended as one more point.
import type { QueryClient } from '@tanstack/react-query';
import type { LiveSample, StatsHistory, StatsSamplesEvent, StatsSeries } from '../../shared/stats';
import { queryKeys } from './queryKeys';

/** Whether a sample belongs to a history's scope. */
function inScope(history: StatsHistory, event: StatsSamplesEvent, sample: LiveSample): boolean {
  if (history.scope === 'host') return history.id === event.hostId;
  if (history.scope === 'workload') return history.id === sample.workloadId;
  return history.id === sample.containerId;
}

const columns = ['cpu', 'cpuMax', 'mem', 'memMax', 'netRx', 'netTx', 'blkRead', 'blkWrite'] as const;

/**
 * The history with the tick appended (or filled in, when its time is already the last point) and
 * points older than the range dropped. The same object when nothing of it changed; null when a
 * sample names a container the history does not know yet (the caller refetches it then).
 */
export function appendSamples(history: StatsHistory, event: StatsSamplesEvent): StatsHistory | null {
  const mine = event.samples.filter((s) => inScope(history, event, s));
  if (mine.length === 0) return history;
  const byContainer = new Map(mine.map((s) => [s.containerId, s]));
  if ([...byContainer.keys()].some((id) => !history.series.some((s) => s.containerId === id))) return null;
  const last = history.times.at(-1);
  if (last !== undefined && event.at < last) return history;
  const span = history.to - history.from;
  const from = event.at - span;
  let drop = 0;
  while (drop < history.times.length && history.times[drop]! < from) drop += 1;
  const same = last === event.at;
  const times = same ? history.times.slice(drop) : [...history.times.slice(drop), event.at];
  const series = history.series.map((s): StatsSeries => {
    const sample = byContainer.get(s.containerId);
    const next = { ...s };
    for (const column of columns) {
      const values = s[column].slice(drop);
      const value = sample ? sample[column === 'cpuMax' ? 'cpu' : column === 'memMax' ? 'mem' : column] : null;
      if (same) values[values.length - 1] = value ?? values[values.length - 1] ?? null;
      else values.push(value);
      next[column] = values;
    }
    if (sample && sample.memLimit > 0) next.memLimit = sample.memLimit;
    return next;
  });
  return { ...history, from, to: event.at, times, series };
}

/** Applies one stats.samples event to the cache. */
export function applyStatsSamples(queryClient: QueryClient, event: StatsSamplesEvent): void {
  for (const sample of event.samples) queryClient.setQueryData(queryKeys.statsLatestOf(sample.containerId), sample);
  for (const [key, history] of queryClient.getQueriesData<StatsHistory>({ queryKey: queryKeys.statsHistory })) {
    if (!history) continue;
    const next = appendSamples(history, event);
    if (next === null) void queryClient.invalidateQueries({ queryKey: key, exact: true });
    else if (next !== history) queryClient.setQueryData(key, next);
  }
}
