// A stack's own tables: its saved files and "allow host access", its operations (one running per
// stack, enforced by a unique index), its versions, and the write path that marks the containers a
// compose run of the app created as the stack's own (provenance 'created'): the reconciler only
// ever records a labelled container as unverified.
import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { ErrorInfo } from '../../../shared/errors';
import type { StackImage, StackOperationKind, StackOperationView, StackVersionView } from '../../../shared/types';
import { removedRowsOf } from './removedRows';

/** How much of an operation's output is kept. */
export const MAX_OUTPUT_LINES = 2_000;

interface OperationRow {
  id: string;
  workload_id: string;
  host_id: string;
  kind: StackOperationKind;
  service: string | null;
  target_number: number | null;
  options: string;
  status: StackOperationView['status'];
  output: string;
  error: string | null;
  version_number: number | null;
  started_at: number;
  finished_at: number | null;
}

interface VersionRow {
  id: string;
  number: number;
  compose_file: string;
  env_file: string;
  allow_host_access: number;
  images: string;
  secret_keys: string;
  operation_id: string;
  created_at: number;
}

const OPERATION_SELECT = `
  SELECT o.*, tv.number AS target_number, v.number AS version_number FROM stack_operations o
  LEFT JOIN stack_versions tv ON tv.id = o.target_version_id
  LEFT JOIN stack_versions v ON v.id = o.version_id`;

