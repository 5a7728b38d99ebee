// The saved logins: the password goes only to the SecretStore (keychain ciphertext or session
// memory), views never carry it, and a pull finds the login of its image's registry.
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { openDatabase } from '../store/db';
import { SecretStore } from '../store/secretStore';
import type { SecretCipher } from '../store/secretStore';
import { openTestStore } from '../testing/fixtures';
import type { TestStore } from '../testing/fixtures';
import { RegistryCredentials } from './registryCredentials';
import { describeLoginFailure } from './registryTest';

let store: TestStore;
afterEach(() => store?.cleanup());

const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
const keychain: SecretCipher = { isAvailable: () => true, encrypt: (p) => xor(Buffer.from(p)), decrypt: (c) => xor(c).toString() };
const PASSWORD = 'ghp_n0t-a-real-token';

const decodeHeader = (header: string) => JSON.parse(Buffer.from(header.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString()) as Record<string, string>;

describe('RegistryCredentials', () => {
  it('keeps the password as keychain ciphertext only, and reads it back next session', () => {
    store = openTestStore();
    const registries = new RegistryCredentials(store.db, new SecretStore(store.db, keychain));
    const view = registries.set('ghcr.io', 'octo', PASSWORD);
    expect(view).toMatchObject({ registry: 'ghcr.io', username: 'octo', password: 'keychain' });
    expect(JSON.stringify(view)).not.toContain(PASSWORD);
    const raw = store.db.prepare('SELECT password_encrypted FROM registry_secrets').get() as { password_encrypted: Buffer };
    expect(raw.password_encrypted.toString()).not.toContain(PASSWORD);
    store.db.close();
    const reopened = openDatabase(store.file);
    expect(new RegistryCredentials(reopened, new SecretStore(reopened, keychain)).login('ghcr.io')).toEqual({
      registry: 'ghcr.io',
      username: 'octo',
      password: PASSWORD,
    });
    // Without the keychain the ciphertext is useless: the login is unknown, and the view says so.
    const noKeychain = new RegistryCredentials(reopened, new SecretStore(reopened, null));
    expect(noKeychain.login('ghcr.io')).toBeNull();
    expect(noKeychain.list()).toEqual([expect.objectContaining({ registry: 'ghcr.io', password: 'none' })]);
    reopened.close();
  });

  it('writes nothing secret without a keychain (browser shell): the session keeps it', () => {
    store = openTestStore();
    const registries = new RegistryCredentials(store.db, new SecretStore(store.db, null));
    expect(registries.set('127.0.0.1:5001', 'tinyforge-test', PASSWORD).password).toBe('session');
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM registry_secrets').get()).toEqual({ n: 0 });
    expect(registries.login('127.0.0.1:5001')?.password).toBe(PASSWORD);
  });

  it("gives a pull the login of its image's registry, Docker Hub included, and none for another registry", () => {
    store = openTestStore();
    const registries = new RegistryCredentials(store.db, new SecretStore(store.db, null));
    registries.set('docker.io', 'hubuser', 'hub-token');
    registries.set('ghcr.io', 'octo', PASSWORD);
    const hub = registries.pullAuth('acme/private:1');
    expect(hub?.registry).toBe('docker.io');
    expect(decodeHeader(hub!.header)).toEqual({ username: 'hubuser', password: 'hub-token', serveraddress: 'https://index.docker.io/v1/' });
    expect(decodeHeader(registries.pullAuth('ghcr.io/acme/api@sha256:' + 'b'.repeat(64))!.header)).toMatchObject({
      username: 'octo',
      serveraddress: 'ghcr.io',
    });
    expect(registries.pullAuth('registry.gitlab.com/acme/api:1')).toBeNull();
  });

  it('keeps the known password when none is given, for the same user name only', () => {
    store = openTestStore();
    const registries = new RegistryCredentials(store.db, new SecretStore(store.db, null));
    expect(() => registries.set('ghcr.io', 'octo', undefined)).toThrow(/password or token for ghcr\.io is required/);
    registries.set('ghcr.io', 'octo', PASSWORD);
    expect(registries.set('ghcr.io', 'octo', undefined).username).toBe('octo');
    expect(registries.login('ghcr.io')?.password).toBe(PASSWORD);
    let refused: unknown;
    try {
      registries.set('ghcr.io', 'someone-else', undefined);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).issues).toEqual([{ path: 'password', message: 'is required for a new user name' }]);
    expect(registries.get('ghcr.io')?.username).toBe('octo');
  });

  it('a keychain that refuses to encrypt leaves the old login whole', () => {
    store = openTestStore();
    let broken = false;
    const flaky: SecretCipher = {
      ...keychain,
      encrypt: (p) =>
        broken
          ? (() => {
              throw new Error('keychain locked');
            })()
          : keychain.encrypt(p),
    };
    const registries = new RegistryCredentials(store.db, new SecretStore(store.db, flaky));
    registries.set('ghcr.io', 'octo', PASSWORD);
    broken = true;
    expect(() => registries.set('ghcr.io', 'octo2', 'other')).toThrow(/keychain locked/);
    expect(registries.login('ghcr.io')).toEqual({ registry: 'ghcr.io', username: 'octo', password: PASSWORD });
  });

  it('removes the login with its secret, and says NOT_FOUND for one never saved', () => {
    store = openTestStore();
    const registries = new RegistryCredentials(store.db, new SecretStore(store.db, keychain));
    registries.set('ghcr.io', 'octo', PASSWORD);
    registries.remove('ghcr.io');
    expect(registries.list()).toEqual([]);
    expect(registries.login('ghcr.io')).toBeNull();
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM registry_secrets').get()).toEqual({ n: 0 });
    expect(() => registries.remove('ghcr.io')).toThrow(/^no login is saved for the registry ghcr\.io/);
  });
});

