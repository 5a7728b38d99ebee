// Blue-green deploys of a project stage: what a deploy, a rollback and a promote ask of the
// blue-green runner (bluegreen/runner.ts), with a stage as the runner's target. The stage's image
// repository and tag, its env, port, health check, subdomain and max_instances become the target;
// the runner records and advances the run, recovers it after a crash and closes it with the host.
import type Dockerode from 'dockerode';
import { AppError } from '../../../shared/errors';
import type { PullProgress, StageView } from '../../../shared/types';
import { BlueGreenRunner } from '../bluegreen/runner';
import type { BlueGreenTarget, RunnerDeps } from '../bluegreen/runner';
import { rollbackTarget } from '../bluegreen/steps';
import { canonicalLabels, workloadNetwork } from '../docker/labels';
import { stageRoute } from '../proxy/stageRoutes';
import type { DeployKind, DeployRecord } from '../store/deployRepo';
import type { WorkloadRepo } from '../store/workloadRepo';

export { DEPLOY_STEPS } from '../bluegreen/steps';

export interface DeployerDeps extends Omit<RunnerDeps, 'targetOf'> {
  workloads: WorkloadRepo;
}

export interface DeployRequest {
  stageId: string;
  kind?: DeployKind;
  /** A tag of the project's repository... */
  imageTag?: string;
  /** ...or an exact image (an id or digest, for rollback and promote). */
  image?: string;
}

/**
 * The name a deploy gives its new container. Computed once, when the deploy creates its placeholder
 * row, and read back from that row afterwards: a project or stage renamed since would give another.
 */
export function containerName(projectName: string, stageName: string, deployId: string): string {
  return `${projectName.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-')}-${stageName}-${deployId.slice(0, 8)}`;
}

/** A project stage as the runner's target. */
export function stageTarget(project: { id: string; name: string }, stage: StageView): BlueGreenTarget {
  return {
    key: stage.id,
    workloadId: project.id,
    kind: 'project',
    stageId: stage.id,
    role: stage.name,
    network: workloadNetwork(project.id),
    port: stage.port,
    healthPath: stage.port === null ? null : stage.healthCheckPath,
    healthTimeoutSec: stage.healthTimeoutSec,
    maxInstances: stage.maxInstances,
    subdomain: stage.subdomain,
    containerName: (runId) => containerName(project.name, stage.name, runId),
    route: (routeId, domain, upstream, port) => stageRoute(routeId, stage, project.name, domain, upstream, port),
    createOptions: (): Dockerode.ContainerCreateOptions => ({
      Labels: canonicalLabels(project.id, 'project', stage.name),
      Env: Object.entries(stage.env).map(([k, v]) => `${k}=${v}`),
      // Init: Docker's tiny init runs as PID 1 and passes SIGTERM on. Many app images run their
      // server as PID 1, where the kernel ignores SIGTERM without a handler: the drained instance
      // would then sit out the whole stop grace and die by SIGKILL (exit 137, read as a crash).
      HostConfig: { Init: true },
    }),
  };
}

/** The stage a target key names as a runner target; null when the key is not a stage (a site's). */
export function stageTargetOf(workloads: WorkloadRepo, key: string): BlueGreenTarget | null {
  let context: ReturnType<WorkloadRepo['stageContext']>;
  try {
    context = workloads.stageContext(key);
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
  return stageTarget(context.project, context.stage);
}

export class Deployer {
  private readonly runner: BlueGreenRunner;

  constructor(private readonly deps: DeployerDeps) {
    this.runner = new BlueGreenRunner({
      ...deps,
      targetOf: (key) => stageTargetOf(deps.workloads, key),
    });
  }

  /**
   * Runs a deploy to the end and resolves with its final record (failed deploys resolve too: the
   * record says why). Refuses a second deploy of a stage while one runs (DEPLOY_IN_PROGRESS).
   */
  async deploy(input: DeployRequest): Promise<DeployRecord> {
    return this.begin(input).done;
  }

  /**
   * Records the deploy (refusing a second one for the stage with DEPLOY_IN_PROGRESS) and runs it in
   * the background: the caller gets the record at once and hears progress through onChange.
   */
  begin(input: DeployRequest): { record: DeployRecord; done: Promise<DeployRecord> } {
    this.runner.assertOpen();
    const { project, stage } = this.deps.workloads.stageContext(input.stageId);
    if (project.hostId !== this.deps.hostId) throw new AppError('FORBIDDEN', `stage ${stage.name} belongs to another host.`, { stageId: stage.id });
    const image = input.image ?? `${project.imageRepository}:${input.imageTag ?? stage.imageTag}`;
    return this.runner.begin(stageTarget(project, stage), image, input.kind ?? 'deploy');
  }

  /** Returns the stage to the newest earlier image (by digest) it ran successfully. */
  async rollback(stageId: string): Promise<DeployRecord> {
    return this.beginRollback(stageId).done;
  }

  beginRollback(stageId: string): { record: DeployRecord; done: Promise<DeployRecord> } {
    const target = rollbackTarget(this.deps.deploys.images(stageId));
    if (!target) throw new AppError('CONFLICT', 'this stage has no earlier successful image to roll back to.', { stageId });
    return this.begin({ stageId, kind: 'rollback', image: target.imageDigest });
  }

  /** Deploys the exact image (by digest) that `fromStageId` runs now to `toStageId` of the same project. */
  async promote(fromStageId: string, toStageId: string): Promise<DeployRecord> {
    return this.beginPromote(fromStageId, toStageId).done;
  }

  beginPromote(fromStageId: string, toStageId: string): { record: DeployRecord; done: Promise<DeployRecord> } {
    const from = this.deps.workloads.stageContext(fromStageId);
    const to = this.deps.workloads.stageContext(toStageId);
    if (from.project.id !== to.project.id) throw new AppError('FORBIDDEN', 'promote works between stages of one project.');
    if (fromStageId === toStageId) throw new AppError('CONFLICT', 'promote needs two different stages.');
    const current = this.deps.deploys.images(fromStageId).at(-1);
    if (!current) throw new AppError('CONFLICT', `stage ${from.stage.name} has no successful deploy to promote.`, { stageId: fromStageId });
    return this.begin({ stageId: toStageId, kind: 'promote', image: current.imageDigest });
  }

  /** Settles the deploys a crash left `running` on this host (see BlueGreenRunner.recover). */
  recover(): Promise<DeployRecord[]> {
    return this.runner.recover();
  }

  /** The pull progress of a running deploy, while its image step pulls; null otherwise. */
  livePull(deployId: string): PullProgress | null {
    return this.runner.livePull(deployId);
  }

  /** Stops this host's deploys for good (see BlueGreenRunner.close). */
  close(): Promise<void> {
    return this.runner.close();
  }
}
