// The deployer's write path into the containers table: placeholders for instances in flight, the
// docker id once Docker knows the container, and the deployer-owned columns (subdomain,
// proxy_route_id, image_tag). The reconciler's path (containerRepo.applyPass) never writes these.
import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { removedRowsOf } from './removedRows';
import { VERIFIED_SQL } from './containerRepo';

export interface StageInstance {
  id: string;
  dockerId: string;
  name: string;
  state: string;
  createdAt: number | null;
  proxyRouteId: string | null;
}

/** A container row of a project stage that holds a proxy route: what routes.list starts from. */
export interface RoutedRow {
  id: string;
  name: string;
  stageId: string;
  proxyRouteId: string;
}

/** An instance row that holds a route, with the blue-green target it belongs to. */
export type RoutedInstance = StageInstance & { proxyRouteId: string; targetKey: string };

export class DeployerRows {
  private readonly s: Record<
    'placeholder' | 'byDocker' | 'claim' | 'adopt' | 'remove' | 'route' | 'instances' | 'routed' | 'routedOfWorkload' | 'hostAndDocker',
    Statement
  >;

  constructor(private readonly db: Database) {
    this.s = {
      placeholder: db.prepare(`
        INSERT INTO containers (id, host_id, workload_id, kind, role, stage_id, docker_id, name, image, state, first_seen_at, last_seen_at, image_tag, subdomain, provenance)
        VALUES (@id, @hostId, @workloadId, @kind, @role, @stageId, '', @name, @image, 'pending', @now, @now, @imageTag, @subdomain, 'created')`),
      byDocker: db.prepare("SELECT id FROM containers WHERE host_id = ? AND docker_id = ? AND docker_id <> ''"),
      claim: db.prepare("UPDATE containers SET docker_id = ? WHERE id = ? AND docker_id = ''"),
      // The Docker id came from our own create call: whatever a pass made of the row, it is ours.
      adopt: db.prepare("UPDATE containers SET image_tag = ?, subdomain = ?, provenance = 'created', trusted_at = NULL WHERE id = ?"),
      remove: db.prepare('DELETE FROM containers WHERE id = ?'),
      hostAndDocker: db.prepare('SELECT host_id AS hostId, docker_id AS dockerId FROM containers WHERE id = ?'),
      route: db.prepare('UPDATE containers SET proxy_route_id = ? WHERE id = ?'),
      instances: db.prepare(`
        SELECT id, docker_id AS dockerId, name, state, created_at AS createdAt, proxy_route_id AS proxyRouteId
        FROM containers WHERE target_key = ? AND host_id = ? AND ${VERIFIED_SQL} ORDER BY created_at`),
      routed: db.prepare(`
        SELECT id, docker_id AS dockerId, name, state, created_at AS createdAt, proxy_route_id AS proxyRouteId, target_key AS targetKey
        FROM containers WHERE host_id = ? AND proxy_route_id IS NOT NULL AND target_key IS NOT NULL AND ${VERIFIED_SQL} ORDER BY created_at`),
      routedOfWorkload: db.prepare(`
        SELECT id, name, stage_id AS stageId, proxy_route_id AS proxyRouteId
        FROM containers WHERE workload_id = ? AND proxy_route_id IS NOT NULL AND stage_id IS NOT NULL AND ${VERIFIED_SQL} ORDER BY name`),
    };
  }

  /** Reserves the row of an instance about to be created (empty docker id: the reconciler leaves it alone). */
  placeholder(input: {
    hostId: string;
    workloadId: string;
    /** project or site: the kind decides the row's target (a project's stage, a site's workload). */
    kind: 'project' | 'site';
    stageId: string | null;
    role: string;
    name: string;
    image: string;
    imageTag: string;
    subdomain: string | null;
  }): string {
    const id = randomUUID();
    this.s.placeholder.run({ ...input, id, now: Date.now() });
    return id;
  }

  /**
   * Gives the placeholder its docker id. If a reconcile pass already saw the new container and
   * inserted its own row (it lists between our create and this write), that row is the one to keep:
   * the placeholder goes, and the deployer's columns move to it. Returns the row id that stays.
   */
  attachDockerId(rowId: string, hostId: string, dockerId: string, deployerColumns: { imageTag: string; subdomain: string | null }): string {
    return this.db.transaction(() => {
      const existing = this.s.byDocker.get(hostId, dockerId) as { id: string } | undefined;
      if (existing && existing.id !== rowId) {
        this.s.remove.run(rowId);
        this.s.adopt.run(deployerColumns.imageTag, deployerColumns.subdomain, existing.id);
        return existing.id;
      }
      this.s.claim.run(dockerId, rowId);
      return rowId;
    })();
  }

  setRoute(rowId: string, routeId: string | null): void {
    this.s.route.run(routeId, rowId);
  }

  /** Moves a route from one instance's row to another's (the proxy repointed it), in one write. */
  moveRoute(fromRowId: string, toRowId: string, routeId: string): void {
    this.db.transaction(() => {
      this.s.route.run(null, fromRowId);
      this.s.route.run(routeId, toRowId);
    })();
  }

  /** The proxy's desired state on a host: every instance row that holds a route. */
  routed(hostId: string): RoutedInstance[] {
    return this.s.routed.all(hostId) as RoutedInstance[];
  }

  remove(rowId: string): void {
    const row = this.s.hostAndDocker.get(rowId) as { hostId: string; dockerId: string } | undefined;
    this.s.remove.run(rowId);
    if (row) removedRowsOf(this.db).note(row.hostId, row.dockerId);
  }

  /**
   * A blue-green target's own instances: rows the app created or a user trusted. A container that
   * merely carries the target's labels is never one (never routed, counted, drained or cleaned up).
   */
  instances(targetKey: string, hostId: string): StageInstance[] {
    return this.s.instances.all(targetKey, hostId) as StageInstance[];
  }

  /** The rows of a workload that hold a proxy route (the stage's serving instance). */
  routedOfWorkload(workloadId: string): RoutedRow[] {
    return this.s.routedOfWorkload.all(workloadId) as RoutedRow[];
  }
}
