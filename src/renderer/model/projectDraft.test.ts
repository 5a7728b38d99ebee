import { describe, expect, it } from 'vitest';
import { validateCallInput } from './formIssues';
import { newProjectDraft, newStageDraft, projectInputFromDraft, stageDraftFromView, stageInputFromDraft } from './projectDraft';

describe('projectInputFromDraft', () => {
  it('turns a filled form into a valid createProject input', () => {
    const draft = {
      ...newProjectDraft('local'),
      name: ' Shop ',
      imageRepository: 'ghcr.io/acme/shop',
      stages: [{ ...newStageDraft(1, 'production'), port: '8080', healthCheckPath: '/healthz', subdomain: 'shop', env: 'A=1\nB=2' }],
    };
    const { input, issues } = projectInputFromDraft(draft);
    expect(issues).toEqual([]);
    expect(input).toEqual({
      hostId: 'local',
      name: 'Shop',
      imageRepository: 'ghcr.io/acme/shop',
      stages: [
        {
          name: 'production',
          imageTag: 'latest',
          env: { A: '1', B: '2' },
          port: 8080,
          healthCheckPath: '/healthz',
          healthTimeoutSec: 60,
          subdomain: 'shop',
          maxInstances: 2,
        },
      ],
    });
    expect(validateCallInput('workloads.createProject', input)).toEqual([]);
  });

  it('leaves empty optional fields to the contract defaults', () => {
    const stage = { ...newStageDraft(1, 'staging'), imageTag: '', healthTimeoutSec: '', maxInstances: '' };
    const { input } = projectInputFromDraft({ ...newProjectDraft('local'), stages: [stage] });
    expect(input.stages[0]).toMatchObject({ imageTag: undefined, port: null, healthTimeoutSec: undefined, maxInstances: undefined });
  });

  it('passes a number that does not parse on to the schema, which names the field', () => {
    const draft = {
      ...newProjectDraft('local'),
      name: 'Shop',
      imageRepository: 'shop',
      stages: [{ ...newStageDraft(1, 'prod'), port: '80a' }],
    };
    const issues = validateCallInput('workloads.createProject', projectInputFromDraft(draft).input);
    expect(issues.map((i) => i.path)).toEqual(['stages.0.port']);
  });

  it('reports bad env lines on the stage env field', () => {
    const draft = { ...newProjectDraft('local'), stages: [newStageDraft(1, 'a'), { ...newStageDraft(2, 'b'), env: 'oops' }] };
    const { issues } = projectInputFromDraft(draft);
    expect(issues).toEqual([{ path: 'stages.1.env', message: 'line 1: missingEquals', env: { line: 1, kind: 'missingEquals' } }]);
  });
});

describe('editing a saved stage', () => {
  it('round-trips a stage through the draft, and the result is a valid stages.update input', () => {
    const saved = {
      id: 's1',
      name: 'staging',
      imageTag: 'v2',
      env: { A: '1', B: 'x y' },
      port: 80,
      healthCheckPath: '/health',
      healthTimeoutSec: 15,
      subdomain: null,
      maxInstances: 3,
    };
    const { stage, issues } = stageInputFromDraft(stageDraftFromView(saved), 'stage');
    const { id: _id, ...input } = saved;
    expect(issues).toEqual([]);
    expect(stage).toEqual(input);
    expect(validateCallInput('stages.update', { stageId: 's1', stage })).toEqual([]);
  });

  it('places problems under the prefix the dialog uses', () => {
    const draft = { ...newStageDraft(1, 'Bad Name'), env: 'NOEQUALS', port: '70000' };
    const { stage, issues } = stageInputFromDraft(draft, 'stage');
    expect(issues.map((i) => i.path)).toEqual(['stage.env']);
    expect(
      validateCallInput('stages.add', { workloadId: 'w', stage })
        .map((i) => i.path)
        .sort(),
    ).toEqual(['stage.name', 'stage.port']);
  });
});
