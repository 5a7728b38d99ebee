import { describe, expect, it } from 'vitest';
import { CallError } from '../../shared/errors';
import { collapseIssues, issuesAt, placeRefusal, unclaimedIssues, validateCallInput } from './formIssues';

describe('placeRefusal', () => {
  const validation = (issues?: { path: string; message: string }[]) =>
    new CallError({ code: 'VALIDATION', message: 'Invalid input for workloads.createProject: name: is required', issues });

  it('puts the issues of a VALIDATION answer on their fields', () => {
    const refusal = validation([
      { path: 'name', message: 'is required' },
      { path: 'stages.0.port', message: 'Too small: expected number to be >=1' },
    ]);
    expect(placeRefusal(refusal)).toEqual({
      issues: [
        { path: 'name', message: 'is required' },
        { path: 'stages.0.port', message: 'Too small: expected number to be >=1' },
      ],
      error: null,
    });
  });

  it('does not read fields out of the message text', () => {
    // The message names `name`, but only the issues list places anything on a field.
    const refusal = validation([{ path: 'stages', message: 'stage names must be unique' }]);
    expect(placeRefusal(refusal).issues).toEqual([{ path: 'stages', message: 'stage names must be unique' }]);
  });

  it('collapses an empty field to "required", as the renderer\'s own check does', () => {
    const refusal = validation([
      { path: 'name', message: 'is required' },
      { path: 'name', message: 'may contain letters, digits, spaces, dots, dashes and underscores, starting with a letter or digit' },
    ]);
    expect(placeRefusal(refusal).issues).toEqual([{ path: 'name', message: 'is required' }]);
  });

  it('shows any other refusal whole, as the engine worded it', () => {
    const conflict = new CallError({ code: 'CONFLICT', message: 'CONFLICT: a workload named "shop" already exists on local' });
    expect(placeRefusal(conflict)).toEqual({ issues: [], error: conflict });
  });

  it('marks the field a CONFLICT names, and still shows its message whole (it says who holds the name)', () => {
    const conflict = new CallError({
      code: 'CONFLICT',
      message: 'www.localhost is already the public name of site docs on this host; choose another subdomain. Nothing was saved.',
      issues: [{ path: 'subdomain', message: 'is taken on this host' }],
    });
    expect(placeRefusal(conflict)).toEqual({ issues: [{ path: 'subdomain', message: 'is taken on this host' }], error: conflict });
  });

  it('falls back to the message when a VALIDATION answer lists no issues', () => {
    const bare = validation();
    expect(placeRefusal(bare)).toEqual({ issues: [], error: bare });
  });

  it("passes on a failure that is not the engine's", () => {
    const crash = new TypeError('x is undefined');
    expect(placeRefusal(crash)).toEqual({ issues: [], error: crash });
  });
});

describe('validateCallInput', () => {
  it('finds the same problems the engine would, by field', () => {
    const issues = validateCallInput('workloads.createProject', {
      name: '',
      imageRepository: 'ghcr.io/acme/api',
      stages: [{ name: 'prod', env: { '1BAD': 'x' } }],
    });
    expect(issues).toContainEqual({ path: 'name', message: 'is required' });
    expect(issues).toContainEqual({ path: 'stages.0.env.1BAD', message: 'must be a valid environment variable name' });
  });

  it('accepts a valid input', () => {
    expect(validateCallInput('workloads.createSite', { name: 'Blog', sourceDir: '/srv/blog' })).toEqual([]);
  });
});

describe('issuesAt and unclaimedIssues', () => {
  const issues = [
    { path: 'name', message: 'is required' },
    { path: 'stages.0.env.X-Y', message: 'bad key' },
    { path: 'stages', message: 'stage names must be unique' },
    { path: '', message: 'something else' },
  ];

  it('gives a field its own issues and those below it', () => {
    expect(issuesAt(issues, 'stages.0.env').map((i) => i.message)).toEqual(['bad key']);
    expect(issuesAt(issues, 'nam')).toEqual([]);
  });

  it('leaves the rest for the summary', () => {
    expect(unclaimedIssues(issues, ['name', 'stages.0.env']).map((i) => i.message)).toEqual(['stage names must be unique', 'something else']);
  });
});

describe('collapseIssues', () => {
  it('keeps only "required" for an empty field', () => {
    // The schema stops at "is required" itself; an older engine may still send both.
    expect(validateCallInput('workloads.createSite', { name: '' })).toEqual([{ path: 'name', message: 'is required' }]);
    const issues = [
      { path: 'name', message: 'is required' },
      { path: 'name', message: 'may contain letters, digits, spaces, dots, dashes and underscores, starting with a letter or digit' },
    ];
    expect(collapseIssues(issues)).toEqual([{ path: 'name', message: 'is required' }]);
  });

  it('leaves other fields alone', () => {
    const issues = [
      { path: 'name', message: 'is required' },
      { path: 'port', message: 'Too small: expected number to be >=1' },
    ];
    expect(collapseIssues(issues)).toEqual(issues);
  });
});
