// The contract at the boundary: every bad input gets a specific error naming the field, unknown ids
// get NOT_FOUND, and nothing changes. The engine runs for real (SQLite), with Docker unreachable.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import type { App } from '../app';
import { tempDir } from '../testing/fixtures';
import { contract } from '../../../shared/contract';
import { dispatchCall } from './handlers';

let app: App;
const emitted: string[] = [];
beforeEach(async () => {
  app = await createApp({ dataDir: tempDir(), shell: 'browser', dockerSocketPath: '/nonexistent/docker.sock', log: () => {} });
  emitted.length = 0;
  app.events.subscribe((event) => emitted.push(event));
});
afterEach(() => app?.close());

const call = (name: unknown, input?: unknown) => dispatchCall(app.handlers, name, input, { connectionId: 'test' });
const workloadCount = () => app.services.workloads.list().length;
const validProject = { name: 'api', imageRepository: 'ghcr.io/acme/api', stages: [{ name: 'production', imageTag: '1.2.0', port: 8080 }] };

describe('the handler map', () => {
  it('has a handler for every call of the contract, merged from the rooms, and nothing else', () => {
    const names = Object.keys(contract.calls).sort();
    expect(Object.keys(app.handlers).sort()).toEqual(names);
    for (const name of names) expect(typeof app.handlers[name as keyof typeof app.handlers], name).toBe('function');
  });
});

