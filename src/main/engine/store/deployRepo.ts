// The deploys table: each deploy, rollback and promote is a record advanced step by step, so a
// crash leaves a trace of where it stopped; and stage_images, the images each stage ran
// successfully (what a rollback can return to).
import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { DeployKind, DeployStatus, DeployView } from '../../../shared/types';
import type { DeployStep } from '../../../shared/deploySteps';

export type { DeployKind, DeployStatus } from '../../../shared/types';

/** One image a stage ran successfully (a row of stage_images). */
export interface StageImage {
  image: string;
  imageDigest: string;
  deployId: string;
  deployedAt: number;
}

export type StepRecord = DeployView['steps'][number] & { step: DeployStep };

/**
 * The renderer's DeployView plus what the engine keeps to itself: the run's target (a stage id for a
 * project stage, the workload id for a site) and the container rows. `stageId` is null for a target
 * that is not a stage.
 */
export interface DeployRecord extends DeployView {
  targetKey: string;
  step: DeployStep;
  steps: StepRecord[];
  newContainerId: string | null;
  oldContainerId: string | null;
}

interface DeployRow {
  id: string;
  host_id: string;
  workload_id: string;
  target_key: string;
  stage_id: string | null;
  kind: DeployKind;
  image: string;
  image_digest: string | null;
  status: DeployStatus;
  step: DeployStep;
  steps: string;
  error: string | null;
  new_container_id: string | null;
  old_container_id: string | null;
  started_at: number;
  finished_at: number | null;
}

function toRecord(r: DeployRow): DeployRecord {
  return {
    id: r.id,
    hostId: r.host_id,
    workloadId: r.workload_id,
    targetKey: r.target_key,
    stageId: r.stage_id,
    kind: r.kind,
    image: r.image,
    imageDigest: r.image_digest,
    status: r.status,
    step: r.step,
    steps: JSON.parse(r.steps) as StepRecord[],
    error: r.error,
    newContainerId: r.new_container_id,
    oldContainerId: r.old_container_id,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    pull: null,
  };
}

export class DeployRepo {
  private readonly s: Record<
    'insert' | 'get' | 'advance' | 'finish' | 'running' | 'history' | 'recent' | 'recordImage' | 'images' | 'setContainers',
    Statement
  >;

  constructor(private readonly db: Database) {
    this.s = {
      insert: db.prepare(`
        INSERT INTO deploys (id, host_id, workload_id, target_key, stage_id, kind, image, status, step, steps, old_container_id, started_at)
        VALUES (@id, @hostId, @workloadId, @targetKey, @stageId, @kind, @image, 'running', 'image', '[]', @oldContainerId, @now)`),
      get: db.prepare('SELECT * FROM deploys WHERE id = ?'),
      advance: db.prepare("UPDATE deploys SET step = ?, steps = ?, image_digest = COALESCE(?, image_digest) WHERE id = ? AND status = 'running'"),
      setContainers: db.prepare('UPDATE deploys SET new_container_id = COALESCE(?, new_container_id) WHERE id = ?'),
      finish: db.prepare("UPDATE deploys SET status = ?, error = ?, steps = ?, finished_at = ? WHERE id = ? AND status = 'running'"),
      running: db.prepare("SELECT * FROM deploys WHERE status = 'running' ORDER BY started_at"),
      history: db.prepare('SELECT * FROM deploys WHERE target_key = ? ORDER BY started_at DESC, rowid DESC LIMIT ?'),
      // No index on started_at alone: a person's deploy history is thousands of rows at most.
      recent: db.prepare(`
        SELECT d.*, w.name AS workload_name, s.name AS stage_name FROM deploys d
        JOIN workloads w ON w.id = d.workload_id LEFT JOIN stages s ON s.id = d.stage_id
        ORDER BY d.started_at DESC LIMIT ?`),
      recordImage: db.prepare('INSERT INTO stage_images (stage_id, image, image_digest, deploy_id, deployed_at) VALUES (?, ?, ?, ?, ?)'),
      images: db.prepare(
        'SELECT image, image_digest AS imageDigest, deploy_id AS deployId, deployed_at AS deployedAt FROM stage_images WHERE stage_id = ? ORDER BY deployed_at',
      ),
    };
  }

