// The pure edges of the sources: which deploy records, pass plans and stale counts become messages.
import { describe, expect, it } from 'vitest';
import type { NotifyEvent } from '../../../shared/notify';
import { unhealthyTransitions } from '../reconciler/reconciler';
import type { ExistingRow, PassPlan } from '../store/containerRepo';
import type { DeployRecord } from '../store/deployRepo';
import { deployEventOf, deployReporter } from './deployOutcome';
import { StaleWatch } from './staleWatch';

function record(over: Partial<DeployRecord>): DeployRecord {
  return {
    id: 'd1',
    hostId: 'local',
    workloadId: 'w1',
    stageId: 's1',
    targetKey: 's1',
    kind: 'deploy',
    image: 'shop:2',
    imageDigest: null,
    status: 'running',
    step: 'health',
    steps: [],
    error: null,
    startedAt: 1,
    finishedAt: null,
    pull: null,
    newContainerId: null,
    oldContainerId: null,
    ...over,
  };
}

describe('deploy outcomes', () => {
  it('names the failed step and its error', () => {
    const failed = record({
      status: 'failed',
      step: 'health',
      error: 'health check timed out',
      steps: [
        { step: 'image', status: 'done', at: 1 },
        { step: 'health', status: 'failed', at: 2, message: 'timed out' },
      ],
    });
    expect(deployEventOf(failed)).toMatchObject({ kind: 'deploy.failed', step: 'health', error: 'health check timed out', rollback: false });
  });

  it('tells a rollback apart, and says nothing while a run goes on', () => {
    expect(deployEventOf(record({ status: 'succeeded', kind: 'rollback' }))?.kind).toBe('deploy.rolledBack');
    expect(deployEventOf(record({ status: 'succeeded', kind: 'promote' }))?.kind).toBe('deploy.succeeded');
    expect(deployEventOf(record({ status: 'failed', kind: 'rollback', error: 'x' }))).toMatchObject({ kind: 'deploy.failed', rollback: true });
    expect(deployEventOf(record({ status: 'running' }))).toBeNull();
  });

  it('reports each run once, however often its record is seen finished', () => {
    const sent: NotifyEvent[] = [];
    const report = deployReporter((e) => sent.push(e));
    report(record({ status: 'running' }));
    report(record({ status: 'succeeded' }));
    report(record({ status: 'succeeded' }));
    report(record({ id: 'd2', status: 'failed', error: 'x' }));
    expect(sent.map((e) => e.kind)).toEqual(['deploy.succeeded', 'deploy.failed']);
  });
});

describe('health turning bad', () => {
  const row = (id: string, health: ExistingRow['health']) => ({ id, health, workloadId: 'w1', name: `c-${id}` }) as ExistingRow;
  const plan = (updates: ExistingRow[]): PassPlan => ({ inserts: [], updates, missing: [], stopped: [], forged: [], changed: true });

  it('tells a container that became unhealthy, once, not one that stays so or recovers', () => {
    const before = [row('a', 'healthy'), row('b', 'unhealthy'), row('c', 'unhealthy'), row('d', 'starting')];
    const after = plan([row('a', 'unhealthy'), row('b', 'unhealthy'), row('c', 'healthy'), row('d', 'unhealthy')]);
    expect(unhealthyTransitions(before, after)).toEqual([
      { workloadId: 'w1', name: 'c-a' },
      { workloadId: 'w1', name: 'c-d' },
    ]);
  });
});

describe('stale threshold', () => {
  it('takes the first count as the baseline and tells each rise', () => {
    let count = 2;
    const sent: NotifyEvent[] = [];
    const watch = new StaleWatch({ count: () => count, afterDays: () => 7, publish: (e) => sent.push(e), log: () => undefined });
    watch.check();
    count = 3;
    watch.check();
    count = 1;
    watch.check();
    count = 2;
    watch.check();
    expect(sent).toEqual([
      { kind: 'stale.threshold', count: 3, afterDays: 7 },
      { kind: 'stale.threshold', count: 2, afterDays: 7 },
    ]);
  });
});
