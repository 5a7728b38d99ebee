// Passphrases of SSH keys. Always kept in memory for the session; kept across sessions only when the
// shell provides an OS-keychain cipher (Electron's safeStorage) and the user asked to remember. The
// database only ever holds the keychain's ciphertext. The browser shell has no cipher: it asks again
// each session. The NPM password of a host's proxy and the passwords (tokens) of private image
// registries follow the same rules, each in its own table. Webhook secrets too, with one difference:
// the row exists (with its creation time) even where there is no keychain, so a secret made in an
// earlier session is known to exist but not known, and its deliveries are refused until it is rotated.
import type { Database, Statement } from 'better-sqlite3';
import type { SecretKeeping } from '../../../shared/types';

/** What the Electron shell hands in: safeStorage behind a narrow interface. */
export interface SecretCipher {
  /** False where the OS keychain is unavailable or only the hard-coded `basic_text` backend exists. */
  isAvailable(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(cipher: Buffer): string;
}

export class SecretStore {
  private readonly session = new Map<string, string>();
  private readonly toRemember = new Set<string>();
  private readonly getStmt: Statement<[string], { passphrase_encrypted: Buffer }>;
  private readonly putStmt: Statement<[string, Buffer]>;
  private readonly deleteStmt: Statement<[string]>;
  private readonly npmSession = new Map<string, string>();
  private readonly npmGet: Statement<[string], { npm_password_encrypted: Buffer }>;
  private readonly npmPut: Statement<[string, Buffer]>;
  private readonly npmDelete: Statement<[string]>;
  private readonly registrySession = new Map<string, string>();
  private readonly registryGet: Statement<[string], { password_encrypted: Buffer }>;
  private readonly registryPut: Statement<[string, Buffer]>;
  private readonly registryDelete: Statement<[string]>;
  private readonly stackSession = new Map<string, string>();
  private readonly stackGet: Statement<[string, string], { value_encrypted: Buffer | null }>;
  private readonly stackPut: Statement<[string, string, Buffer | null]>;
  private readonly stackDelete: Statement<[string, string]>;
  private readonly stackKeys: Statement<[string], { key: string }>;
  private readonly webhookSession = new Map<string, string>();
  private readonly webhookGet: Statement<[string], { secret_encrypted: Buffer | null; created_at: number }>;
  private readonly webhookPut: Statement<[string, Buffer | null, number]>;
  private readonly channelSession = new Map<string, string>();
  private readonly channelGet: Statement<[string], { secret_encrypted: Buffer }>;
  private readonly channelPut: Statement<[string, Buffer]>;
  private readonly channelDelete: Statement<[string]>;
  private readonly dnsSession = new Map<string, string>();
  private readonly dnsGet: Statement<[string], { secret_encrypted: Buffer }>;
  private readonly dnsPut: Statement<[string, Buffer]>;
  private readonly dnsDelete: Statement<[string]>;