  /** Starts a deploy; a second one for the same target while one runs is refused. */
  start(input: {
    hostId: string;
    workloadId: string;
    targetKey: string;
    stageId: string | null;
    kind: DeployKind;
    image: string;
    oldContainerId: string | null;
  }): DeployRecord {
    const id = randomUUID();
    try {
      this.s.insert.run({ ...input, id, now: Date.now() });
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new AppError('DEPLOY_IN_PROGRESS', `this ${input.stageId ? 'stage' : 'target'} is already being deployed; wait for that deploy to finish.`);
      }
      throw error;
    }
    return this.get(id);
  }

  get(id: string): DeployRecord {
    const row = this.s.get.get(id) as DeployRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `there is no deploy with id ${id}`);
    return toRecord(row);
  }

  /** Records that `step` completed and the deploy moves on to `next`. */
  advance(id: string, done: DeployStep, next: DeployStep, extra: { imageDigest?: string; newContainerId?: string; message?: string } = {}): DeployRecord {
    this.db.transaction(() => {
      const current = this.get(id);
      const steps = [...current.steps, { step: done, status: 'done' as const, at: Date.now(), ...(extra.message ? { message: extra.message } : {}) }];
      this.s.advance.run(next, JSON.stringify(steps), extra.imageDigest ?? null, id);
      if (extra.newContainerId) this.s.setContainers.run(extra.newContainerId, id);
    })();
    return this.get(id);
  }

  /** Ends a deploy; a success also enters its image in the stage's rollback history. */
  finish(id: string, status: 'succeeded' | 'failed', error: string | null, last?: StepRecord): DeployRecord {
    this.db.transaction(() => {
      const current = this.get(id);
      const steps = last ? [...current.steps, last] : current.steps;
      const now = Date.now();
      this.s.finish.run(status, error, JSON.stringify(steps), now, id);
      if (status === 'succeeded' && current.imageDigest && current.stageId)
        this.s.recordImage.run(current.stageId, current.image, current.imageDigest, id, now);
    })();
    return this.get(id);
  }

  /** Deploys a crash left behind: found at boot and brought to a consistent state. */
  running(): DeployRecord[] {
    return (this.s.running.all() as DeployRow[]).map(toRecord);
  }

  /** The runs of a target (a stage id, a site's workload id), newest first. */
  history(targetKey: string, limit = 50): DeployRecord[] {
    return (this.s.history.all(targetKey, limit) as DeployRow[]).map(toRecord);
  }

  /** The newest deploys of every stage, with the names a list of them shows. */
  recent(limit: number): (DeployRecord & { workloadName: string; stageName: string | null })[] {
    return (this.s.recent.all(limit) as (DeployRow & { workload_name: string; stage_name: string | null })[]).map((r) => ({
      ...toRecord(r),
      workloadName: r.workload_name,
      stageName: r.stage_name,
    }));
  }

  /**
   * Runs that succeeded since `from` (ms) for a workload, a stage or a whole host, oldest first: what
   * stats charts mark on their time axis and compare around.
   */
  succeededSince(owner: { workloadId: string } | { stageId: string } | { hostId: string }, from: number): DeployRecord[] {
    const column = 'workloadId' in owner ? 'workload_id' : 'stageId' in owner ? 'stage_id' : 'host_id';
    const value = 'workloadId' in owner ? owner.workloadId : 'stageId' in owner ? owner.stageId : owner.hostId;
    const rows = this.db
      .prepare(`SELECT * FROM deploys WHERE ${column} = ? AND status = 'succeeded' AND finished_at >= ? ORDER BY finished_at LIMIT 1000`)
      .all(value, from) as DeployRow[];
    return rows.map(toRecord);
  }

  images(stageId: string): StageImage[] {
    return this.s.images.all(stageId) as StageImage[];
  }
}
