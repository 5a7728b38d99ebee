import { describe, expect, it } from 'vitest';
import type { ContainerView } from '../../shared/types';
import { containerView } from '../testing/fixtures';
import { countByState, filterContainers, haystackOf, searchTerms, sortContainers, staleAsOf } from './containerFilter';
import { EMPTY_CONTAINER_QUERY } from './containerQuery';

const container = containerView;

const rows = [
  container({ name: 'shop-api-blue', role: 'production' }),
  container({ name: 'shop-api-green', role: 'staging', state: 'exited' }),
  container({ name: 'blog-web', workloadName: 'Blog', kind: 'site', role: 'site', image: 'caddy:2' }),
  container({ name: 'metrics-db', workloadName: 'Metrics', kind: 'stack', role: 'postgres', image: 'postgres:16', state: 'missing' }),
];
const names = (list: readonly ContainerView[]) => list.map((r) => r.name);

describe('filterContainers', () => {
  it('keeps everything without filters, without copying the list', () => {
    expect(filterContainers(rows, EMPTY_CONTAINER_QUERY)).toBe(rows);
  });

  it('filters by kind and state together', () => {
    expect(names(filterContainers(rows, { ...EMPTY_CONTAINER_QUERY, kind: 'project', state: 'exited' }))).toEqual(['shop-api-green']);
  });

  it('searches name, workload, image and role, ignoring case', () => {
    const search = (q: string) => names(filterContainers(rows, { ...EMPTY_CONTAINER_QUERY, q }));
    expect(search('BLOG')).toEqual(['blog-web']);
    expect(search('postgres:16')).toEqual(['metrics-db']);
    expect(search('staging')).toEqual(['shop-api-green']);
    expect(search('metrics')).toEqual(['metrics-db']);
  });

  it('requires every whitespace-separated term', () => {
    expect(names(filterContainers(rows, { ...EMPTY_CONTAINER_QUERY, q: ' shop  green ' }))).toEqual(['shop-api-green']);
  });

  it("builds a row's haystack once, from the fields it searches", () => {
    const row = container({ name: 'Shop-API', workloadName: 'Shop', image: 'acme/shop:1', role: 'production' });
    expect(haystackOf(row)).toBe('shop-api\nshop\nacme/shop:1\nproduction');
    expect(haystackOf(row)).toBe(haystackOf(row));
  });

  it('never matches on the docker id', () => {
    expect(filterContainers(rows, { ...EMPTY_CONTAINER_QUERY, q: 'deadbeef' })).toEqual([]);
  });

  it('filters 5,000 rows well within a frame', () => {
    const many = Array.from({ length: 5_000 }, (_, i) => container({ name: `svc-${i}`, role: i % 2 ? 'staging' : 'production' }));
    const start = performance.now();
    for (const q of ['s', 'sv', 'svc', 'svc-4', 'svc-49', 'svc-499']) filterContainers(many, { ...EMPTY_CONTAINER_QUERY, q });
    const perKeystroke = (performance.now() - start) / 6;
    expect(perKeystroke).toBeLessThan(20);
  });
});

describe('searchTerms', () => {
  it('splits on whitespace and lower-cases', () => {
    expect(searchTerms('  Api  PROD ')).toEqual(['api', 'prod']);
    expect(searchTerms('   ')).toEqual([]);
  });
});

describe('sortContainers', () => {
  it('keeps the engine order when unsorted', () => {
    expect(sortContainers(rows, null, false, 'en')).toBe(rows);
  });

  it('sorts names with numbers in natural order', () => {
    const list = [container({ name: 'api-10' }), container({ name: 'api-2' }), container({ name: 'API-1' })];
    expect(sortContainers(list, 'name', false, 'en').map((r) => r.name)).toEqual(['API-1', 'api-2', 'api-10']);
  });

  it('puts running containers first when sorting by state, missing ones last', () => {
    const sorted = sortContainers(rows, 'state', false, 'en').map((r) => r.state);
    expect(sorted).toEqual(['running', 'running', 'exited', 'missing']);
  });

  it('reverses for descending order', () => {
    const sorted = sortContainers(rows, 'lastSeen', true, 'en').map((r) => r.name);
    expect(sorted).toEqual(['metrics-db', 'blog-web', 'shop-api-green', 'shop-api-blue']);
  });
});

describe('countByState', () => {
  it('counts rows per state', () => {
    const counts = countByState(rows);
    expect(counts.get('running')).toBe(2);
    expect(counts.get('missing')).toBe(1);
    expect(counts.get('dead')).toBeUndefined();
  });
});

describe('hosts', () => {
  const onHosts = [container({ name: 'api', hostId: 'local' }), container({ name: 'worker', hostId: 'h-prod' }), container({ name: 'cron', hostId: 'h-edge' })];

  it('filters by host', () => {
    expect(names(filterContainers(onHosts, { ...EMPTY_CONTAINER_QUERY, host: 'h-prod' }))).toEqual(['worker']);
    expect(filterContainers(onHosts, { ...EMPTY_CONTAINER_QUERY, host: 'removed' })).toEqual([]);
  });

  it("sorts by the hosts' names, not their ids", () => {
    const hostName = (id: string) => ({ local: 'Local', 'h-prod': 'Berlin', 'h-edge': 'Zurich' })[id] ?? id;
    expect(sortContainers(onHosts, 'host', false, 'en', hostName).map((r) => r.name)).toEqual(['worker', 'api', 'cron']);
  });
});

describe('staleAsOf', () => {
  const down = { state: 'down', since: 5_000 };

  it('is null while the host is up, or not known yet', () => {
    expect(staleAsOf(container({ name: 'a', lastSeenAt: 100 }), { state: 'up', since: 1 })).toBeNull();
    expect(staleAsOf(container({ name: 'a', lastSeenAt: 100 }), undefined)).toBeNull();
  });

  it('is the last pass that saw the row, bounded by when the host went away', () => {
    expect(staleAsOf(container({ name: 'a', lastSeenAt: 4_000 }), down)).toBe(4_000);
    // A host that keeps retrying moves its `since` on; the row's own time is older and true.
    expect(staleAsOf(container({ name: 'a', lastSeenAt: 4_000 }), { state: 'connecting', since: 9_000 })).toBe(4_000);
    expect(staleAsOf(container({ name: 'a', lastSeenAt: 6_000 }), down)).toBe(5_000);
  });

  it("uses the host's time for a missing row, whose lastSeenAt is when it vanished", () => {
    expect(staleAsOf(container({ name: 'gone', state: 'missing', lastSeenAt: 10 }), down)).toBe(5_000);
  });
});
