import { describe, expect, it } from 'vitest';
import { collapseIssues, issuesAt, issuesFromServerMessage, unclaimedIssues, validateCallInput } from './formIssues';

describe('issuesFromServerMessage', () => {
  it('splits the engine message into field issues', () => {
    const issues = issuesFromServerMessage(
      'Invalid input for workloads.createProject: name: is required; stages.0.port: Too small: expected number to be >=1',
    );
    expect(issues).toEqual([
      { path: 'name', message: 'is required' },
      { path: 'stages.0.port', message: 'Too small: expected number to be >=1' },
    ]);
  });

  it('keeps a message it cannot place as a form-level issue', () => {
    expect(issuesFromServerMessage('a workload named "shop" already exists on local')).toEqual([
      { path: '', message: 'a workload named "shop" already exists on local' },
    ]);
  });

  it('does not mistake prose before a colon for a field', () => {
    expect(issuesFromServerMessage('compose file: line 3: bad indentation')[0]?.path).toBe('');
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
    expect(unclaimedIssues(issues, ['name', 'stages.0.env']).map((i) => i.message)).toEqual([
      'stage names must be unique',
      'something else',
    ]);
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
