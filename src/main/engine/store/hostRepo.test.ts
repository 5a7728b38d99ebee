import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore } from '../testing/fixtures';
import type { TestStore } from '../testing/fixtures';
import { HostRepo } from './hostRepo';

let store: TestStore;
afterEach(() => store?.cleanup());

const ssh = { address: 'example.org', port: 22, username: 'deploy', auth: 'key' as const, privateKeyPath: '/home/me/.ssh/id_ed25519', socketPath: '/var/run/docker.sock', exposeSocket: false };
const key = { type: 'ssh-ed25519', fingerprint: `SHA256:${'a'.repeat(43)}` };

describe('HostRepo', () => {
  it('adds an SSH host and reads it back whole', () => {
    store = openTestStore();
    const repo = new HostRepo(store.db);
    const host = repo.add('box', ssh);
    expect(repo.get(host.id)).toEqual({ id: host.id, name: 'box', kind: 'ssh', ssh, hostKey: null });
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
    expect(() => repo.add('box', ssh)).toThrowError(/CONFLICT/);
    expect(() => repo.update('local', 'x', ssh)).toThrowError(/local host/);
    expect(() => repo.remove('local')).toThrowError(/local host/);
    store.workloads.createSite({ hostId: host.id, name: 'docs', sourceDir: '' });
    expect(() => repo.remove(host.id)).toThrowError(/HOST_HAS_WORKLOADS/);
    expect(repo.get(host.id)).toBeDefined();
  });

  it('drops the key path with agent authentication', () => {
    store = openTestStore();
    const repo = new HostRepo(store.db);
    const host = repo.add('box', { ...ssh, auth: 'agent' });
    expect(repo.get(host.id)?.ssh?.privateKeyPath).toBeNull();
  });
});
