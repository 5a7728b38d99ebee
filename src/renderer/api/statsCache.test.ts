import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { LiveSample, StatsHistory } from '../../shared/stats';
import { appendSamples, applyStatsSamples } from './statsCache';
import { queryKeys } from './queryKeys';
import { statsHistory } from '../testing/fixtures';

const history = statsHistory;
const sample = (containerId: string, cpu: number, workloadId = 'w1'): LiveSample => ({
  containerId,
  workloadId,
  cpu,
  mem: cpu,
  memLimit: 100,
  netRx: 0,
  netTx: 0,
  blkRead: 0,
  blkWrite: 0,
});

describe('appendSamples', () => {
  it('appends a tick to the workload it belongs to and drops points older than the range', () => {
    const next = appendSamples(history(), { hostId: 'local', at: 15_000, samples: [sample('a', 9)] })!;
    expect(next.times).toEqual([5_000, 10_000, 15_000]);
    expect(next.series[0]!.cpu).toEqual([2, 3, 9]);
    expect(next.series[1]!.cpu).toEqual([5, 6, null]);
    expect(next.series[0]!.memLimit).toBe(100);
  });

  it('leaves a history of another scope untouched, and asks for a refetch on an unknown container', () => {
    const h = history();
    expect(appendSamples(h, { hostId: 'local', at: 15_000, samples: [sample('z', 1, 'w2')] })).toBe(h);
    expect(appendSamples(h, { hostId: 'local', at: 15_000, samples: [sample('new', 1)] })).toBeNull();
  });

  it('patches the latest sample per container under its own key', () => {
    const client = new QueryClient();
    client.setQueryData(queryKeys.statsHistoryOf('workload', 'w1', '1h'), history());
    applyStatsSamples(client, { hostId: 'local', at: 15_000, samples: [sample('a', 7)] });
    expect(client.getQueryData<LiveSample>(queryKeys.statsLatestOf('a'))?.cpu).toBe(7);
    expect(client.getQueryData<StatsHistory>(queryKeys.statsHistoryOf('workload', 'w1', '1h'))?.times.at(-1)).toBe(15_000);
  });
});
