import { describe, expect, it } from 'vitest';
import type { WorkloadKind } from '../../../shared/types';
import { LABEL } from '../docker/labels';
import { observed } from '../testing/fixtures';
import { classify, planPass } from './plan';
import type { ExistingRow } from '../store/containerRepo';
import type { Lookups } from '../store/workloadRepo';

const workloads: Record<string, { kind: WorkloadKind; hostId: string }> = {
  proj: { kind: 'project', hostId: 'local' },
  stk: { kind: 'stack', hostId: 'local' },
  site: { kind: 'site', hostId: 'local' },
  remote: { kind: 'project', hostId: 'other-host' },
};
const lookups: Lookups = {
  workload: (id) => workloads[id],
  stageId: (projectId, name) => (projectId === 'proj' && name === 'production' ? 'stage-prod' : null),
  stackByComposeProject: (name) => (name === 'shop' ? 'stk' : undefined),
};
const labelled = (labels: Record<string, string>) => observed({ labels });

describe('classify: the dispatch matrix', () => {
  it('adopts a container whose workload label names an existing project, resolving its stage', () => {
    const c = labelled({ [LABEL.managed]: 'true', [LABEL.workloadId]: 'proj', [LABEL.workloadKind]: 'project', [LABEL.role]: 'production' });
    expect(classify(c, 'local', lookups)).toEqual({ owned: true, workloadId: 'proj', kind: 'project', role: 'production', stageId: 'stage-prod' });
  });

  it('keeps the role of a project container whose stage does not exist, with no stage id', () => {
    const c = labelled({ [LABEL.workloadId]: 'proj', [LABEL.role]: 'qa' });
    expect(classify(c, 'local', lookups)).toMatchObject({ owned: true, role: 'qa', stageId: null });
  });

  it('reports a workload label naming no workload as forged', () => {
    const c = labelled({ [LABEL.workloadId]: 'nope', [LABEL.role]: 'production' });
    expect(classify(c, 'local', lookups)).toEqual({ owned: false, forged: { dockerId: c.dockerId, name: c.name, claimedWorkloadId: 'nope' } });
  });

  it('reports as forged a label whose kind contradicts the workload', () => {
    const c = labelled({ [LABEL.workloadId]: 'proj', [LABEL.workloadKind]: 'stack' });
    expect(classify(c, 'local', lookups)).toMatchObject({ owned: false, forged: { claimedWorkloadId: 'proj' } });
  });

  it('reports as forged a label naming a workload of another host', () => {
    const c = labelled({ [LABEL.workloadId]: 'remote', [LABEL.role]: 'production' });
    expect(classify(c, 'local', lookups)).toMatchObject({ owned: false, forged: { claimedWorkloadId: 'remote' } });
  });

  it('does not fall through to the compose label when the workload label is forged', () => {
    const c = labelled({ [LABEL.workloadId]: 'nope', [LABEL.composeProject]: 'shop', [LABEL.composeService]: 'web' });
    expect(classify(c, 'local', lookups)).toMatchObject({ owned: false, forged: { claimedWorkloadId: 'nope' } });
  });

  it('prefers the workload label over legacy and compose labels', () => {
    const c = labelled({ [LABEL.workloadId]: 'site', [LABEL.legacyInstanceId]: 'proj', [LABEL.composeProject]: 'shop' });
    expect(classify(c, 'local', lookups)).toMatchObject({ owned: true, workloadId: 'site', kind: 'site', role: 'site' });
  });

  it('adopts a legacy instance-id container into its project', () => {
    const c = labelled({ [LABEL.legacyInstanceId]: 'proj', [LABEL.role]: 'production' });
    expect(classify(c, 'local', lookups)).toEqual({ owned: true, workloadId: 'proj', kind: 'project', role: 'production', stageId: 'stage-prod' });
  });

  it('adopts a legacy static-site container into its site', () => {
    const c = labelled({ [LABEL.legacyStaticSite]: 'site' });
    expect(classify(c, 'local', lookups)).toEqual({ owned: true, workloadId: 'site', kind: 'site', role: 'site', stageId: null });
  });

  it('reports a legacy label naming the wrong kind of workload as forged', () => {
    expect(classify(labelled({ [LABEL.legacyInstanceId]: 'site' }), 'local', lookups)).toMatchObject({ owned: false, forged: { claimedWorkloadId: 'site' } });
    expect(classify(labelled({ [LABEL.legacyStaticSite]: 'proj' }), 'local', lookups)).toMatchObject({ owned: false, forged: { claimedWorkloadId: 'proj' } });
  });

  it('prefers the legacy instance label over the compose project', () => {
    const c = labelled({ [LABEL.legacyInstanceId]: 'proj', [LABEL.composeProject]: 'shop' });
    expect(classify(c, 'local', lookups)).toMatchObject({ owned: true, kind: 'project' });
  });

  it('matches compose containers to a stack by project name, the service as role', () => {
    const c = labelled({ [LABEL.composeProject]: 'shop', [LABEL.composeService]: 'db' });
    expect(classify(c, 'local', lookups)).toEqual({ owned: true, workloadId: 'stk', kind: 'stack', role: 'db', stageId: null });
  });

  it('ignores compose containers of projects that are not stacks, without reporting them', () => {
    expect(classify(labelled({ [LABEL.composeProject]: 'someone-else' }), 'local', lookups)).toEqual({ owned: false, forged: null });
  });

  it('ignores unlabelled containers', () => {
    expect(classify(labelled({ maintainer: 'x' }), 'local', lookups)).toEqual({ owned: false, forged: null });
  });
});

