// A stack's published services (stack_routes) and the one container each may be routed to: a
// running container of the service that the app created for the stack (or a user trusted). A
// container that only carries the stack's labels is never a route's upstream.
import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { VERIFIED_SQL } from './containerRepo';

export interface StackRouteRow {
  id: string;
  workloadId: string;
  hostId: string;
  service: string;
  port: number;
  subdomain: string;
  proxyRouteId: string;
}

/** A container a route may point at: the app's own, running, newest first. */
export interface ServiceContainer {
  dockerId: string;
  name: string;
}

const ROUTE_SELECT = `SELECT id, workload_id AS workloadId, host_id AS hostId, service, port, subdomain, proxy_route_id AS proxyRouteId FROM stack_routes`;

export class StackRouteRepo {
  private readonly s: Record<'ofStack' | 'ofHost' | 'get' | 'bySubdomain' | 'insert' | 'remove' | 'setProxyId' | 'serving', Statement>;

  constructor(private readonly db: Database) {
    this.s = {
      ofStack: db.prepare(`${ROUTE_SELECT} WHERE workload_id = ? ORDER BY subdomain`),
      ofHost: db.prepare(`${ROUTE_SELECT} WHERE host_id = ? ORDER BY created_at`),
      get: db.prepare(`${ROUTE_SELECT} WHERE id = ? AND workload_id = ?`),
      bySubdomain: db.prepare(`${ROUTE_SELECT} WHERE host_id = ? AND subdomain = ?`),
      insert: db.prepare(`
        INSERT INTO stack_routes (id, workload_id, host_id, service, port, subdomain, proxy_route_id, created_at)
        VALUES (@id, @workloadId, @hostId, @service, @port, @subdomain, @proxyRouteId, @now)`),
      remove: db.prepare('DELETE FROM stack_routes WHERE id = ?'),
      setProxyId: db.prepare('UPDATE stack_routes SET proxy_route_id = ? WHERE id = ?'),
      serving: db.prepare(`
        SELECT docker_id AS dockerId, name FROM containers
        WHERE host_id = ? AND workload_id = ? AND kind = 'stack' AND role = ? AND state = 'running' AND docker_id <> '' AND ${VERIFIED_SQL}
        ORDER BY created_at DESC, name`),
    };
  }

  ofStack(workloadId: string): StackRouteRow[] {
    return this.s.ofStack.all(workloadId) as StackRouteRow[];
  }

  ofHost(hostId: string): StackRouteRow[] {
    return this.s.ofHost.all(hostId) as StackRouteRow[];
  }

  /** The route `id` of the stack, or NOT_FOUND. */
  require(workloadId: string, id: string): StackRouteRow {
    const row = this.s.get.get(id, workloadId) as StackRouteRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `the stack has no published service with id ${id}.`, { routeId: id });
    return row;
  }

  /** The stack route that holds `subdomain` on the host, if one does. */
  bySubdomain(hostId: string, subdomain: string): StackRouteRow | null {
    return (this.s.bySubdomain.get(hostId, subdomain) as StackRouteRow | undefined) ?? null;
  }

  /** Records a published service; CONFLICT if the stack already publishes that port of it. */
  add(input: Omit<StackRouteRow, 'id' | 'proxyRouteId'>): StackRouteRow {
    const id = randomUUID();
    // Caddy keeps the id it is given; NPM takes this as "not created yet" and answers with its own.
    const row: StackRouteRow = { ...input, id, proxyRouteId: `stack-${id}` };
    try {
      this.s.insert.run({ ...row, now: Date.now() });
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new AppError(
          'CONFLICT',
          `port ${input.port} of service ${input.service} is already published, or ${input.subdomain} is taken; nothing was changed.`,
          {
            service: input.service,
            port: input.port,
            subdomain: input.subdomain,
          },
        );
      }
      throw error;
    }
    return row;
  }

  remove(id: string): void {
    this.s.remove.run(id);
  }

  /** The proxy named the route with a key of its own (NPM): kept so the next write updates, not adds. */
  setProxyId(id: string, proxyRouteId: string): void {
    this.s.setProxyId.run(proxyRouteId, id);
  }

  /** The running containers of the stack's service that the app created (or a user trusted), newest first. */
  serving(hostId: string, workloadId: string, service: string): ServiceContainer[] {
    return this.s.serving.all(hostId, workloadId, service) as ServiceContainer[];
  }
}
