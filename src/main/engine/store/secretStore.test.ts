import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './db';
import { HostRepo } from './hostRepo';
import { SecretStore } from './secretStore';
import type { SecretCipher } from './secretStore';
import { openTestStore } from '../testing/fixtures';
import type { TestStore } from '../testing/fixtures';

let store: TestStore;
afterEach(() => store?.cleanup());

const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
const cipher: SecretCipher = { isAvailable: () => true, encrypt: (p) => xor(Buffer.from(p)), decrypt: (c) => xor(c).toString() };
const ssh = {
  address: 'example.org',
  port: 22,
  username: 'deploy',
  auth: 'key' as const,
  privateKeyPath: '/k',
  socketPath: '/var/run/docker.sock',
  exposeSocket: false,
};

describe('SecretStore', () => {
  it('keeps a remembered passphrase only as the keychain ciphertext, and reads it back next session', () => {
    store = openTestStore();
    const host = new HostRepo(store.db).add('box', ssh);
    const secrets = new SecretStore(store.db, cipher);
    secrets.setPassphrase(host.id, 'hunter2', true);
    // Not before it has been proved right by a connection.
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM host_secrets').get()).toEqual({ n: 0 });
    expect(secrets.pendingRemember(host.id)).toBe(true);
    secrets.confirmRemember(host.id);
    const raw = store.db.prepare('SELECT passphrase_encrypted FROM host_secrets').get() as { passphrase_encrypted: Buffer };
    expect(raw.passphrase_encrypted.toString()).not.toContain('hunter2');
    store.db.close();
    const reopened = openDatabase(store.file);
    expect(new SecretStore(reopened, cipher).passphrase(host.id)).toBe('hunter2');
    expect(new SecretStore(reopened, null).passphrase(host.id)).toBeNull();
    reopened.close();
  });

  it('keeps it for the session only without a keychain, or when not asked to remember', () => {
    store = openTestStore();
    const host = new HostRepo(store.db).add('box', ssh);
    const noKeychain = new SecretStore(store.db, null);
    noKeychain.setPassphrase(host.id, 'hunter2', true);
    expect(noKeychain.passphrase(host.id)).toBe('hunter2');
    new SecretStore(store.db, cipher).setPassphrase(host.id, 'other', false);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM host_secrets').get()).toEqual({ n: 0 });
  });

  it('forgets, and asks again when the keychain cannot decrypt', () => {
    store = openTestStore();
    const host = new HostRepo(store.db).add('box', ssh);
    const first = new SecretStore(store.db, cipher);
    first.setPassphrase(host.id, 'hunter2', true);
    first.confirmRemember(host.id);
    const broken: SecretCipher = {
      ...cipher,
      decrypt: () => {
        throw new Error('keychain changed');
      },
    };
    expect(new SecretStore(store.db, broken).passphrase(host.id)).toBeNull();
    const s = new SecretStore(store.db, cipher);
    s.forget(host.id);
    expect(s.passphrase(host.id)).toBeNull();
  });

  it('keeps the NPM password as keychain ciphertext only, and reads it back next session', () => {
    store = openTestStore();
    const secrets = new SecretStore(store.db, cipher);
    secrets.setNpmPassword('local', 'npm-s3cret');
    const raw = store.db.prepare('SELECT npm_password_encrypted FROM host_proxy_secrets').get() as { npm_password_encrypted: Buffer };
    expect(raw.npm_password_encrypted.toString()).not.toContain('npm-s3cret');
    expect(secrets.npmPasswordKeeping('local')).toBe('keychain');
    store.db.close();
    const reopened = openDatabase(store.file);
    expect(new SecretStore(reopened, cipher).npmPassword('local')).toBe('npm-s3cret');
    reopened.close();
  });

  it('writes no NPM password at all under basic_text or in the browser shell: session only', () => {
    store = openTestStore();
    const basicText: SecretCipher = { ...cipher, isAvailable: () => false };
    for (const c of [basicText, null]) {
      const secrets = new SecretStore(store.db, c);
      secrets.setNpmPassword('local', 'npm-s3cret');
      expect(secrets.npmPassword('local')).toBe('npm-s3cret');
      expect(secrets.npmPasswordKeeping('local')).toBe('session');
      expect(store.db.prepare('SELECT COUNT(*) AS n FROM host_proxy_secrets').get()).toEqual({ n: 0 });
      // A new session (a new store over the same file) does not know it.
      expect(new SecretStore(store.db, c).npmPassword('local')).toBeNull();
    }
  });

  it('drops the NPM password with the host', () => {
    store = openTestStore();
    const host = new HostRepo(store.db).add('box', ssh);
    const secrets = new SecretStore(store.db, cipher);
    secrets.setNpmPassword(host.id, 'npm-s3cret');
    secrets.forget(host.id);
    expect(secrets.npmPassword(host.id)).toBeNull();
    expect(secrets.npmPasswordKeeping(host.id)).toBe('none');
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM host_proxy_secrets').get()).toEqual({ n: 0 });
  });
});
