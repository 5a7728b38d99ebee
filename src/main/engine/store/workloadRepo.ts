// The workloads table and its per-kind tables (projects + stages, stacks, static_sites). Every write
// that touches a parent row and its kind row is one transaction.
import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { siteLabel } from '../../../shared/publicNames';
import type { SiteOptions, StageInput, StageView, WorkloadKind, WorkloadView } from '../../../shared/types';

interface WorkloadRow {
  id: string;
  host_id: string;
  kind: WorkloadKind;
  name: string;
  created_at: number;
  image_repository: string | null;
  compose_project_name: string | null;
  compose_file: string | null;
  env_file: string | null;
  allow_host_access: number | null;
  adopt_pending: number | null;
  source_dir: string | null;
  site_subdomain: string | null;
  site_options: string | null;
  keep_versions: number | null;
  proxy_domain: string;
  container_count: number;
  running_count: number;
}

interface StageRow {
  id: string;
  project_id: string;
  name: string;
  image_tag: string;
  env: string;
  port: number | null;
  health_check_path: string | null;
  health_timeout_sec: number;
  subdomain: string | null;
  max_instances: number;
}

function stageToView(r: StageRow): StageView {
  return {
    id: r.id,
    name: r.name,
    imageTag: r.image_tag,
    env: JSON.parse(r.env) as Record<string, string>,
    port: r.port,
    healthCheckPath: r.health_check_path,
    healthTimeoutSec: r.health_timeout_sec,
    subdomain: r.subdomain,
    maxInstances: r.max_instances,
  };
}

function toView(r: WorkloadRow, stages: StageView[]): WorkloadView {
  const base = {
    id: r.id,
    hostId: r.host_id,
    name: r.name,
    createdAt: r.created_at,
    containerCount: r.container_count,
    runningCount: r.running_count,
  };
  switch (r.kind) {
    case 'project':
      return { ...base, kind: 'project', imageRepository: r.image_repository ?? '', stages };
    case 'stack':
      return {
        ...base,
        kind: 'stack',
        composeProjectName: r.compose_project_name ?? '',
        composeFile: r.compose_file ?? '',
        envFile: r.env_file ?? '',
        allowHostAccess: r.allow_host_access === 1,
        adoptPending: r.adopt_pending === 1,
      };
    case 'site':
      return {
        ...base,
        kind: 'site',
        sourceDir: r.source_dir ?? '',
        subdomain: r.site_subdomain ?? null,
        publicHost: `${siteLabel(r.name, r.site_subdomain ?? null)}.${r.proxy_domain}`,
        options: JSON.parse(r.site_options ?? '{}') as SiteOptions,
        keepVersions: r.keep_versions ?? 5,
      };
  }
}

const WORKLOAD_SELECT = `
  SELECT w.id, w.host_id, w.kind, w.name, w.created_at,
         p.image_repository, s.compose_project_name, s.compose_file, s.env_file, s.allow_host_access, s.adopt_pending, ss.source_dir,
         ss.subdomain AS site_subdomain, ss.options AS site_options, ss.keep_versions, h.proxy_domain,
         (SELECT COUNT(*) FROM containers c WHERE c.workload_id = w.id AND c.state <> 'missing') AS container_count,
         (SELECT COUNT(*) FROM containers c WHERE c.workload_id = w.id AND c.state = 'running') AS running_count
  FROM workloads w
  LEFT JOIN projects p ON p.workload_id = w.id
  LEFT JOIN stacks s ON s.workload_id = w.id
  LEFT JOIN static_sites ss ON ss.workload_id = w.id
  JOIN hosts h ON h.id = w.host_id`;

export interface NewProject {
  hostId: string;
  name: string;
  imageRepository: string;
  stages: StageInput[];
}
export interface NewStack {
  hostId: string;
  name: string;
  composeProjectName: string;
  composeFile: string;
  envFile: string;
  allowHostAccess?: boolean;
  /** The owner adopts the compose project's containers, started outside the app: its first deploy recreates them. */
  adopt?: boolean;
}