describe('dispatchCall', () => {
  it('creates a project with defaults filled in and announces it', async () => {
    const res = await call('workloads.createProject', validProject);
    expect(res).toMatchObject({
      ok: true,
      value: { kind: 'project', name: 'api', hostId: 'local', stages: [{ name: 'production', maxInstances: 2, healthTimeoutSec: 60, env: {} }] },
    });
    expect(emitted).toContain('workloads.changed');
  });

  it.each([
    ['a stage name with capitals', { ...validProject, stages: [{ name: 'Prod' }] }, /stages\.0\.name: must be lower-case/],
    ['no stages', { ...validProject, stages: [] }, /stages: needs at least one stage/],
    ['duplicate stage names', { ...validProject, stages: [{ name: 'a' }, { name: 'a' }] }, /stages: stage names must be unique/],
    ['a port out of range', { ...validProject, stages: [{ name: 'a', port: 70000 }] }, /stages\.0\.port/],
    ['an image with a tag', { ...validProject, imageRepository: 'acme/api:latest' }, /imageRepository: must be an image repository/],
    ['an env key with a space', { ...validProject, stages: [{ name: 'a', env: { 'BAD KEY': 'x' } }] }, /stages\.0\.env/],
    ['an unknown field', { ...validProject, owner: 'mallory' }, /Unrecognized key.*owner|owner/],
    ['an empty name', { ...validProject, name: '  ' }, /name: is required/],
    ['a non-object', 'rm -rf /', /Invalid input/],
  ])('refuses %s with VALIDATION naming the field, and writes nothing', async (_what, input, message) => {
    const res = await call('workloads.createProject', input);
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('VALIDATION');
      expect(res.error.message).toMatch(message);
    }
    expect(workloadCount()).toBe(0);
    expect(emitted).not.toContain('workloads.changed');
  });

  it('lists every problem by field path, for forms to place them', async () => {
    const res = await call('workloads.createProject', { ...validProject, name: '', stages: [{ name: 'OK', port: 0 }] });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect([...new Set(res.error.issues?.map((i) => i.path))].sort()).toEqual(['name', 'stages.0.name', 'stages.0.port']);
    }
  });

  it('answers unknown workload ids with NOT_FOUND for get, rename and delete', async () => {
    for (const [name, input] of [
      ['workloads.get', { id: 'nope' }],
      ['workloads.rename', { id: 'nope', name: 'x' }],
      ['workloads.delete', { id: 'nope' }],
    ] as const) {
      expect(await call(name, input)).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('nope') } });
    }
  });

  it('answers an unknown host with NOT_FOUND', async () => {
    expect(await call('containers.list', { hostId: 'mars' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('workloads.createSite', { hostId: 'mars', name: 'docs' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(workloadCount()).toBe(0);
  });

  it('refuses a call name that is not in the contract', async () => {
    expect(await call('__proto__', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(await call('constructor', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(await call(42, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
  });

  it('refuses a duplicate workload name with CONFLICT and keeps the first', async () => {
    await call('workloads.createSite', { name: 'docs', sourceDir: '/srv/a' });
    expect(await call('workloads.createSite', { name: 'docs', sourceDir: '/srv/b' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(app.services.workloads.list()).toEqual([expect.objectContaining({ name: 'docs', sourceDir: '/srv/a' })]);
  });

  it('renames and deletes through the contract', async () => {
    const created = await call('workloads.createStack', { name: 'Shop', composeProjectName: 'shop' });
    if (!created.ok) throw new Error(created.error.message);
    const id = (created.value as { id: string }).id;
    expect(await call('workloads.rename', { id, name: 'Storefront' })).toMatchObject({ ok: true, value: { name: 'Storefront' } });
    expect(await call('workloads.delete', { id })).toEqual({ ok: true, value: { deleted: true } });
    expect(workloadCount()).toBe(0);
  });

  it('persists settings and refuses an unknown language', async () => {
    expect(await call('settings.update', { language: 'de' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/language/) },
    });
    expect(await call('settings.update', { language: 'ru' })).toMatchObject({ ok: true, value: { language: 'ru' } });
    expect(await call('settings.get', {})).toMatchObject({ ok: true, value: { language: 'ru', resyncIntervalSec: 30 } });
    expect(emitted).toContain('settings.changed');
  });

  it('reports Docker as down with a reason that says what to do', async () => {
    const res = await call('hosts.list', {});
    expect(res).toMatchObject({
      ok: true,
      value: [{ id: 'local', state: 'down', reason: expect.stringMatching(/no Docker socket at \/nonexistent\/docker\.sock/), reasonCode: 'DOCKER_NOT_FOUND' }],
    });
  });
});

describe('image repository validation', () => {
  it.each(['acme/api', 'ghcr.io/acme/api', 'localhost:5000/team/api', 'registry.example.com/a_b/c-d', 'busybox'])('accepts %s', async (repo) => {
    expect((await call('workloads.createProject', { ...validProject, name: `p-${workloadCount()}`, imageRepository: repo })).ok).toBe(true);
  });
  it.each(['acme/api:latest', 'Acme/api', 'acme//api', 'acme/api@sha256:abc', '/api', 'api/'])('refuses %s', async (repo) => {
    expect(await call('workloads.createProject', { ...validProject, imageRepository: repo })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('one message per empty field', () => {
  it('says only "is required" for an empty name, not also that its characters are wrong', async () => {
    const res = await call('workloads.createSite', { name: '' });
    expect(res).toMatchObject({ ok: false, error: { issues: [{ path: 'name', message: 'is required' }] } });
  });
});

describe('boundary gaps', () => {
  it('refuses a site folder that is not an absolute path, and creates nothing', async () => {
    for (const sourceDir of ['site', './site', '../etc', '~/site', 'C:site', '/srv/\0x']) {
      expect(await call('workloads.createSite', { name: 'docs', sourceDir })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', issues: [{ path: 'sourceDir', message: 'must be an absolute folder path' }] },
      });
    }
    expect(workloadCount()).toBe(0);
    const parse = (v: string) => contract.calls['workloads.createSite'].input.safeParse({ name: 'docs', sourceDir: v }).success;
    expect([parse(''), parse('/srv/site'), parse('C:\\sites\\docs'), parse('D:/docs'), parse('\\\\nas\\www')]).toEqual([true, true, true, true, true]);
  });

  it('refuses a relative Docker socket path, accepts an absolute one and a Windows pipe', async () => {
    expect(await call('settings.update', { dockerSocketPath: 'docker.sock' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const parse = (v: string) => contract.calls['settings.update'].input.safeParse({ dockerSocketPath: v }).success;
    expect([parse('/run/user/1000/docker.sock'), parse('//./pipe/docker_engine'), parse('\\\\.\\pipe\\docker_engine'), parse('../x.sock')]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it('refuses env keys that would vanish as object keys', async () => {
    const res = await call('workloads.createProject', { ...validProject, stages: [{ name: 'a', env: JSON.parse('{"__proto__":"x"}') }] });
    expect(res).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(workloadCount()).toBe(0);
  });

  it('ignores a corrupt stored setting and uses the default', async () => {
    app.services.db
      .prepare("INSERT INTO settings (key, value) VALUES ('resyncIntervalSec', '\"often\"') ON CONFLICT(key) DO UPDATE SET value = excluded.value")
      .run();
    expect(app.services.settings.get().resyncIntervalSec).toBe(30);
  });
});

describe('hosts through the contract', () => {
  const ssh = { address: '127.0.0.1', port: 1, username: 'deploy', auth: 'key', privateKeyPath: '/nonexistent/key' };
  it.each([
    ['a key auth without a key file', { ...ssh, privateKeyPath: null }, /ssh\.privateKeyPath: is required with key authentication/],
    ['an address with a space', { ...ssh, address: 'bad host' }, /ssh\.address: must be a host name or an IP address/],
    ['a user name with a slash', { ...ssh, username: 'a/b' }, /ssh\.username/],
    ['a relative remote socket', { ...ssh, socketPath: 'docker.sock' }, /ssh\.socketPath/],
    ['a relative key path', { ...ssh, privateKeyPath: 'id_rsa' }, /ssh\.privateKeyPath: must be an absolute path/],
  ])('refuses %s, saving nothing', async (_what, bad, message) => {
    expect(await call('hosts.add', { name: 'box', ssh: bad })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(message) },
    });
    expect(app.services.hosts.list()).toHaveLength(1);
  });

  it('refuses to change, remove or accept keys for the local host, and unknown ids', async () => {
    expect(await call('hosts.remove', { id: 'local' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await call('hosts.update', { id: 'local', name: 'x' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await call('hosts.acceptHostKey', { id: 'nope', fingerprint: `SHA256:${'a'.repeat(43)}` })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await call('hosts.acceptHostKey', { id: 'local', fingerprint: 'md5:aa' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('refuses to accept a key the host is not offering', async () => {
    const added = await call('hosts.add', { name: 'box', ssh });
    if (!added.ok) throw new Error(added.error.message);
    const id = (added.value as { id: string }).id;
    expect(await call('hosts.acceptHostKey', { id, fingerprint: `SHA256:${'a'.repeat(43)}` })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(app.services.hosts.get(id)?.hostKey).toBeNull();
  });
});
