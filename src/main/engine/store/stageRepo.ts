// Writes to the stages table after a project exists: add, update (rename included) and remove.
// Containers join their stage through containers.stage_id, never through the name, so a rename
// only rewrites the display column `role` of the stage's rows; ids, routes and history stay put.
import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { removedRowsOf } from './removedRows';
import { AppError } from '../../../shared/errors';
import type { StageInput } from '../../../shared/types';

export interface StageContainerRow {
  id: string;
  dockerId: string;
  name: string;
  state: string;
  proxyRouteId: string | null;
}

function nameTaken(name: string): AppError {
  return new AppError('VALIDATION', `stage.name: another stage of this project is already named "${name}"; choose another name.`, undefined, [
    { path: 'stage.name', message: 'is already used by another stage of this project' },
  ]);
}

export class StageRepo {
  private readonly s: Record<
    'insert' | 'nextPosition' | 'update' | 'renameRows' | 'remove' | 'removeRows' | 'count' | 'sameName' | 'rows' | 'setRoute' | 'rowHosts',
    Statement
  >;

  constructor(private readonly db: Database) {
    this.s = {
      insert: db.prepare(`
        INSERT INTO stages (id, project_id, name, image_tag, env, port, health_check_path, health_timeout_sec, subdomain, max_instances, position)
        VALUES (@id, @projectId, @name, @imageTag, @env, @port, @healthCheckPath, @healthTimeoutSec, @subdomain, @maxInstances, @position)`),
      nextPosition: db.prepare('SELECT COALESCE(MAX(position), -1) + 1 AS n FROM stages WHERE project_id = ?'),
      update: db.prepare(`
        UPDATE stages SET name = @name, image_tag = @imageTag, env = @env, port = @port, health_check_path = @healthCheckPath,
          health_timeout_sec = @healthTimeoutSec, subdomain = @subdomain, max_instances = @maxInstances
        WHERE id = @id`),
      // `role` is what the UI shows as the stage of a container; stage_id stays the join.
      renameRows: db.prepare('UPDATE containers SET role = ? WHERE stage_id = ?'),
      remove: db.prepare('DELETE FROM stages WHERE id = ?'),
      removeRows: db.prepare('DELETE FROM containers WHERE stage_id = ?'),
      rowHosts: db.prepare('SELECT host_id AS hostId, docker_id AS dockerId FROM containers WHERE stage_id = ?'),
      setRoute: db.prepare('UPDATE containers SET proxy_route_id = ? WHERE id = ?'),
      count: db.prepare('SELECT COUNT(*) AS n FROM stages WHERE project_id = ?'),
      sameName: db.prepare('SELECT id FROM stages WHERE project_id = ? AND name = ? AND id <> ?'),
      rows: db.prepare(`
        SELECT id, docker_id AS dockerId, name, state, proxy_route_id AS proxyRouteId
        FROM containers WHERE stage_id = ? ORDER BY created_at`),
    };
  }

  /**
   * Sets the proxy route of container rows, one transaction (null forgets it). The proxy reconcile
   * puts back every route the rows hold, so a route to be taken down is forgotten here first.
   */
  setRoutes(routes: { rowId: string; routeId: string | null }[]): void {
    this.db.transaction(() => {
      for (const r of routes) this.s.setRoute.run(r.routeId, r.rowId);
    })();
  }

  add(projectId: string, stage: StageInput): string {
    const id = randomUUID();
    this.db.transaction(() => {
      if (this.s.sameName.get(projectId, stage.name, '')) throw nameTaken(stage.name);
      const { n } = this.s.nextPosition.get(projectId) as { n: number };
      this.s.insert.run({ ...stage, id, projectId, env: JSON.stringify(stage.env), position: n });
    })();
    return id;
  }

  /** Throws the field error a form shows when another stage of the project has this name. */
  assertNameFree(projectId: string, stageId: string, name: string): void {
    if (this.s.sameName.get(projectId, name, stageId)) throw nameTaken(name);
  }

  /** One transaction: the stage's settings and, on a rename, the role its container rows show. */
  update(projectId: string, stageId: string, stage: StageInput): void {
    this.db.transaction(() => {
      this.assertNameFree(projectId, stageId, stage.name);
      this.s.update.run({ ...stage, id: stageId, env: JSON.stringify(stage.env) });
      this.s.renameRows.run(stage.name, stageId);
    })();
  }

  count(projectId: string): number {
    return (this.s.count.get(projectId) as { n: number }).n;
  }

  /** Every container row of the stage (placeholders included). */
  containers(stageId: string): StageContainerRow[] {
    return this.s.rows.all(stageId) as StageContainerRow[];
  }

  /** Deletes the stage and its container rows; deploys and stage images cascade with the stage. */
  remove(stageId: string): void {
    const gone = this.s.rowHosts.all(stageId) as { hostId: string; dockerId: string }[];
    this.db.transaction(() => {
      this.s.removeRows.run(stageId);
      this.s.remove.run(stageId);
    })();
    const removed = removedRowsOf(this.db);
    for (const row of gone) removed.note(row.hostId, row.dockerId);
  }
}
