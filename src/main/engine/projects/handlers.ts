// The project slice of the contract: stages edited, blue-green deploys with rollback and promote,
// their history and images, and the project's proxy routes.
import type Dockerode from 'dockerode';
import { AppError } from '../../../shared/errors';
import type { PullProgress } from '../../../shared/types';
import type { EventBus } from '../events';
import type { AttachableProxy } from '../proxy/proxyDriver';
import type { Handlers } from '../rpc/handlers';
import type { DeployRecord, DeployRepo } from '../store/deployRepo';
import type { DeployerRows } from '../store/deployerRows';
import type { StageRepo } from '../store/stageRepo';
import type { WorkloadRepo } from '../store/workloadRepo';
import type { Deployer } from './deployer';
import { listProjectRoutes } from './projectRoutes';
import { deployView } from '../bluegreen/deployView';
import { addStage, removeStage, updateStage } from './stageEditing';
import type { StageEditingDeps } from './stageEditing';
import { digestNames, inspectPresence, stageImageViews } from './stageImages';

export interface ProjectHandlerDeps {
  workloads: WorkloadRepo;
  stages: StageRepo;
  deploys: DeployRepo;
  deployerRows: DeployerRows;
  events: EventBus;
  log: (message: string) => void;
  deployer(hostId: string): Deployer;
  livePull(hostId: string, deployId: string): PullProgress | null;
  proxy(hostId: string): AttachableProxy;
  domain(hostId: string): string;
  /** The connected Docker host's client, or DOCKER_UNREACHABLE. */
  docker(hostId: string): Dockerode;
  reconcile(hostId: string): Promise<void>;
  reconcileProxy(hostId: string): Promise<void>;
  stackRoutes: StageEditingDeps['stackRoutes'];
}

type ProjectCalls = Extract<keyof Handlers, `stages.${string}` | `deploys.${string}` | 'routes.list'>;

export function projectHandlers(deps: ProjectHandlerDeps): Pick<Handlers, ProjectCalls> {
  const { workloads, deploys, events, log } = deps;
  const stageEditing: StageEditingDeps = {
    workloads,
    stages: deps.stages,
    deploys,
    proxy: deps.proxy,
    docker: deps.docker,
    domain: deps.domain,
    reconcileProxy: deps.reconcileProxy,
    stackRoutes: deps.stackRoutes,
  };
  const changed = (hostId: string) => events.emit('workloads.changed', { hostId });
  const stageChanged = (view: { hostId: string }) => {
    changed(view.hostId);
    // Container rows show their stage's name.
    events.emit('containers.changed', { hostId: view.hostId });
  };
  /** A run begun in the background: its record now, its end reported through deploys.changed. */
  const started = (what: string, { record, done }: { record: DeployRecord; done: Promise<DeployRecord> }) => {
    void done.catch((error: unknown) => log(`${what} ${record.id} crashed: ${String(error)}`));
    return deployView(record);
  };
  const hostOf = (stageId: string) => workloads.stageContext(stageId).project.hostId;
  return {
    'stages.add': ({ workloadId, stage }) => {
      const project = addStage(stageEditing, workloadId, stage);
      changed(project.hostId);
      return project;
    },
    'stages.update': async ({ stageId, stage }) => {
      const project = await updateStage(stageEditing, stageId, stage);
      stageChanged(project);
      return project;
    },
    'stages.remove': async ({ stageId }) => {
      const project = await removeStage(stageEditing, stageId);
      stageChanged(project);
      void deps.reconcile(project.hostId);
      return project;
    },
    'deploys.start': ({ stageId, imageTag }) => started('deploy', deps.deployer(hostOf(stageId)).begin({ stageId, imageTag })),
    'deploys.rollback': ({ stageId }) => started('rollback', deps.deployer(hostOf(stageId)).beginRollback(stageId)),
    'deploys.promote': ({ fromStageId, toStageId }) => started('promote', deps.deployer(hostOf(toStageId)).beginPromote(fromStageId, toStageId)),
    'deploys.list': ({ stageId }) => {
      const hostId = hostOf(stageId);
      // Pull progress lives in the deployer's memory, not in the record: the running deploy gets it here.
      return deploys.history(stageId).map((d) => deployView(d.status === 'running' ? { ...d, pull: deps.livePull(hostId, d.id) } : d));
    },
    'deploys.recent': ({ limit }) => deploys.recent(limit).map(deployView),
    'deploys.images': async ({ stageId }) => {
      const { project } = workloads.stageContext(stageId);
      const history = deploys.images(stageId);
      const presence = await inspectPresence(() => deps.docker(project.hostId), [...new Set(history.map((h) => h.imageDigest))]);
      const names = digestNames(project.stages.map((s) => deploys.images(s.id)));
      return stageImageViews(history, (digest) => presence.get(digest) ?? 'unknown', names);
    },
    'routes.list': ({ workloadId }) => {
      const project = workloads.get(workloadId);
      if (project.kind !== 'project') throw new AppError('NOT_FOUND', `there is no project with id ${workloadId}`, { workloadId });
      return listProjectRoutes(project, deps.deployerRows.routedOfWorkload(project.id), () => deps.proxy(project.hostId), deps.domain(project.hostId));
    },
  };
}