function toOperation(r: OperationRow): StackOperationView {
  return {
    id: r.id,
    workloadId: r.workload_id,
    hostId: r.host_id,
    kind: r.kind,
    service: r.service,
    targetVersion: r.target_number,
    options: JSON.parse(r.options) as StackOperationView['options'],
    status: r.status,
    output: JSON.parse(r.output) as string[],
    error: r.error === null ? null : (JSON.parse(r.error) as ErrorInfo),
    version: r.version_number,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

function toVersion(r: VersionRow): StackVersionView {
  return {
    id: r.id,
    number: r.number,
    composeFile: r.compose_file,
    envFile: r.env_file,
    allowHostAccess: r.allow_host_access === 1,
    images: JSON.parse(r.images) as StackImage[],
    secretKeys: JSON.parse(r.secret_keys) as string[],
    operationId: r.operation_id,
    createdAt: r.created_at,
  };
}

export interface StackFiles {
  composeFile: string;
  envFile: string;
  allowHostAccess: boolean;
}

/** A container a compose run of the app created, read back from Docker by id after `up`. */
export interface CreatedStackContainer {
  dockerId: string;
  name: string;
  service: string;
  image: string;
}

export class StackRepo {
  private readonly s: Record<
    | 'save'
    | 'start'
    | 'get'
    | 'finish'
    | 'running'
    | 'history'
    | 'nextNumber'
    | 'addVersion'
    | 'version'
    | 'versions'
    | 'byDocker'
    | 'claim'
    | 'insertCreated'
    | 'createdIds'
    | 'rowsOf'
    | 'removeRow'
    | 'owned'
    | 'adopted',
    Statement
  >;

  constructor(private readonly db: Database) {
    this.s = {
      save: db.prepare('UPDATE stacks SET compose_file = ?, env_file = ?, allow_host_access = ? WHERE workload_id = ?'),
      start: db.prepare(`
        INSERT INTO stack_operations (id, workload_id, host_id, kind, service, target_version_id, options, status, started_at)
        VALUES (@id, @workloadId, @hostId, @kind, @service, @targetVersionId, @options, 'running', @now)`),
      get: db.prepare(`${OPERATION_SELECT} WHERE o.id = ?`),
      finish: db.prepare("UPDATE stack_operations SET status = ?, output = ?, error = ?, version_id = ?, finished_at = ? WHERE id = ? AND status = 'running'"),
      running: db.prepare(`${OPERATION_SELECT} WHERE o.status = 'running' AND o.host_id = ?`),
      history: db.prepare(`${OPERATION_SELECT} WHERE o.workload_id = ? ORDER BY o.started_at DESC LIMIT ?`),
      nextNumber: db.prepare('SELECT COALESCE(MAX(number), 0) + 1 AS n FROM stack_versions WHERE workload_id = ?'),
      addVersion: db.prepare(`
        INSERT INTO stack_versions (id, workload_id, number, compose_file, env_file, allow_host_access, images, secret_keys, operation_id, created_at)
        VALUES (@id, @workloadId, @number, @composeFile, @envFile, @allowHostAccess, @images, @secretKeys, @operationId, @now)`),
      version: db.prepare('SELECT * FROM stack_versions WHERE id = ? AND workload_id = ?'),
      versions: db.prepare('SELECT * FROM stack_versions WHERE workload_id = ? ORDER BY number DESC'),
      createdIds: db.prepare(
        "SELECT docker_id AS dockerId FROM containers WHERE host_id = ? AND workload_id = ? AND provenance = 'created' AND docker_id <> ''",
      ),
      rowsOf: db.prepare("SELECT id, docker_id AS dockerId, provenance FROM containers WHERE host_id = ? AND workload_id = ? AND docker_id <> ''"),
      removeRow: db.prepare('DELETE FROM containers WHERE id = ?'),
      owned: db.prepare("SELECT docker_id AS dockerId FROM containers WHERE host_id = ? AND workload_id IS NOT NULL AND docker_id <> ''"),
      adopted: db.prepare('UPDATE stacks SET adopt_pending = 0 WHERE workload_id = ?'),
      byDocker: db.prepare("SELECT id FROM containers WHERE host_id = ? AND docker_id = ? AND docker_id <> ''"),
      claim: db.prepare("UPDATE containers SET workload_id = ?, kind = 'stack', role = ?, provenance = 'created', trusted_at = NULL WHERE id = ?"),
      insertCreated: db.prepare(`
        INSERT INTO containers (id, host_id, workload_id, kind, role, docker_id, name, image, state, first_seen_at, last_seen_at, provenance)
        VALUES (@id, @hostId, @workloadId, 'stack', @service, @dockerId, @name, @image, 'pending', @now, @now, 'created')`),
    };
  }

  /** Saves a stack's files (checked by the caller); the stack must exist. */
  save(workloadId: string, files: StackFiles): void {
    this.s.save.run(files.composeFile, files.envFile, files.allowHostAccess ? 1 : 0, workloadId);
  }

  /** Starts an operation; a second one on the same stack while one runs is refused with STACK_BUSY. */
  start(input: {
    workloadId: string;
    hostId: string;
    kind: StackOperationKind;
    service?: string | null;
    targetVersionId?: string | null;
    options?: StackOperationView['options'];
  }): StackOperationView {
    const id = randomUUID();
    try {
      this.s.start.run({
        id,
        workloadId: input.workloadId,
        hostId: input.hostId,
        kind: input.kind,
        service: input.service ?? null,
        targetVersionId: input.targetVersionId ?? null,
        options: JSON.stringify(input.options ?? {}),
        now: Date.now(),
      });
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        const running = this.history(input.workloadId, 1)[0];
        throw new AppError('STACK_BUSY', 'another operation on this stack is still running; wait for it to finish.', {
          running: running?.kind ?? null,
          operationId: running?.id ?? null,
        });
      }
      throw error;
    }
    return this.operation(id);
  }

  operation(id: string): StackOperationView {
    const row = this.s.get.get(id) as OperationRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `there is no stack operation with id ${id}`);
    return toOperation(row);
  }

  /** Ends an operation with its output (the last MAX_OUTPUT_LINES lines kept). */
  finish(id: string, status: 'succeeded' | 'failed', output: string[], error: ErrorInfo | null, versionId: string | null = null): StackOperationView {
    this.s.finish.run(status, JSON.stringify(output.slice(-MAX_OUTPUT_LINES)), error ? JSON.stringify(error) : null, versionId, Date.now(), id);
    return this.operation(id);
  }

  /** Operations of a host a crash (or a close) left running. */
  running(hostId: string): StackOperationView[] {
    return (this.s.running.all(hostId) as OperationRow[]).map(toOperation);
  }

  history(workloadId: string, limit = 50): StackOperationView[] {
    return (this.s.history.all(workloadId, limit) as OperationRow[]).map(toOperation);
  }

  /** Records what a successful deploy ran as the stack's next version. */
  addVersion(workloadId: string, operationId: string, files: StackFiles, images: StackImage[], secretKeys: string[] = []): StackVersionView {
    const id = randomUUID();
    this.db.transaction(() => {
      const { n } = this.s.nextNumber.get(workloadId) as { n: number };
      this.s.addVersion.run({
        id,
        workloadId,
        number: n,
        composeFile: files.composeFile,
        envFile: files.envFile,
        allowHostAccess: files.allowHostAccess ? 1 : 0,
        images: JSON.stringify(images),
        secretKeys: JSON.stringify(secretKeys),
        operationId,
        now: Date.now(),
      });
    })();
    return this.version(workloadId, id);
  }

  version(workloadId: string, id: string): StackVersionView {
    const row = this.s.version.get(id, workloadId) as VersionRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `this stack has no version with id ${id}`);
    return toVersion(row);
  }

  versions(workloadId: string): StackVersionView[] {
    return (this.s.versions.all(workloadId) as VersionRow[]).map(toVersion);
  }

  /**
   * Marks the containers a compose run of the app created (their ids read back from Docker after
   * `up`) as the stack's own. A row a reconcile pass already made of one (unverified: it saw only
   * labels) becomes the stack's; one not seen yet is written now, and the next pass fills it in.
   * `adopted`: the run was an adopted stack's first deploy, which took over its project (the
   * pending adoption ends with the same write).
   */
  recordCreated(hostId: string, workloadId: string, created: CreatedStackContainer[], adopted = false): void {
    this.db.transaction(() => {
      if (adopted) this.s.adopted.run(workloadId);
      for (const c of created) {
        const existing = this.s.byDocker.get(hostId, c.dockerId) as { id: string } | undefined;
        if (existing) this.s.claim.run(workloadId, c.service, existing.id);
        else
          this.s.insertCreated.run({
            id: randomUUID(),
            hostId,
            workloadId,
            service: c.service,
            dockerId: c.dockerId,
            name: c.name,
            image: c.image,
            now: Date.now(),
          });
      }
    })();
  }

  /** Docker ids of the stack's containers the app created (compose may keep them across runs). */
  createdDockerIds(hostId: string, workloadId: string): string[] {
    return (this.s.createdIds.all(hostId, workloadId) as { dockerId: string }[]).map((r) => r.dockerId);
  }

  /**
   * Drops the rows of containers the app created for the stack that Docker no longer has after the
   * app's own compose run (compose replaced them on a recreate, or `down` removed them): they did
   * not go missing, the app removed them. Rows of containers the app did not create stay.
   */
  forgetReplaced(hostId: string, workloadId: string, present: ReadonlySet<string>): void {
    const removed = removedRowsOf(this.db);
    this.db.transaction(() => {
      for (const row of this.rowsOf(hostId, workloadId)) {
        if (row.provenance !== 'created' || present.has(row.dockerId)) continue;
        this.s.removeRow.run(row.id);
        removed.note(hostId, row.dockerId);
      }
    })();
  }

  /** The stack's container rows, with their Docker ids and provenance. */
  rowsOf(hostId: string, workloadId: string): { id: string; dockerId: string; provenance: string }[] {
    return this.s.rowsOf.all(hostId, workloadId) as { id: string; dockerId: string; provenance: string }[];
  }

  /** Docker ids of every container of the host that a workload owns or claims (any row with a workload). */
  ownedDockerIds(hostId: string): Set<string> {
    return new Set((this.s.owned.all(hostId) as { dockerId: string }[]).map((r) => r.dockerId));
  }
}
