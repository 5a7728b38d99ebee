// Saved logins for private image registries, one per registry host. The user name lives in the
// registry_credentials table; the password or token only in the SecretStore (keychain ciphertext,
// else this session's memory). Every pull the app makes asks pullAuth() for its image's registry.
import type { Database, Statement } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { registryHostOf } from '../../../shared/registryHost';
import type { RegistryView } from '../../../shared/types';
import type { SecretStore } from '../store/secretStore';
import { registryAuthHeader } from './registryAuth';
import type { PullAuth, RegistryLogin } from './registryAuth';

interface Row {
  registry: string;
  username: string;
  updated_at: number;
}

export class RegistryCredentials {
  private readonly all: Statement<[], Row>;
  private readonly one: Statement<[string], Row>;
  private readonly upsert: Statement<[string, string, number]>;
  private readonly remove_: Statement<[string]>;

  constructor(
    private readonly db: Database,
    private readonly secrets: SecretStore,
  ) {
    this.all = db.prepare('SELECT registry, username, updated_at FROM registry_credentials ORDER BY registry');
    this.one = db.prepare('SELECT registry, username, updated_at FROM registry_credentials WHERE registry = ?');
    this.upsert = db.prepare(
      'INSERT INTO registry_credentials (registry, username, updated_at) VALUES (?, ?, ?) ON CONFLICT(registry) DO UPDATE SET username = excluded.username, updated_at = excluded.updated_at',
    );
    this.remove_ = db.prepare('DELETE FROM registry_credentials WHERE registry = ?');
  }

  list(): RegistryView[] {
    return this.all.all().map((row) => this.view(row));
  }

  get(registry: string): RegistryView | null {
    const row = this.one.get(registry);
    return row ? this.view(row) : null;
  }

  /**
   * Saves a login. Without a password the known one stays, but only for the same user name: a
   * token belongs to its user, and a new name with an old token is a login that cannot work.
   */
  set(registry: string, username: string, password: string | undefined): RegistryView {
    const current = this.one.get(registry);
    if (password === undefined) {
      if (!current || this.secrets.registryPassword(registry) === null) {
        throw new AppError('VALIDATION', `the password or token for ${registry} is required: none is known in this session.`, undefined, [
          { path: 'password', message: 'is required' },
        ]);
      }
      if (current.username !== username) {
        throw new AppError(
          'VALIDATION',
          `enter the password or token again for the new user name ${username}: the saved one belongs to ${current.username}. Nothing was changed.`,
          undefined,
          [{ path: 'password', message: 'is required for a new user name' }],
        );
      }
    }
    // One transaction: the secret's row hangs off the credentials row, and a keychain that refuses
    // to encrypt must leave the old login whole.
    this.db.transaction(() => {
      this.upsert.run(registry, username, Date.now());
      if (password !== undefined) this.secrets.setRegistryPassword(registry, password);
    })();
    return this.get(registry)!;
  }

  remove(registry: string): void {
    if (!this.one.get(registry)) throw new AppError('NOT_FOUND', `no login is saved for the registry ${registry}.`);
    this.db.transaction(() => {
      this.secrets.forgetRegistryPassword(registry);
      this.remove_.run(registry);
    })();
  }

  /** The full login for a registry, password included; null when none is saved or the password is unknown. */
  login(registry: string): RegistryLogin | null {
    const row = this.one.get(registry);
    if (!row) return null;
    const password = this.secrets.registryPassword(registry);
    return password === null ? null : { registry, username: row.username, password };
  }

  /** The X-Registry-Auth of a pull of `image`, or null to pull anonymously. */
  pullAuth(image: string): PullAuth | null {
    const login = this.login(registryHostOf(image));
    return login ? { registry: login.registry, header: registryAuthHeader(login) } : null;
  }

  private view(row: Row): RegistryView {
    return { registry: row.registry, username: row.username, password: this.secrets.registryPasswordKeeping(row.registry), updatedAt: row.updated_at };
  }
}