export interface NewSite {
  hostId: string;
  name: string;
  sourceDir: string;
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** What the reconciler's planner asks about workloads, as indexed lookups on one host. */
export interface Lookups {
  /** The workload with this id, or undefined when there is none. */
  workload(id: string): { kind: WorkloadKind; hostId: string } | undefined;
  /** The id of the stage of this project with this name, or null. */
  stageId(projectId: string, stageName: string): string | null;
  /** The stack workload on this host whose compose project has this name. */
  stackByComposeProject(composeProject: string): string | undefined;
}

export class WorkloadRepo {
  private readonly s: {
    insertWorkload: Statement;
    insertProject: Statement;
    insertStage: Statement;
    insertStack: Statement;
    insertSite: Statement;
    get: Statement<[string], WorkloadRow>;
    listAll: Statement<[], WorkloadRow>;
    listHost: Statement<[string], WorkloadRow>;
    stagesOf: Statement<[string], StageRow>;
    allStages: Statement<[], StageRow>;
    rename: Statement;
    remove: Statement;
    presentContainers: Statement<[string], { name: string; state: string }>;
    kindAndHost: Statement<[string], { kind: WorkloadKind; host_id: string }>;
    stageIdByName: Statement<[string, string], { id: string }>;
    stackByCompose: Statement<[string, string], { workload_id: string }>;
    hostExists: Statement<[string], { id: string }>;
    countsByKind: Statement<[], { kind: WorkloadKind; n: number }>;
  };

  constructor(private readonly db: Database) {
    this.s = {
      insertWorkload: db.prepare('INSERT INTO workloads (id, host_id, kind, name, webhook_secret, created_at) VALUES (?, ?, ?, ?, NULL, ?)'),
      insertProject: db.prepare('INSERT INTO projects (workload_id, image_repository) VALUES (?, ?)'),
      insertStage: db.prepare(`
        INSERT INTO stages (id, project_id, name, image_tag, env, port, health_check_path, health_timeout_sec, subdomain, max_instances, position)
        VALUES (@id, @projectId, @name, @imageTag, @env, @port, @healthCheckPath, @healthTimeoutSec, @subdomain, @maxInstances, @position)`),
      insertStack: db.prepare(
        'INSERT INTO stacks (workload_id, host_id, compose_project_name, compose_file, env_file, allow_host_access, adopt_pending) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      insertSite: db.prepare('INSERT INTO static_sites (workload_id, source_dir) VALUES (?, ?)'),
      get: db.prepare(`${WORKLOAD_SELECT} WHERE w.id = ?`),
      listAll: db.prepare(`${WORKLOAD_SELECT} ORDER BY w.kind, w.name`),
      listHost: db.prepare(`${WORKLOAD_SELECT} WHERE w.host_id = ? ORDER BY w.kind, w.name`),
      stagesOf: db.prepare('SELECT * FROM stages WHERE project_id = ? ORDER BY position, name'),
      allStages: db.prepare('SELECT * FROM stages ORDER BY position, name'),
      rename: db.prepare('UPDATE workloads SET name = ? WHERE id = ?'),
      remove: db.prepare('DELETE FROM workloads WHERE id = ?'),
      presentContainers: db.prepare("SELECT name, state FROM containers WHERE workload_id = ? AND state <> 'missing' ORDER BY name"),
      kindAndHost: db.prepare('SELECT kind, host_id FROM workloads WHERE id = ?'),
      stageIdByName: db.prepare('SELECT id FROM stages WHERE project_id = ? AND name = ?'),
      stackByCompose: db.prepare('SELECT workload_id FROM stacks WHERE host_id = ? AND compose_project_name = ?'),
      hostExists: db.prepare('SELECT id FROM hosts WHERE id = ?'),
      countsByKind: db.prepare('SELECT kind, COUNT(*) AS n FROM workloads GROUP BY kind'),
    };
  }

  get(id: string): WorkloadView {
    const row = this.s.get.get(id);
    if (!row) throw new AppError('NOT_FOUND', `there is no workload with id ${id}`);
    return toView(row, row.kind === 'project' ? this.s.stagesOf.all(id).map(stageToView) : []);
  }

  list(hostId?: string): WorkloadView[] {
    const rows = hostId === undefined ? this.s.listAll.all() : this.s.listHost.all(hostId);
    const stagesByProject = new Map<string, StageView[]>();
    for (const st of this.s.allStages.all()) {
      const list = stagesByProject.get(st.project_id) ?? [];
      list.push(stageToView(st));
      stagesByProject.set(st.project_id, list);
    }
    return rows.map((r) => toView(r, stagesByProject.get(r.id) ?? []));
  }

  /** A stage with its project, for the deployer. */
  stageContext(stageId: string): { project: Extract<WorkloadView, { kind: 'project' }>; stage: StageView } {
    const row = this.db.prepare('SELECT project_id FROM stages WHERE id = ?').get(stageId) as { project_id: string } | undefined;
    if (!row) throw new AppError('NOT_FOUND', `there is no stage with id ${stageId}`);
    const project = this.get(row.project_id);
    if (project.kind !== 'project') throw new AppError('NOT_FOUND', `there is no stage with id ${stageId}`);
    return { project, stage: project.stages.find((s) => s.id === stageId)! };
  }

  countsByKind(): Record<WorkloadKind, number> {
    const counts: Record<WorkloadKind, number> = { project: 0, stack: 0, site: 0 };
    for (const { kind, n } of this.s.countsByKind.all()) counts[kind] = n;
    return counts;
  }

  createProject(input: NewProject): WorkloadView {
    return this.create(input.hostId, 'project', input.name, (id) => {
      this.s.insertProject.run(id, input.imageRepository);
      input.stages.forEach((stage, position) => {
        this.s.insertStage.run({
          ...stage,
          id: randomUUID(),
          projectId: id,
          env: JSON.stringify(stage.env),
          position,
        });
      });
    });
  }

  createStack(input: NewStack): WorkloadView {
    return this.create(input.hostId, 'stack', input.name, (id) => {
      this.s.insertStack.run(id, input.hostId, input.composeProjectName, input.composeFile, input.envFile, input.allowHostAccess ? 1 : 0, input.adopt ? 1 : 0);
    });
  }

  createSite(input: NewSite): WorkloadView {
    return this.create(input.hostId, 'site', input.name, (id) => {
      this.s.insertSite.run(id, input.sourceDir);
    });
  }

  rename(id: string, name: string): WorkloadView {
    const current = this.get(id);
    if (current.name === name) return current;
    try {
      this.s.rename.run(name, id);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('CONFLICT', `a workload named "${name}" already exists on this host; choose another name.`);
      }
      throw error;
    }
    return this.get(id);
  }

