import { describe, expect, it } from 'vitest';
import { validateCallInput } from './formIssues';
import { newProjectDraft, newStageDraft, projectInputFromDraft } from './projectDraft';

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
