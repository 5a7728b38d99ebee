import { describe, expect, it } from 'vitest';
import type { StaleContainerView, StaleImageView } from '../../shared/types';
import { filterStaleContainers, filterStaleImages, keepListed, staleParamsOf, staleQueryOf, staleWorkloads } from './staleFilter';

const row = (id: string, hostId: string, workloadId: string, workloadName: string): StaleContainerView => ({
  id,
  hostId,
  workloadId,
  workloadName,
  kind: 'project',
  role: 'production',
  name: id,
  image: 'x',
  state: 'exited',
  exitCode: 0,
  stopKind: null,
  staleSince: 0,
  daysStale: 9,
});
const image = (hostId: string): StaleImageView => ({ hostId, imageId: `sha256:${hostId}`, names: [], sizeBytes: 1, lastUsedAt: 0, daysStale: 9 });
const rows = [row('a', 'local', 'w1', 'shop'), row('b', 'far', 'w2', 'api'), row('c', 'local', 'w2', 'api')];

describe('stale filters', () => {
  it('round-trips through the URL and drops empty values', () => {
    expect(staleQueryOf(new URLSearchParams('host=local&workload='))).toEqual({ host: 'local', workload: null });
    expect(staleParamsOf({ host: 'local', workload: 'w2' }).toString()).toBe('host=local&workload=w2');
    expect(staleParamsOf({ host: null, workload: null }).toString()).toBe('');
  });

  it('filters rows by host and by workload', () => {
    expect(filterStaleContainers(rows, { host: 'local', workload: null }).map((r) => r.id)).toEqual(['a', 'c']);
    expect(filterStaleContainers(rows, { host: 'local', workload: 'w2' }).map((r) => r.id)).toEqual(['c']);
  });

  it('filters images by host, and hides them under a workload filter', () => {
    expect(filterStaleImages([image('local'), image('far')], { host: 'far', workload: null }).map((i) => i.hostId)).toEqual(['far']);
    expect(filterStaleImages([image('local')], { host: null, workload: 'w1' })).toEqual([]);
  });

  it('offers each workload once, by name', () => {
    expect(staleWorkloads(rows)).toEqual([
      { id: 'w2', name: 'api' },
      { id: 'w1', name: 'shop' },
    ]);
  });

  it('forgets a selection that is no longer listed', () => {
    expect([...keepListed(new Set(['a', 'gone']), rows)]).toEqual(['a']);
  });
});