  constructor(
    private readonly db: Database,
    private readonly cipher: SecretCipher | null,
  ) {
    this.webhookGet = db.prepare('SELECT secret_encrypted, created_at FROM webhook_secrets WHERE workload_id = ?');
    this.webhookPut = db.prepare(
      'INSERT INTO webhook_secrets (workload_id, secret_encrypted, created_at) VALUES (?, ?, ?) ON CONFLICT(workload_id) DO UPDATE SET secret_encrypted = excluded.secret_encrypted, created_at = excluded.created_at',
    );
    this.getStmt = db.prepare('SELECT passphrase_encrypted FROM host_secrets WHERE host_id = ?');
    this.putStmt = db.prepare(
      'INSERT INTO host_secrets (host_id, passphrase_encrypted) VALUES (?, ?) ON CONFLICT(host_id) DO UPDATE SET passphrase_encrypted = excluded.passphrase_encrypted',
    );
    this.deleteStmt = db.prepare('DELETE FROM host_secrets WHERE host_id = ?');
    this.npmGet = db.prepare('SELECT npm_password_encrypted FROM host_proxy_secrets WHERE host_id = ?');
    this.npmPut = db.prepare(
      'INSERT INTO host_proxy_secrets (host_id, npm_password_encrypted) VALUES (?, ?) ON CONFLICT(host_id) DO UPDATE SET npm_password_encrypted = excluded.npm_password_encrypted',
    );
    this.npmDelete = db.prepare('DELETE FROM host_proxy_secrets WHERE host_id = ?');
    this.registryGet = db.prepare('SELECT password_encrypted FROM registry_secrets WHERE registry = ?');
    this.registryPut = db.prepare(
      'INSERT INTO registry_secrets (registry, password_encrypted) VALUES (?, ?) ON CONFLICT(registry) DO UPDATE SET password_encrypted = excluded.password_encrypted',
    );
    this.registryDelete = db.prepare('DELETE FROM registry_secrets WHERE registry = ?');
    this.stackGet = db.prepare('SELECT value_encrypted FROM stack_secrets WHERE workload_id = ? AND key = ?');
    this.stackPut = db.prepare(
      'INSERT INTO stack_secrets (workload_id, key, value_encrypted) VALUES (?, ?, ?) ON CONFLICT(workload_id, key) DO UPDATE SET value_encrypted = excluded.value_encrypted',
    );
    this.stackDelete = db.prepare('DELETE FROM stack_secrets WHERE workload_id = ? AND key = ?');
    this.stackKeys = db.prepare('SELECT key FROM stack_secrets WHERE workload_id = ? ORDER BY key');
    this.channelGet = db.prepare('SELECT secret_encrypted FROM notify_channel_secrets WHERE channel_id = ?');
    this.channelPut = db.prepare(
      'INSERT INTO notify_channel_secrets (channel_id, secret_encrypted) VALUES (?, ?) ON CONFLICT(channel_id) DO UPDATE SET secret_encrypted = excluded.secret_encrypted',
    );
    this.channelDelete = db.prepare('DELETE FROM notify_channel_secrets WHERE channel_id = ?');
    this.dnsGet = db.prepare('SELECT secret_encrypted FROM host_dns_secrets WHERE host_id = ?');
    this.dnsPut = db.prepare(
      'INSERT INTO host_dns_secrets (host_id, secret_encrypted) VALUES (?, ?) ON CONFLICT(host_id) DO UPDATE SET secret_encrypted = excluded.secret_encrypted',
    );
    this.dnsDelete = db.prepare('DELETE FROM host_dns_secrets WHERE host_id = ?');
  }

  /** A notification channel's credential: this session's, else the keychain's; null when unknown. */
  channelSecret(channelId: string): string | null {
    const known = this.channelSession.get(channelId);
    if (known !== undefined) return known;
    if (!this.canRemember()) return null;
    const row = this.channelGet.get(channelId);
    if (!row) return null;
    try {
      const plain = this.cipher!.decrypt(row.secret_encrypted);
      this.channelSession.set(channelId, plain);
      return plain;
    } catch {
      return null;
    }
  }

  /**
   * Like the NPM password: the keychain when there is a real one, else this session only. The
   * channel's row must exist (it owns the secret's row and takes it along when removed).
   */
  setChannelSecret(channelId: string, secret: string): void {
    if (this.canRemember()) this.channelPut.run(channelId, this.cipher!.encrypt(secret));
    else this.channelDelete.run(channelId);
    this.channelSession.set(channelId, secret);
  }

  channelSecretKeeping(channelId: string): SecretKeeping {
    if (this.canRemember() && this.channelGet.get(channelId)) return 'keychain';
    return this.channelSession.has(channelId) ? 'session' : 'none';
  }

  forgetChannelSecret(channelId: string): void {
    this.channelSession.delete(channelId);
    this.channelDelete.run(channelId);
  }

  /**
   * A workload's webhook secret: `none` when never made, `unknown` when made in an earlier session
   * without a keychain (or the keychain cannot open it), else the secret and when it was made.
   */
  webhookSecret(workloadId: string): { state: 'none' } | { state: 'unknown'; createdAt: number } | { state: 'known'; secret: string; createdAt: number } {
    const row = this.webhookGet.get(workloadId);
    if (!row) return { state: 'none' };
    const known = this.webhookSession.get(workloadId);
    if (known !== undefined) return { state: 'known', secret: known, createdAt: row.created_at };
    if (!row.secret_encrypted || !this.canRemember()) return { state: 'unknown', createdAt: row.created_at };
    try {
      const plain = this.cipher!.decrypt(row.secret_encrypted);
      this.webhookSession.set(workloadId, plain);
      return { state: 'known', secret: plain, createdAt: row.created_at };
    } catch {
      return { state: 'unknown', createdAt: row.created_at };
    }
  }