function row(overrides: Partial<ExistingRow>): ExistingRow {
  return {
    id: 'row-1',
    workloadId: 'proj',
    kind: 'project',
    role: 'production',
    stageId: 'stage-prod',
    dockerId: 'd1',
    name: 'api-1',
    image: 'img:1',
    state: 'running',
    health: 'none',
    exitCode: null,
    createdAt: 1,
    startedAt: 2,
    finishedAt: null,
    missingSince: null,
    ...overrides,
  };
}
const projLabels = { [LABEL.workloadId]: 'proj', [LABEL.role]: 'production' };
const NOW = 1_800_000_000_000;

describe('planPass', () => {
  it('inserts a new owned container with times estimated from its status', () => {
    const c = observed({ labels: projLabels, status: 'Up 3 minutes', state: 'running' });
    const plan = planPass([c], [], 'local', lookups, NOW);
    expect(plan.inserts).toHaveLength(1);
    expect(plan.inserts[0]).toMatchObject({ dockerId: c.dockerId, workloadId: 'proj', startedAt: NOW - 180_000, finishedAt: null });
    expect(plan.changed).toBe(true);
  });

  it('changes nothing when Docker agrees with the store (a second pass is a no-op)', () => {
    const c = observed({ dockerId: 'd1', name: 'api-1', image: 'img:1', labels: projLabels, createdAt: 1 });
    const plan = planPass([c], [row({})], 'local', lookups, NOW);
    expect(plan).toMatchObject({ inserts: [], updates: [], missing: [], changed: false });
  });

  it("keeps a renamed stage's container on its stage: the old name in the label does not detach it", () => {
    // The stage "production" was renamed "live": the row says so, the label still says production.
    const c = observed({ dockerId: 'd1', name: 'api-1', image: 'img:1', labels: projLabels, createdAt: 1 });
    const plan = planPass([c], [row({ role: 'live', stageId: 'stage-prod' })], 'local', lookups, NOW);
    expect(plan).toMatchObject({ inserts: [], updates: [], changed: false });

    const exited = observed({
      dockerId: 'd1',
      name: 'api-1',
      image: 'img:1',
      labels: { [LABEL.workloadId]: 'proj', [LABEL.role]: 'gone-name' },
      createdAt: 1,
      state: 'exited',
    });
    const next = planPass([exited], [row({ role: 'live', stageId: 'stage-prod' })], 'local', lookups, NOW);
    expect(next.updates).toEqual([expect.objectContaining({ id: 'row-1', state: 'exited', stageId: 'stage-prod', role: 'live' })]);
  });

  it('still matches a new project container to its stage by the label', () => {
    const c = observed({ dockerId: 'd9', labels: projLabels });
    expect(planPass([c], [], 'local', lookups, NOW).inserts).toEqual([expect.objectContaining({ stageId: 'stage-prod', role: 'production' })]);
  });

  it('updates the state and records the finish time when a running container exits', () => {
    const c = observed({
      dockerId: 'd1',
      name: 'api-1',
      image: 'img:1',
      labels: projLabels,
      createdAt: 1,
      state: 'exited',
      status: 'Exited (137) 2 seconds ago',
    });
    const plan = planPass([c], [row({})], 'local', lookups, NOW);
    expect(plan.updates).toEqual([expect.objectContaining({ id: 'row-1', state: 'exited', finishedAt: NOW - 2_000, startedAt: 2 })]);
  });

  it('records the exit code of an exited container, and clears it when it runs again', () => {
    const exited = observed({
      dockerId: 'd1',
      name: 'api-1',
      image: 'img:1',
      labels: projLabels,
      createdAt: 1,
      state: 'exited',
      status: 'Exited (137) 2 seconds ago',
      exitCode: 137,
    });
    expect(planPass([exited], [row({})], 'local', lookups, NOW).updates[0]).toMatchObject({ exitCode: 137 });
    const again = observed({ dockerId: 'd1', name: 'api-1', image: 'img:1', labels: projLabels, createdAt: 1, exitCode: 137 });
    expect(planPass([again], [row({ state: 'exited', exitCode: 137 })], 'local', lookups, NOW).updates[0]).toMatchObject({ state: 'running', exitCode: null });
  });

  it('marks rows whose container vanished as missing, once', () => {
    const plan = planPass([], [row({}), row({ id: 'row-2', dockerId: 'd2', state: 'missing', missingSince: 5 })], 'local', lookups, NOW);
    expect(plan.missing).toEqual(['row-1']);
  });

  it('never touches a placeholder row (empty docker id) of a deploy in flight', () => {
    const plan = planPass([], [row({ id: 'placeholder', dockerId: '', state: 'pending' })], 'local', lookups, NOW);
    expect(plan).toMatchObject({ inserts: [], updates: [], missing: [], changed: false });
  });

  it('brings a missing row back when its container reappears', () => {
    const c = observed({ dockerId: 'd1', name: 'api-1', image: 'img:1', labels: projLabels, createdAt: 1 });
    const plan = planPass([c], [row({ state: 'missing', missingSince: 5 })], 'local', lookups, NOW);
    expect(plan.updates[0]).toMatchObject({ state: 'running', missingSince: null });
  });

  it('does not adopt forged containers, and reports them', () => {
    const c = observed({ labels: { [LABEL.workloadId]: 'ghost' } });
    const plan = planPass([c], [], 'local', lookups, NOW);
    expect(plan.inserts).toEqual([]);
    expect(plan.forged).toEqual([{ dockerId: c.dockerId, name: c.name, claimedWorkloadId: 'ghost' }]);
  });

  it('never invents a project: a container of an unknown project stays out of the store', () => {
    const c = observed({ labels: { [LABEL.legacyInstanceId]: 'unknown-project' } });
    expect(planPass([c], [], 'local', lookups, NOW).inserts).toEqual([]);
  });
});
