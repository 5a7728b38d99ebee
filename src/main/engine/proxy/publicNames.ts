// One public name per host: `<label>.<domain>` reaches one thing, a project stage's route, a
// stack's published service or a site. Two routes for one name would take turns in the proxy, so
// every place that gives out a name asks here first.
import { AppError } from '../../../shared/errors';
import { siteLabel } from '../../../shared/publicNames';
import type { StageView, WorkloadView } from '../../../shared/types';
import { routeLabel } from './stageRoutes';
import type { StackRouteRepo } from '../store/stackRouteRepo';

export interface PublicNameDeps {
  workloads: { list(hostId: string): WorkloadView[] };
  stackRoutes: Pick<StackRouteRepo, 'bySubdomain'>;
}

/** Who holds `label` on the host, in words (`stage production of project shop`), or null; `except` is the asker itself. */
export function publicNameHolder(deps: PublicNameDeps, hostId: string, label: string, except: { workloadId?: string; stageId?: string } = {}): string | null {
  const route = deps.stackRoutes.bySubdomain(hostId, label);
  const workloads = deps.workloads.list(hostId);
  if (route) {
    const stack = workloads.find((w) => w.id === route.workloadId);
    return `service ${route.service} of ${route.workloadId === except.workloadId ? 'this stack' : `stack ${stack?.name ?? route.workloadId}`}`;
  }
  for (const workload of workloads) {
    if (workload.kind === 'project') {
      const stage = workload.stages.find((s) => s.id !== except.stageId && routeLabel(s, workload.name) === label);
      if (stage) return `stage ${stage.name} of project ${workload.name}`;
    } else if (workload.kind === 'site' && workload.id !== except.workloadId && siteLabel(workload.name, workload.subdomain) === label) {
      return `site ${workload.name}`;
    }
  }
  return null;
}

/**
 * CONFLICT when another route of the host holds a stage's public name (a new project's stages, an
 * added or edited stage). Nothing is saved.
 */
export function assertStageNamesFree(
  deps: PublicNameDeps,
  hostId: string,
  projectName: string,
  stages: readonly (Pick<StageView, 'name' | 'subdomain'> & { id?: string })[],
  /** Where the form being saved has each stage's subdomain field (a new project's `stages.0.subdomain`, a stage dialog's `stage.subdomain`). */
  pathOf: (index: number) => string = (index) => `stages.${index}.subdomain`,
): void {
  for (const [index, stage] of stages.entries()) {
    const label = routeLabel(stage, projectName);
    const holder = publicNameHolder(deps, hostId, label, stage.id ? { stageId: stage.id } : {});
    if (holder) {
      throw new AppError(
        'CONFLICT',
        `${label} is already the public name of ${holder} on this host; choose another subdomain for stage ${stage.name}. Nothing was saved.`,
        { subdomain: label },
        [{ path: pathOf(index), message: 'is taken on this host' }],
      );
    }
  }
}

/** CONFLICT when another route of the host holds a site's public name (its subdomain, or the label its name makes). Nothing is saved. */
export function assertSiteLabelFree(deps: PublicNameDeps, hostId: string, label: string, siteId?: string): void {
  const holder = publicNameHolder(deps, hostId, label, siteId ? { workloadId: siteId } : {});
  if (holder) {
    throw new AppError(
      'CONFLICT',
      `${label} is already the public name of ${holder} on this host; choose another subdomain. Nothing was saved.`,
      { subdomain: label },
      [{ path: 'subdomain', message: 'is taken on this host' }],
    );
  }
}