  /** Where a webhook secret is kept, for the UI (never the secret itself). */
  webhookSecretKeeping(workloadId: string): SecretKeeping {
    if (this.canRemember() && this.webhookGet.get(workloadId)?.secret_encrypted) return 'keychain';
    return this.webhookSession.has(workloadId) && this.webhookGet.get(workloadId) ? 'session' : 'none';
  }

  /**
   * Replaces a workload's webhook secret in one transaction with \`alongside\` (the caller's other
   * writes, such as its log line): a crash anywhere inside leaves the old secret, all of it. The
   * keychain encrypts before the transaction opens (it may refuse); this session's copy changes
   * only once the transaction committed.
   */
  rotateWebhookSecret(workloadId: string, secret: string, createdAt: number, alongside: () => void): void {
    const sealed = this.canRemember() ? this.cipher!.encrypt(secret) : null;
    this.db.transaction(() => {
      this.webhookPut.run(workloadId, sealed, createdAt);
      alongside();
    })();
    this.webhookSession.set(workloadId, secret);
  }

  /** A host's DNS credential (the TSIG secret or the Cloudflare API token): this session's, else the keychain's; null when unknown. */
  dnsSecret(hostId: string): string | null {
    const known = this.dnsSession.get(hostId);
    if (known !== undefined) return known;
    if (!this.canRemember()) return null;
    const row = this.dnsGet.get(hostId);
    if (!row) return null;
    try {
      const plain = this.cipher!.decrypt(row.secret_encrypted);
      this.dnsSession.set(hostId, plain);
      return plain;
    } catch {
      return null;
    }
  }

  /** Like the NPM password: the keychain when there is a real one, else this session only. */
  setDnsSecret(hostId: string, secret: string): void {
    if (this.canRemember()) this.dnsPut.run(hostId, this.cipher!.encrypt(secret));
    else this.dnsDelete.run(hostId);
    this.dnsSession.set(hostId, secret);
  }

  dnsSecretKeeping(hostId: string): SecretKeeping {
    if (this.canRemember() && this.dnsGet.get(hostId)) return 'keychain';
    return this.dnsSession.has(hostId) ? 'session' : 'none';
  }

  forgetDnsSecret(hostId: string): void {
    this.dnsSession.delete(hostId);
    this.dnsDelete.run(hostId);
  }

  /** The secret `.env` keys of a stack, whether or not their values are known this session. */
  stackSecretKeys(workloadId: string): string[] {
    return this.stackKeys.all(workloadId).map((r) => r.key);
  }

  /** A stack's secret value: this session's, else the keychain's; null when unknown. */
  stackSecret(workloadId: string, key: string): string | null {
    const id = `${workloadId}\0${key}`;
    const known = this.stackSession.get(id);
    if (known !== undefined) return known;
    const row = this.stackGet.get(workloadId, key);
    if (!row?.value_encrypted || !this.canRemember()) return null;
    try {
      const plain = this.cipher!.decrypt(row.value_encrypted);
      this.stackSession.set(id, plain);
      return plain;
    } catch {
      return null;
    }
  }

  /**
   * Keeps a stack's secret for the session, and in the keychain when there is a real one; without
   * one only the key is written (so the page can say the value must be given again next session).
   */
  setStackSecret(workloadId: string, key: string, value: string): void {
    this.stackPut.run(workloadId, key, this.canRemember() ? this.cipher!.encrypt(value) : null);
    this.stackSession.set(`${workloadId}\0${key}`, value);
  }

  stackSecretKeeping(workloadId: string, key: string): SecretKeeping {
    if (this.canRemember() && this.stackGet.get(workloadId, key)?.value_encrypted) return 'keychain';
    return this.stackSession.has(`${workloadId}\0${key}`) ? 'session' : 'none';
  }

  forgetStackSecret(workloadId: string, key: string): void {
    this.stackSession.delete(`${workloadId}\0${key}`);
    this.stackDelete.run(workloadId, key);
  }

  /** A registry's password or token: this session's, else the keychain's; null when unknown. */
  registryPassword(registry: string): string | null {
    const known = this.registrySession.get(registry);
    if (known !== undefined) return known;
    if (!this.canRemember()) return null;
    const row = this.registryGet.get(registry);
    if (!row) return null;
    try {
      const plain = this.cipher!.decrypt(row.password_encrypted);
      this.registrySession.set(registry, plain);
      return plain;
    } catch {
      return null;
    }
  }

