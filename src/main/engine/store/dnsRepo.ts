// A host's DNS settings (host_dns) and the records the app manages (dns_records), migration 0018.
// The secret is not here (secretStore.ts). A row in dns_records is the only proof that the app
// created a record: nothing else may be changed or removed at the provider.
import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { DnsRecordState, DnsRecordView, TsigAlgorithmName } from '../../../shared/dns';
import type { ErrorInfo } from '../../../shared/errors';

export type DnsSettingsRecord =
  | { kind: 'rfc2136'; ipv4: string | null; ipv6: string | null; zone: string; server: string; port: number; keyName: string; algorithm: TsigAlgorithmName }
  | { kind: 'cloudflare'; ipv4: string | null; ipv6: string | null; zone: string };

interface SettingsRow {
  kind: 'rfc2136' | 'cloudflare';
  ipv4: string | null;
  ipv6: string | null;
  zone: string;
  server_host: string | null;
  server_port: number | null;
  key_name: string | null;
  key_algorithm: TsigAlgorithmName | null;
}

interface RecordRow {
  id: string;
  host_id: string;
  owner_kind: 'stage' | 'site';
  owner_id: string;
  workload_id: string;
  name: string;
  type: 'A' | 'AAAA';
  value: string;
  provider_id: string | null;
  created: number;
  state: DnsRecordState;
  observed: string | null;
  error: string | null;
  checked_at: number | null;
}

export interface DnsRecordRow extends DnsRecordView {
  providerId: string | null;
}

/** A stage or site that has been deployed at least once: the owners that get a record. */
export interface DnsOwner {
  ownerKind: 'stage' | 'site';
  ownerId: string;
  workloadId: string;
  workloadName: string;
  /** The stage's name; null for a site. */
  stageName: string | null;
  subdomain: string | null;
  /** The stage's routed port (no port: no route, so no name); always 0 for a site. */
  port: number | null;
}

function toView(r: RecordRow): DnsRecordRow {
  return {
    id: r.id,
    hostId: r.host_id,
    ownerKind: r.owner_kind,
    ownerId: r.owner_id,
    workloadId: r.workload_id,
    name: r.name,
    type: r.type,
    value: r.value,
    created: r.created === 1,
    state: r.state,
    observed: r.observed === null ? null : (JSON.parse(r.observed) as string[]),
    error: r.error === null ? null : (JSON.parse(r.error) as ErrorInfo),
    checkedAt: r.checked_at,
    providerId: r.provider_id,
  };
}

export interface RecordChange {
  name?: string;
  value?: string;
  providerId?: string | null;
  created?: boolean;
  state: DnsRecordState;
  observed?: string[] | null;
  error: ErrorInfo | null;
  checkedAt?: number;
}

export class DnsRepo {
  private readonly s: Record<
    'getSettings' | 'putSettings' | 'deleteSettings' | 'list' | 'get' | 'insert' | 'update' | 'remove' | 'owners' | 'createdCount',
    Statement
  >;

  constructor(private readonly db: Database) {
    this.s = {
      getSettings: db.prepare('SELECT * FROM host_dns WHERE host_id = ?'),
      putSettings: db.prepare(`
        INSERT INTO host_dns (host_id, kind, ipv4, ipv6, zone, server_host, server_port, key_name, key_algorithm)
        VALUES (@hostId, @kind, @ipv4, @ipv6, @zone, @server, @port, @keyName, @algorithm)
        ON CONFLICT(host_id) DO UPDATE SET kind = excluded.kind, ipv4 = excluded.ipv4, ipv6 = excluded.ipv6, zone = excluded.zone,
          server_host = excluded.server_host, server_port = excluded.server_port, key_name = excluded.key_name, key_algorithm = excluded.key_algorithm`),
      deleteSettings: db.prepare('DELETE FROM host_dns WHERE host_id = ?'),
      list: db.prepare('SELECT * FROM dns_records WHERE host_id = ? ORDER BY name, type'),
      get: db.prepare('SELECT * FROM dns_records WHERE id = ?'),
      insert: db.prepare(`
        INSERT INTO dns_records (id, host_id, owner_kind, owner_id, workload_id, name, type, value, state, created_at)
        VALUES (@id, @hostId, @ownerKind, @ownerId, @workloadId, @name, @type, @value, 'pending', @now)`),
      update: db.prepare(`
        UPDATE dns_records SET name = @name, value = @value, provider_id = @providerId, created = @created, state = @state,
          observed = @observed, error = @error, checked_at = @checkedAt
        WHERE id = @id`),
      remove: db.prepare('DELETE FROM dns_records WHERE id = ?'),
      owners: db.prepare(`
        SELECT 'stage' AS ownerKind, st.id AS ownerId, w.id AS workloadId, w.name AS workloadName, st.name AS stageName, st.subdomain, st.port
        FROM stages st JOIN workloads w ON w.id = st.project_id
        WHERE w.host_id = @hostId AND EXISTS (SELECT 1 FROM deploys d WHERE d.target_key = st.id AND d.status = 'succeeded')
        UNION ALL
        SELECT 'site', w.id, w.id, w.name, NULL, ss.subdomain, 0
        FROM static_sites ss JOIN workloads w ON w.id = ss.workload_id
        WHERE w.host_id = @hostId AND EXISTS (SELECT 1 FROM deploys d WHERE d.target_key = w.id AND d.status = 'succeeded')`),
      createdCount: db.prepare('SELECT COUNT(*) AS n FROM dns_records WHERE host_id = ? AND created = 1'),
    };
  }

