// The hosts table. The `local` host exists from the first migration; SSH hosts carry how to log in
// and the pinned host key. Secrets are not here (see secretStore.ts).
import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { HostKey, HostKind, ProxyKind, ProxySettings, SshSettings } from '../../../shared/types';

export interface HostRecord {
  id: string;
  name: string;
  kind: HostKind;
  ssh: SshSettings | null;
  hostKey: HostKey | null;
  proxy: ProxySettings;
}

interface HostRow {
  id: string;
  name: string;
  kind: HostKind;
  address: string | null;
  port: number | null;
  username: string | null;
  socket_path: string | null;
  auth: 'key' | 'agent' | null;
  private_key_path: string | null;
  expose_socket: number;
  host_key_type: string | null;
  host_key_fingerprint: string | null;
  proxy_kind: ProxyKind;
  proxy_domain: string;
  proxy_http_port: number;
  proxy_image: string;
  npm_url: string | null;
  npm_email: string | null;
}

function toRecord(r: HostRow): HostRecord {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    ssh:
      r.kind === 'ssh'
        ? {
            address: r.address ?? '',
            port: r.port ?? 22,
            username: r.username ?? '',
            auth: r.auth ?? 'key',
            privateKeyPath: r.private_key_path,
            socketPath: r.socket_path ?? '/var/run/docker.sock',
            exposeSocket: r.expose_socket === 1,
          }
        : null,
    hostKey: r.host_key_type && r.host_key_fingerprint ? { type: r.host_key_type, fingerprint: r.host_key_fingerprint } : null,
    proxy: {
      kind: r.proxy_kind,
      domain: r.proxy_domain,
      httpPort: r.proxy_http_port,
      image: r.proxy_image,
      npm: r.npm_url !== null && r.npm_email !== null ? { url: r.npm_url, email: r.npm_email } : null,
    },
  };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export class HostRepo {
  private readonly s: Record<'list' | 'get' | 'insert' | 'update' | 'remove' | 'pin' | 'workloadNames' | 'setProxy' | 'routedCount' | 'dnsNames', Statement>;

  constructor(private readonly db: Database) {
    this.s = {
      list: db.prepare("SELECT * FROM hosts ORDER BY kind = 'local' DESC, name"),
      get: db.prepare('SELECT * FROM hosts WHERE id = ?'),
      insert: db.prepare(`
        INSERT INTO hosts (id, name, kind, address, port, username, socket_path, auth, private_key_path, expose_socket, created_at)
        VALUES (@id, @name, 'ssh', @address, @port, @username, @socketPath, @auth, @privateKeyPath, @exposeSocket, @now)`),
      update: db.prepare(`
        UPDATE hosts SET name = @name, address = @address, port = @port, username = @username, socket_path = @socketPath,
          auth = @auth, private_key_path = @privateKeyPath, expose_socket = @exposeSocket
        WHERE id = @id AND kind = 'ssh'`),
      remove: db.prepare("DELETE FROM hosts WHERE id = ? AND kind = 'ssh'"),
      pin: db.prepare('UPDATE hosts SET host_key_type = ?, host_key_fingerprint = ?, host_key_accepted_at = ? WHERE id = ?'),
      workloadNames: db.prepare('SELECT name, kind FROM workloads WHERE host_id = ? ORDER BY name'),
      setProxy: db.prepare(`
        UPDATE hosts SET proxy_kind = @kind, proxy_domain = @domain, proxy_http_port = @httpPort, proxy_image = @image, npm_url = @npmUrl, npm_email = @npmEmail
        WHERE id = @id`),
      routedCount: db.prepare("SELECT COUNT(*) AS n FROM containers WHERE host_id = ? AND proxy_route_id IS NOT NULL AND state <> 'missing'"),
      dnsNames: db.prepare('SELECT DISTINCT name FROM dns_records WHERE host_id = ? AND created = 1 ORDER BY name'),
    };
  }

  list(): HostRecord[] {
    return (this.s.list.all() as HostRow[]).map(toRecord);
  }

  get(id: string): HostRecord | undefined {
    const row = this.s.get.get(id) as HostRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  require(id: string): HostRecord {
    const host = this.get(id);
    if (!host) throw new AppError('NOT_FOUND', `there is no host with id ${id}`);
    return host;
  }

  requireSsh(id: string): HostRecord & { ssh: SshSettings } {
    const host = this.require(id);
    if (host.kind !== 'ssh' || !host.ssh) throw new AppError('CONFLICT', 'the local host has no SSH settings; it cannot be changed or removed.');
    return host as HostRecord & { ssh: SshSettings };
  }

  add(name: string, ssh: SshSettings): HostRecord {
    const id = randomUUID();
    try {
      this.s.insert.run({ id, name, ...this.params(ssh), now: Date.now() });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('CONFLICT', `a host named "${name}" already exists; choose another name.`);
      throw error;
    }
    return this.require(id);
  }

  /**
   * Saves new settings. A different address or port is a different server as far as trust goes:
   * the pinned key is forgotten, as OpenSSH's known_hosts is keyed by host and port.
   */
  update(id: string, name: string, ssh: SshSettings): { host: HostRecord; keyForgotten: boolean } {
    const before = this.requireSsh(id);
    const moved = before.ssh.address !== ssh.address || before.ssh.port !== ssh.port;
    this.db.transaction(() => {
      try {
        this.s.update.run({ id, name, ...this.params(ssh) });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('CONFLICT', `a host named "${name}" already exists; choose another name.`);
        throw error;
      }
      if (moved) this.s.pin.run(null, null, null, id);
    })();
    return { host: this.require(id), keyForgotten: moved && before.hostKey !== null };
  }

  /**
   * Saves a host's proxy settings. Changing the kind while routes exist is refused: the routes live
   * in the old proxy, and switching would leave them there unmanaged, or drop them silently.
   */
  setProxy(id: string, proxy: ProxySettings): HostRecord {
    this.db.transaction(() => {
      const before = this.require(id);
      if (before.proxy.kind !== proxy.kind) {
        const { n } = this.s.routedCount.get(id) as { n: number };
        if (n > 0) {
          throw new AppError(
            'CONFLICT',
            `${n} container(s) on ${before.name} are routed through its ${before.proxy.kind} proxy; changing the proxy to ${proxy.kind} would leave their routes behind. Stop or remove those stages' containers first; nothing was changed.`,
          );
        }
      }
      this.s.setProxy.run({
        id,
        kind: proxy.kind,
        domain: proxy.domain,
        httpPort: proxy.httpPort,
        image: proxy.image,
        npmUrl: proxy.npm?.url ?? null,
        npmEmail: proxy.npm?.email ?? null,
      });
    })();
    return this.require(id);
  }

  pinHostKey(id: string, key: HostKey): void {
    this.s.pin.run(key.type, key.fingerprint, Date.now(), id);
  }

  /** Refused while workloads live on the host: their records would lose their host. */
  assertRemovable(id: string): void {
    this.requireSsh(id);
    const workloads = this.s.workloadNames.all(id) as { name: string; kind: string }[];
    if (workloads.length > 0) {
      throw new AppError('HOST_HAS_WORKLOADS', `${workloads.length} workload(s) live on this host. Delete them first; nothing was removed.`, {
        workloads: workloads.map((w) => ({ name: w.name, kind: w.kind })),
      });
    }
    // The rows would go with the host (cascade) and leave the records at the provider unmanaged.
    const names = (this.s.dnsNames.all(id) as { name: string }[]).map((r) => r.name);
    if (names.length > 0) {
      throw new AppError(
        'CONFLICT',
        `DNS records Tinyforge created for this host still exist (${names.join(', ')}). Turn the host's DNS provider off first, which removes them; nothing was removed.`,
        { names },
      );
    }
  }

  remove(id: string): void {
    this.assertRemovable(id);
    this.s.remove.run(id);
  }

  private params(ssh: SshSettings) {
    return {
      address: ssh.address,
      port: ssh.port,
      username: ssh.username,
      socketPath: ssh.socketPath,
      auth: ssh.auth,
      privateKeyPath: ssh.auth === 'key' ? ssh.privateKeyPath : null,
      exposeSocket: ssh.exposeSocket ? 1 : 0,
    };
  }
}