  /**
   * Like the NPM password: the keychain when there is a real one, else this session only. The
   * registry's row must exist (its credentials row owns the secret and takes it along when removed).
   */
  setRegistryPassword(registry: string, password: string): void {
    if (this.canRemember()) this.registryPut.run(registry, this.cipher!.encrypt(password));
    else this.registryDelete.run(registry);
    this.registrySession.set(registry, password);
  }

  /** Where a registry's password is kept now, for the UI (never the password itself). */
  registryPasswordKeeping(registry: string): SecretKeeping {
    if (this.canRemember() && this.registryGet.get(registry)) return 'keychain';
    return this.registrySession.has(registry) ? 'session' : 'none';
  }

  forgetRegistryPassword(registry: string): void {
    this.registrySession.delete(registry);
    this.registryDelete.run(registry);
  }

  /** The NPM password of a host's proxy: this session's, else the keychain's; null when unknown. */
  npmPassword(hostId: string): string | null {
    const known = this.npmSession.get(hostId);
    if (known !== undefined) return known;
    if (!this.canRemember()) return null;
    const row = this.npmGet.get(hostId);
    if (!row) return null;
    try {
      const plain = this.cipher!.decrypt(row.npm_password_encrypted);
      this.npmSession.set(hostId, plain);
      return plain;
    } catch {
      return null;
    }
  }

  /**
   * Keeps the NPM password for the session, and in the keychain when there is a real one. Without
   * one (the browser shell, Linux's basic_text) nothing is written: the user gives it again next
   * session rather than have it stored under a key that protects nothing.
   */
  setNpmPassword(hostId: string, password: string): void {
    // Encrypt before anything is kept: a keychain that refuses leaves the old password in place.
    if (this.canRemember()) this.npmPut.run(hostId, this.cipher!.encrypt(password));
    else this.npmDelete.run(hostId);
    this.npmSession.set(hostId, password);
  }

  /** Where the NPM password is kept now, for the UI (never the password itself). */
  npmPasswordKeeping(hostId: string): SecretKeeping {
    if (this.canRemember() && this.npmGet.get(hostId)) return 'keychain';
    return this.npmSession.has(hostId) ? 'session' : 'none';
  }

  forgetNpmPassword(hostId: string): void {
    this.npmSession.delete(hostId);
    this.npmDelete.run(hostId);
  }

  /** Whether `remember` can be honoured in this shell. */
  canRemember(): boolean {
    return this.cipher?.isAvailable() ?? false;
  }

  passphrase(hostId: string): string | null {
    const known = this.session.get(hostId);
    if (known !== undefined) return known;
    if (!this.canRemember()) return null;
    const row = this.getStmt.get(hostId);
    if (!row) return null;
    try {
      const plain = this.cipher!.decrypt(row.passphrase_encrypted);
      this.session.set(hostId, plain);
      return plain;
    } catch {
      // The keychain changed (another user, a reinstalled OS): ask again.
      return null;
    }
  }

  /**
   * Keeps the passphrase for the session. With `remember`, it is written to the keychain only once
   * a connection proved it right (confirmRemember), so a mistyped one is never stored.
   */
  setPassphrase(hostId: string, passphrase: string, remember: boolean): void {
    this.session.set(hostId, passphrase);
    this.deleteStmt.run(hostId);
    if (remember && this.canRemember()) this.toRemember.add(hostId);
    else this.toRemember.delete(hostId);
  }

  pendingRemember(hostId: string): boolean {
    return this.toRemember.has(hostId);
  }

  /** The passphrase opened the key and the host connected: keep it across sessions. */
  confirmRemember(hostId: string): void {
    const passphrase = this.session.get(hostId);
    this.toRemember.delete(hostId);
    if (passphrase !== undefined && this.canRemember()) this.putStmt.run(hostId, this.cipher!.encrypt(passphrase));
  }

  forget(hostId: string): void {
    this.forgetNpmPassword(hostId);
    this.forgetDnsSecret(hostId);
    this.session.delete(hostId);
    this.toRemember.delete(hostId);
    this.deleteStmt.run(hostId);
  }
}