  settings(hostId: string): DnsSettingsRecord | null {
    const r = this.s.getSettings.get(hostId) as SettingsRow | undefined;
    if (!r) return null;
    if (r.kind === 'cloudflare') return { kind: 'cloudflare', ipv4: r.ipv4, ipv6: r.ipv6, zone: r.zone };
    return {
      kind: 'rfc2136',
      ipv4: r.ipv4,
      ipv6: r.ipv6,
      zone: r.zone,
      server: r.server_host ?? '',
      port: r.server_port ?? 53,
      keyName: r.key_name ?? '',
      algorithm: r.key_algorithm ?? 'hmac-sha256',
    };
  }

  /** Saves the settings (null: no DNS provider). */
  setSettings(hostId: string, settings: DnsSettingsRecord | null): void {
    if (!settings) {
      this.s.deleteSettings.run(hostId);
      return;
    }
    this.s.putSettings.run({
      hostId,
      kind: settings.kind,
      ipv4: settings.ipv4,
      ipv6: settings.ipv6,
      zone: settings.zone,
      server: settings.kind === 'rfc2136' ? settings.server : null,
      port: settings.kind === 'rfc2136' ? settings.port : null,
      keyName: settings.kind === 'rfc2136' ? settings.keyName : null,
      algorithm: settings.kind === 'rfc2136' ? settings.algorithm : null,
    });
  }

  list(hostId: string): DnsRecordRow[] {
    return (this.s.list.all(hostId) as RecordRow[]).map(toView);
  }

  get(id: string): DnsRecordRow | undefined {
    const r = this.s.get.get(id) as RecordRow | undefined;
    return r ? toView(r) : undefined;
  }

  /** A record the app wants and has not created yet (state pending). */
  add(record: Pick<DnsRecordView, 'hostId' | 'ownerKind' | 'ownerId' | 'workloadId' | 'name' | 'type' | 'value'>): DnsRecordRow {
    const id = randomUUID();
    this.s.insert.run({ id, ...record, now: Date.now() });
    return this.get(id)!;
  }

  change(id: string, change: RecordChange): DnsRecordRow {
    const before = this.get(id);
    if (!before) throw new Error(`dns record ${id} is gone`);
    this.s.update.run({
      id,
      name: change.name ?? before.name,
      value: change.value ?? before.value,
      providerId: change.providerId === undefined ? before.providerId : change.providerId,
      created: (change.created ?? before.created) ? 1 : 0,
      state: change.state,
      observed:
        change.observed === undefined
          ? before.observed === null
            ? null
            : JSON.stringify(before.observed)
          : change.observed === null
            ? null
            : JSON.stringify(change.observed),
      error: change.error === null ? null : JSON.stringify(change.error),
      checkedAt: change.checkedAt ?? before.checkedAt,
    });
    return this.get(id)!;
  }

  remove(id: string): void {
    this.s.remove.run(id);
  }

  /** The stages and sites of the host deployed at least once (a succeeded deploy). */
  owners(hostId: string): DnsOwner[] {
    return this.s.owners.all({ hostId }) as DnsOwner[];
  }

  /** How many records of the host the app created and still holds. */
  createdCount(hostId: string): number {
    return (this.s.createdCount.get(hostId) as { n: number }).n;
  }
}