describe('registries.set input', () => {
  const schema = contract.calls['registries.set'].input;
  it('folds the host to the spelling pulls look up', () => {
    expect(schema.parse({ registry: ' GHCR.io ', username: 'octo', password: 'x' }).registry).toBe('ghcr.io');
    expect(schema.parse({ registry: 'index.docker.io', username: 'octo', password: 'x' }).registry).toBe('docker.io');
    expect(schema.parse({ registry: 'localhost:5000', username: 'octo' }).registry).toBe('localhost:5000');
  });

  it('refuses a scheme, a path, a Docker Hub namespace and a user name that would break basic auth', () => {
    const issue = (input: object) =>
      schema.safeParse({ username: 'octo', password: 'x', ...input }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issue({ registry: 'https://ghcr.io' })).toEqual([
      'registry: must be a registry host such as ghcr.io or registry.example.com:5000 (no scheme, user or path)',
    ]);
    expect(issue({ registry: 'ghcr.io/acme' })).toHaveLength(1);
    expect(issue({ registry: 'acme' })).toEqual(['registry: must have a dot or a port (ghcr.io, myregistry:5000), as Docker reads an image reference']);
    expect(issue({ registry: 'ghcr.io', username: 'a:b' })).toEqual(['username: must be a user name without spaces or colons']);
    expect(issue({ registry: 'ghcr.io', password: '' })).toEqual(['password: is required']);
  });
});

describe('describeLoginFailure', () => {
  it("reads dockerd's refusal as REGISTRY_AUTH_FAILED and a dead address as REGISTRY_UNREACHABLE", () => {
    expect(describeLoginFailure('127.0.0.1:5001', 'login attempt to http://127.0.0.1:5001/v2/ failed with status: 401 Unauthorized').code).toBe(
      'REGISTRY_AUTH_FAILED',
    );
    expect(describeLoginFailure('127.0.0.1:1', 'Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused').code).toBe(
      'REGISTRY_UNREACHABLE',
    );
    expect(describeLoginFailure('docker.io', 'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host').message).toContain(
      'Docker Hub (docker.io)',
    );
  });
});
