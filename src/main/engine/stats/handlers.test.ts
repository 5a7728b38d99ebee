// The charts' marks: deploys and rollbacks from the deploy records, crashes from the stop history.
// A deliberate stop is never marked; a container's chart marks only its own crashes.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeployRepo } from '../store/deployRepo';
import { HostRepo } from '../store/hostRepo';
import { StopRepo } from '../store/stopRepo';
import { createTestProject, insertStageRow, openTestStore, tempDir } from '../testing/fixtures';
import type { TestStore } from '../testing/fixtures';
import { statsHandlers } from './handlers';
import { StatsStore } from './statsStore';

let store: TestStore;
let stats: StatsStore;
afterEach(() => {
  stats?.close();
  store?.cleanup();
});

const NOW = Date.parse('2026-12-03T12:00:00Z');

describe('stats.history marks', () => {
  it('marks crashes and OOM kills, never a stop the app made, and only its own on a container chart', async () => {
    store = openTestStore();
    stats = new StatsStore(join(tempDir(), 'stats.db'));
    const { projectId, stageId } = createTestProject(store.workloads);
    insertStageRow(store.db, { id: 'a', projectId, stageId, name: 'api-a' });
    insertStageRow(store.db, { id: 'b', projectId, stageId, name: 'api-b' });
    const stops = new StopRepo(store.db);
    const stop = (dockerId: string, name: string, at: number, kind: 'crash' | 'oom' | 'app' | 'outside') =>
      stops.record('local', { dockerId, workloadId: projectId, name, at, kind, reason: kind === 'app' ? 'drain' : null, exitCode: 1, signal: null }, NOW);
    stop('docker-a', 'api-a', NOW - 10 * 60_000, 'crash');
    stop('docker-b', 'api-b', NOW - 9 * 60_000, 'oom');
    stop('docker-a', 'api-a', NOW - 8 * 60_000, 'app');
    stop('docker-a', 'api-a', NOW - 7 * 60_000, 'outside');
    // Older than the hour the chart shows.
    stop('docker-a', 'api-a', NOW - 2 * 3_600_000, 'crash');
    const handlers = statsHandlers({
      store: stats,
      deploys: new DeployRepo(store.db),
      workloads: store.workloads,
      hosts: new HostRepo(store.db),
      stops,
      containers: store.containers,
      now: () => NOW,
    });

    const workload = await handlers['stats.history']({ scope: 'workload', id: projectId, range: '1h' });
    expect(workload.markers).toEqual([
      { at: NOW - 10 * 60_000, kind: 'crash', label: 'api-a' },
      { at: NOW - 9 * 60_000, kind: 'crash', label: 'api-b' },
    ]);
    const host = await handlers['stats.history']({ scope: 'host', id: 'local', range: '1h' });
    expect(host.markers.map((m) => m.label)).toEqual(['api-a', 'api-b']);
    const container = await handlers['stats.history']({ scope: 'container', id: 'a', range: '1h' });
    expect(container.markers).toEqual([{ at: NOW - 10 * 60_000, kind: 'crash', label: 'api-a' }]);
  });
});
