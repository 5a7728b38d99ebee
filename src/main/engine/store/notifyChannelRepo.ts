// The notify_channels table (migration 0017): each channel's settings and its delivery state. The
// credential is not here: the SecretStore keeps it (keychain ciphertext, else this session's memory).
import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { ErrorInfo } from '../../../shared/errors';
import type { NotifyChannelKind, NotifyEventKind, NotifyTarget } from '../../../shared/notify';

export interface NotifyChannelRecord {
  id: string;
  name: string;
  kind: NotifyChannelKind;
  enabled: boolean;
  events: NotifyEventKind[];
  target: NotifyTarget;
  secretHost: string | null;
  lastSuccessAt: number | null;
  lastError: ErrorInfo | null;
  lastErrorAt: number | null;
  createdAt: number;
}

interface Row {
  id: string;
  name: string;
  kind: NotifyChannelKind;
  enabled: number;
  events: string;
  target: string;
  secret_host: string | null;
  last_success_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  created_at: number;
}

export interface ChannelSettings {
  name: string;
  enabled: boolean;
  events: NotifyEventKind[];
  target: NotifyTarget;
  secretHost: string | null;
}

function toRecord(r: Row): NotifyChannelRecord {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    enabled: r.enabled === 1,
    events: JSON.parse(r.events) as NotifyEventKind[],
    target: JSON.parse(r.target) as NotifyTarget,
    secretHost: r.secret_host,
    lastSuccessAt: r.last_success_at,
    lastError: r.last_error === null ? null : (JSON.parse(r.last_error) as ErrorInfo),
    lastErrorAt: r.last_error_at,
    createdAt: r.created_at,
  };
}

export class NotifyChannelRepo {
  private readonly all: Statement<[], Row>;
  private readonly one: Statement<[string], Row>;
  private readonly insert: Statement;
  private readonly update: Statement;
  private readonly remove_: Statement<[string]>;
  private readonly success: Statement<[number, string]>;
  private readonly failure: Statement<[string, number, string]>;

  constructor(private readonly db: Database) {
    this.all = db.prepare('SELECT * FROM notify_channels ORDER BY created_at, rowid');
    this.one = db.prepare('SELECT * FROM notify_channels WHERE id = ?');
    this.insert = db.prepare(`
      INSERT INTO notify_channels (id, name, kind, enabled, events, target, secret_host, created_at)
      VALUES (@id, @name, @kind, @enabled, @events, @target, @secretHost, @createdAt)`);
    // A changed destination starts with a clean state: an old error says nothing about the new one.
    this.update = db.prepare(`
      UPDATE notify_channels SET name = @name, enabled = @enabled, events = @events, target = @target, secret_host = @secretHost,
        last_error = CASE WHEN @reset THEN NULL ELSE last_error END,
        last_error_at = CASE WHEN @reset THEN NULL ELSE last_error_at END
      WHERE id = @id`);
    this.remove_ = db.prepare('DELETE FROM notify_channels WHERE id = ?');
    this.success = db.prepare('UPDATE notify_channels SET last_success_at = ? WHERE id = ?');
    this.failure = db.prepare('UPDATE notify_channels SET last_error = ?, last_error_at = ? WHERE id = ?');
  }

  list(): NotifyChannelRecord[] {
    return this.all.all().map(toRecord);
  }

  get(id: string): NotifyChannelRecord | null {
    const row = this.one.get(id);
    return row ? toRecord(row) : null;
  }

  require(id: string): NotifyChannelRecord {
    const found = this.get(id);
    if (!found) throw new AppError('NOT_FOUND', `there is no notification channel with id ${id}.`, { channel: id });
    return found;
  }

  /**
   * Adds or replaces a channel and, in the same transaction, its secret (`writeSecret` runs inside
   * it: a keychain that refuses to encrypt leaves the channel as it was).
   */
  save(id: string | undefined, settings: ChannelSettings, writeSecret: (channelId: string) => void): NotifyChannelRecord {
    const channelId = id ?? randomUUID();
    this.db.transaction(() => {
      const params = {
        id: channelId,
        name: settings.name,
        kind: settings.target.kind,
        enabled: settings.enabled ? 1 : 0,
        events: JSON.stringify(settings.events),
        target: JSON.stringify(settings.target),
        secretHost: settings.secretHost,
      };
      if (id === undefined) this.insert.run({ ...params, createdAt: Date.now() });
      else {
        const before = this.require(id);
        if (before.kind !== settings.target.kind) {
          throw new AppError('VALIDATION', `a channel keeps its kind (${before.kind}); add a new channel for ${settings.target.kind}.`, { channel: id }, [
            { path: 'target.kind', message: 'cannot change' },
          ]);
        }
        const reset = JSON.stringify(before.target) !== params.target || before.secretHost !== settings.secretHost ? 1 : 0;
        this.update.run({ ...params, reset });
      }
      writeSecret(channelId);
    })();
    return this.require(channelId);
  }

  remove(id: string, forgetSecret: (channelId: string) => void): void {
    this.require(id);
    this.db.transaction(() => {
      forgetSecret(id);
      this.remove_.run(id);
    })();
  }

  /** Delivery state; a channel removed meanwhile is simply not updated. */
  recordSuccess(id: string, at = Date.now()): void {
    this.success.run(at, id);
  }

  recordFailure(id: string, error: ErrorInfo, at = Date.now()): void {
    this.failure.run(JSON.stringify(error), at, id);
  }
}
