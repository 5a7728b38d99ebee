import { afterEach, describe, expect, it } from 'vitest';
import { createTestProject, insertStageRow, openTestStore } from '../testing/fixtures';
import type { TestStore } from '../testing/fixtures';
import { DnsRepo } from './dnsRepo';
import { HostRepo } from './hostRepo';

let store: TestStore;
afterEach(() => store?.cleanup());

const ssh = {
  address: 'example.org',
  port: 22,
  username: 'deploy',
  auth: 'key' as const,
  privateKeyPath: '/home/me/.ssh/id_ed25519',
  socketPath: '/var/run/docker.sock',
  exposeSocket: false,
};
const key = { type: 'ssh-ed25519', fingerprint: `SHA256:${'a'.repeat(43)}` };

describe('HostRepo', () => {
  it('adds an SSH host and reads it back whole', () => {
    store = openTestStore();
    const repo = new HostRepo(store.db);
    const host = repo.add('box', ssh);
    expect(repo.get(host.id)).toEqual({
      id: host.id,
      name: 'box',
      kind: 'ssh',
      ssh,
      hostKey: null,
      proxy: { kind: 'caddy', domain: 'localhost', httpPort: 80, image: 'caddy:2', npm: null },
    });
    expect(repo.list().map((h) => h.kind)).toEqual(['local', 'ssh']);
  });

  it('forgets the accepted key when the address or port changes, keeps it otherwise', () => {
    store = openTestStore();
    const repo = new HostRepo(store.db);
    const host = repo.add('box', ssh);
    repo.pinHostKey(host.id, key);
    expect(repo.update(host.id, 'box2', { ...ssh, username: 'other' })).toMatchObject({ keyForgotten: false, host: { name: 'box2', hostKey: key } });
    expect(repo.update(host.id, 'box2', { ...ssh, port: 2222 })).toMatchObject({ keyForgotten: true, host: { hostKey: null } });
  });

  it('refuses a duplicate name, changes to the local host, and removing a host with workloads', () => {
    store = openTestStore();
    const repo = new HostRepo(store.db);
    const host = repo.add('box', ssh);
    expect(() => repo.add('box', ssh)).toThrowError(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => repo.update('local', 'x', ssh)).toThrowError(/local host/);
    expect(() => repo.remove('local')).toThrowError(/local host/);
    store.workloads.createSite({ hostId: host.id, name: 'docs', sourceDir: '' });
    expect(() => repo.remove(host.id)).toThrowError(
      expect.objectContaining({ code: 'HOST_HAS_WORKLOADS', details: { workloads: [{ name: 'docs', kind: 'site' }] } }),
    );
    expect(repo.get(host.id)).toBeDefined();
  });

  it('refuses to remove a host while DNS records the app created for it exist, which would strand them at the provider', () => {
    store = openTestStore();
    const repo = new HostRepo(store.db);
    const host = repo.add('box', ssh);
    const dns = new DnsRepo(store.db);
    const row = dns.add({
      hostId: host.id,
      ownerKind: 'stage',
      ownerId: 's-gone',
      workloadId: 'w-gone',
      name: 'api.example.com',
      type: 'A',
      value: '192.0.2.1',
    });
    dns.change(row.id, { created: true, state: 'ok', error: null });
    expect(() => repo.remove(host.id)).toThrowError(expect.objectContaining({ code: 'CONFLICT', details: { names: ['api.example.com'] } }));
    expect(repo.get(host.id)).toBeDefined();
    dns.remove(row.id);
    repo.remove(host.id);
    expect(repo.get(host.id)).toBeUndefined();
  });

  it('drops the key path with agent authentication', () => {
    store = openTestStore();
    const repo = new HostRepo(store.db);
    const host = repo.add('box', { ...ssh, auth: 'agent' });
    expect(repo.get(host.id)?.ssh?.privateKeyPath).toBeNull();
  });

  it('saves proxy settings for the local host and SSH hosts alike', () => {
    store = openTestStore();
    const repo = new HostRepo(store.db);
    const npm = {
      kind: 'npm' as const,
      domain: 'apps.example.com',
      httpPort: 80,
      image: 'caddy:2',
      npm: { url: 'http://npm.lan:81', email: 'ops@example.com' },
    };
    expect(repo.setProxy('local', npm).proxy).toEqual(npm);
    const host = repo.add('box', ssh);
    expect(repo.setProxy(host.id, { kind: 'caddy', domain: 'box.example.com', httpPort: 8080, image: 'caddy:2', npm: null }).proxy).toMatchObject({
      kind: 'caddy',
      httpPort: 8080,
    });
    expect(repo.get('local')?.proxy).toEqual(npm);
  });

  it('refuses to change the proxy kind while a container of the host holds a route, and changes nothing', () => {
    store = openTestStore();
    const repo = new HostRepo(store.db);
    const { projectId, stageId } = createTestProject(store.workloads);
    insertStageRow(store.db, { id: 'row-1', projectId, stageId, name: 'api-1', routeId: 'route-1' });
    expect(() => repo.setProxy('local', { kind: 'none', domain: 'localhost', httpPort: 80, image: 'caddy:2', npm: null })).toThrowError(
      /^1 container\(s\) on local are routed through its caddy proxy/,
    );
    expect(repo.get('local')?.proxy.kind).toBe('caddy');
    // The same kind with another domain or port is fine: the proxy reconcile rewrites the routes.
    expect(repo.setProxy('local', { kind: 'caddy', domain: 'apps.example.com', httpPort: 8080, image: 'caddy:2', npm: null }).proxy.domain).toBe(
      'apps.example.com',
    );
    // Once the route is gone, the kind may change.
    store.db.prepare("UPDATE containers SET state = 'missing' WHERE id = 'row-1'").run();
    expect(repo.setProxy('local', { kind: 'none', domain: 'localhost', httpPort: 80, image: 'caddy:2', npm: null }).proxy.kind).toBe('none');
  });
});
