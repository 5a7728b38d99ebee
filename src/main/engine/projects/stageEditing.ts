// Editing a project's stages once it exists. The checks that protect running work live here:
// nothing changes while a deploy of the stage runs (its recorded steps use the settings it started
// with), and a stage whose instances still run is not removed. Containers and routes are joined to
// their stage by id, so a rename leaves them where they are; only the public host name, which a
// stage without a subdomain derives from its name, has to move on the proxy (the proxy reconcile
// moves it, from the store).
import type Dockerode from 'dockerode';
import { AppError } from '../../../shared/errors';
import type { StageInput, StageView, WorkloadView } from '../../../shared/types';
import { routeHost } from '../proxy/stageRoutes';
import { assertStageNamesFree } from '../proxy/publicNames';
import type { ProxyDriver } from '../proxy/proxyDriver';
import type { DeployRepo } from '../store/deployRepo';
import type { StackRouteRepo } from '../store/stackRouteRepo';
import type { StageRepo } from '../store/stageRepo';
import type { WorkloadRepo } from '../store/workloadRepo';
import { ignoreNotFound } from '../docker/dockerErrors';

export interface StageEditingDeps {
  workloads: WorkloadRepo;
  stages: StageRepo;
  deploys: DeployRepo;
  /** The proxy of the project's host: only the ProxyDriver interface is used. */
  proxy(hostId: string): ProxyDriver;
  /** The host's Docker client, or DOCKER_UNREACHABLE. */
  docker(hostId: string): Dockerode;
  /** Public host names are `<label>.<domain>`, the domain of the project's host. */
  domain(hostId: string): string;
  /** Runs a proxy reconcile pass of the host now (never rejects; a failure is logged and retried). */
  reconcileProxy(hostId: string): Promise<void>;
  /** Stacks' published services: a stage may not take a public name one of them (or anything else) holds. */
  stackRoutes: Pick<StackRouteRepo, 'bySubdomain'>;
}

/** States in which an instance still serves or is about to: a stage with one is not removed. */
const ACTIVE_STATES = new Set(['running', 'restarting', 'paused', 'pending', 'removing']);

function requireProject(workloads: WorkloadRepo, workloadId: string): Extract<WorkloadView, { kind: 'project' }> {
  const project = workloads.get(workloadId);
  if (project.kind !== 'project') throw new AppError('NOT_FOUND', `there is no project with id ${workloadId}`);
  return project;
}

function refuseWhileDeploying(deploys: DeployRepo, stage: StageView, what: string): void {
  if (deploys.running().some((d) => d.stageId === stage.id)) {
    throw new AppError('DEPLOY_IN_PROGRESS', `stage ${stage.name} is being deployed; wait for that deploy to finish, then ${what} again. Nothing was changed.`);
  }
}

export function addStage(deps: StageEditingDeps, workloadId: string, stage: StageInput): WorkloadView {
  const project = requireProject(deps.workloads, workloadId);
  assertStageNamesFree(deps, project.hostId, project.name, [stage], () => 'stage.subdomain');
  deps.stages.add(project.id, stage);
  return deps.workloads.get(project.id);
}

export async function updateStage(deps: StageEditingDeps, stageId: string, next: StageInput): Promise<WorkloadView> {
  const { project, stage } = deps.workloads.stageContext(stageId);
  refuseWhileDeploying(deps.deploys, stage, 'save');
  deps.stages.assertNameFree(project.id, stageId, next.name);
  assertStageNamesFree(deps, project.hostId, project.name, [{ ...next, id: stageId }], () => 'stage.subdomain');
  const moves = routeHost(stage, project.name, deps.domain(project.hostId)) !== routeHost(next, project.name, deps.domain(project.hostId));
  const routed = deps.stages.containers(stageId).some((c) => c.proxyRouteId);
  // Desired state first, in the same synchronous step as the check above (a deploy cannot start
  // between them). A stage without a subdomain takes its public name from its own name, so its
  // route moves: the proxy reconcile rewrites it from the store (same id and upstream, the health
  // checks kept), exactly as it repairs any other drift, and a pass running meanwhile can only
  // write the new name. Until it lands, routes.list shows the route as differing.
  deps.stages.update(project.id, stageId, next);
  if (moves && routed) await deps.reconcileProxy(project.hostId);
  return deps.workloads.get(project.id);
}

export async function removeStage(deps: StageEditingDeps, stageId: string): Promise<WorkloadView> {
  const { project, stage } = deps.workloads.stageContext(stageId);
  if (project.stages.length <= 1) {
    throw new AppError(
      'CONFLICT',
      `stage ${stage.name} is the only stage of ${project.name}; a project needs at least one. Add another stage first, or delete the project.`,
    );
  }
  refuseWhileDeploying(deps.deploys, stage, 'remove it');
  const rows = deps.stages.containers(stageId);
  const active = rows.filter((r) => ACTIVE_STATES.has(r.state));
  if (active.length > 0) {
    const names = active.map((r) => `${r.name} (${r.state})`).join(', ');
    throw new AppError(
      'CONFLICT',
      `stage ${stage.name} still has ${active.length} running instance(s): ${names}. Stop them first, then remove the stage. Nothing was removed.`,
    );
  }
  const routeIds = new Set(rows.flatMap((r) => (r.proxyRouteId ? [r.proxyRouteId] : [])));
  if (routeIds.size > 0) {
    const proxy = deps.proxy(project.hostId);
    await proxy.ensure();
    // Desired state first: while the rows still held the routes, the proxy reconcile (it runs after
    // every Docker event) would put them back between this removal and the rows' deletion.
    const routed = rows.filter((r) => r.proxyRouteId);
    deps.stages.setRoutes(routed.map((r) => ({ rowId: r.id, routeId: null })));
    try {
      for (const id of routeIds) await proxy.removeRoute(id);
    } catch (error) {
      deps.stages.setRoutes(routed.map((r) => ({ rowId: r.id, routeId: r.proxyRouteId })));
      throw error;
    }
  }
  const stopped = rows.filter((r) => r.dockerId !== '' && r.state !== 'missing');
  if (stopped.length > 0) {
    const docker = deps.docker(project.hostId);
    for (const row of stopped) {
      await docker.getContainer(row.dockerId).remove().catch(ignoreNotFound);
    }
  }
  // A deploy may have begun while Docker was busy: its record must not lose its stage under it.
  // By now the stage's routes and stopped containers are gone, so say so rather than "nothing".
  if (deps.deploys.running().some((d) => d.stageId === stage.id)) {
    throw new AppError(
      'DEPLOY_IN_PROGRESS',
      `a deploy of stage ${stage.name} began while it was being removed. Its stopped instances and its route were already removed; the stage itself was kept for the deploy. Remove it again once the deploy has finished.`,
    );
  }
  deps.stages.remove(stageId);
  return deps.workloads.get(project.id);
}