  /**
   * Deletes a workload and its kind row. Refuses while any of its containers still exists in
   * Docker: deleting the record would orphan them silently. Rows of containers already gone
   * (`missing`) go with the workload.
   */
  delete(id: string): void {
    this.db.transaction(() => {
      this.assertDeletable(id);
      this.s.remove.run(id);
    })();
  }

  /** WORKLOAD_HAS_CONTAINERS while containers of the workload still exist. */
  assertDeletable(id: string): void {
    this.get(id);
    const present = this.s.presentContainers.all(id) as { name: string; state: string }[];
    if (present.length > 0) {
      const shown = present
        .slice(0, 10)
        .map((c) => `${c.name} (${c.state})`)
        .join(', ');
      const more = present.length > 10 ? ` and ${present.length - 10} more` : '';
      throw new AppError(
        'WORKLOAD_HAS_CONTAINERS',
        `${present.length} container(s) of this workload still exist: ${shown}${more}. Remove them first; nothing was deleted.`,
        { containers: present.map((c) => ({ name: c.name, state: c.state })) },
      );
    }
  }

  /** Memoised lookups for one reconcile pass: each workload, stage and stack is read once. */
  lookups(hostId: string): Lookups {
    const workloads = new Map<string, { kind: WorkloadKind; hostId: string } | undefined>();
    const stages = new Map<string, string | null>();
    const stacks = new Map<string, string | undefined>();
    return {
      workload: (id) => {
        if (!workloads.has(id)) {
          const r = this.s.kindAndHost.get(id);
          workloads.set(id, r ? { kind: r.kind, hostId: r.host_id } : undefined);
        }
        return workloads.get(id);
      },
      stageId: (projectId, name) => {
        const key = `${projectId}\u0000${name}`;
        if (!stages.has(key)) stages.set(key, this.s.stageIdByName.get(projectId, name)?.id ?? null);
        return stages.get(key)!;
      },
      stackByComposeProject: (composeProject) => {
        if (!stacks.has(composeProject)) stacks.set(composeProject, this.s.stackByCompose.get(hostId, composeProject)?.workload_id);
        return stacks.get(composeProject);
      },
    };
  }

  private create(hostId: string, kind: WorkloadKind, name: string, writeKindRow: (id: string) => void): WorkloadView {
    if (!this.s.hostExists.get(hostId)) throw new AppError('NOT_FOUND', `there is no host with id ${hostId}`);
    const id = randomUUID();
    try {
      this.db.transaction(() => {
        this.s.insertWorkload.run(id, hostId, kind, name, Date.now());
        writeKindRow(id);
      })();
    } catch (error) {
      if (isUniqueViolation(error)) {
        const message = String((error as Error).message);
        if (message.includes('stacks.')) {
          throw new AppError('CONFLICT', 'another stack on this host already uses that compose project name; choose another.');
        }
        if (message.includes('stages.')) {
          throw new AppError('CONFLICT', 'stage names within a project must be unique.');
        }
        throw new AppError('CONFLICT', `a workload named "${name}" already exists on this host; choose another name.`);
      }
      throw error;
    }
    return this.get(id);
  }
}
