// The workloads.* slice of the contract: projects, stacks and sites share one list, one create per
// kind, one rename and one delete (refused while their containers still exist).
import type { WorkloadView } from '../../../shared/types';
import type { EventBus } from '../events';
import { siteLabel } from '../../../shared/publicNames';
import { assertSiteLabelFree, assertStageNamesFree } from '../proxy/publicNames';
import type { StackRouteRepo } from '../store/stackRouteRepo';
import { assertComposeValid } from '../stacks/composeChecks';
import type { Handlers } from '../rpc/handlers';
import type { WorkloadRepo } from '../store/workloadRepo';

export interface WorkloadHandlerDeps {
  workloads: WorkloadRepo;
  events: EventBus;
  /** NOT_FOUND for an id that names no host. */
  requireHost(hostId: string | undefined): void;
  /** Asks the host's reconciler for a pass, if the host is connected. */
  reconcile(hostId: string): Promise<void>;
  /**
   * What goes before a workload's record: a stack's published services leave the proxy; a site's
   * containers, route and version volumes go (it refuses, nothing changed, while containers that
   * only carry its labels exist).
   */
  release(workload: WorkloadView): Promise<void>;
  /** Stacks' published services: a new project's stages may not take their public names. */
  stackRoutes: Pick<StackRouteRepo, 'bySubdomain'>;
}

type WorkloadCalls = Extract<keyof Handlers, `workloads.${string}`>;

export function workloadHandlers({ workloads, events, requireHost, reconcile, release, stackRoutes }: WorkloadHandlerDeps): Pick<Handlers, WorkloadCalls> {
  const changed = (hostId: string) => events.emit('workloads.changed', { hostId });
  /** A new workload: containers already carrying its id or compose project are matched by a pass now. */
  const created = <W extends { hostId: string }>(workload: W): W => {
    changed(workload.hostId);
    void reconcile(workload.hostId);
    return workload;
  };
  return {
    'workloads.list': ({ hostId }) => {
      requireHost(hostId);
      return workloads.list(hostId);
    },
    'workloads.get': ({ id }) => workloads.get(id),
    'workloads.createProject': async (input) => {
      // A name the host has already is the first thing to say (the repository refuses it).
      if (!workloads.list(input.hostId).some((w) => w.name === input.name))
        assertStageNamesFree({ workloads, stackRoutes }, input.hostId, input.name, input.stages);
      return created(workloads.createProject(input));
    },
    'workloads.createStack': (input) => {
      // An empty file is a stack still to be written; anything else passes its checks first.
      if (input.composeFile.trim() !== '') assertComposeValid(input);
      return created(workloads.createStack(input));
    },
    'workloads.createSite': async (input) => {
      assertSiteLabelFree({ workloads, stackRoutes }, input.hostId, siteLabel(input.name, null));
      return created(workloads.createSite(input));
    },
    'workloads.rename': async ({ id, name }) => {
      // Names a public name derives from move with the rename: the new ones must be free.
      const current = workloads.get(id);
      if (current.kind === 'site' && current.subdomain === null) assertSiteLabelFree({ workloads, stackRoutes }, current.hostId, siteLabel(name, null), id);
      if (current.kind === 'project') assertStageNamesFree({ workloads, stackRoutes }, current.hostId, name, current.stages);
      const renamed = workloads.rename(id, name);
      changed(renamed.hostId);
      // Container rows show their workload's name.
      events.emit('containers.changed', { hostId: renamed.hostId });
      return renamed;
    },
    'workloads.delete': async ({ id }) => {
      const workload = workloads.get(id);
      const { hostId } = workload;
      // Refused (nothing changed) while containers exist: checked before anything goes. A site's own
      // containers are the app's to remove (its release checks for any other).
      if (workload.kind !== 'site') workloads.assertDeletable(id);
      await release(workload);
      workloads.delete(id);
      changed(hostId);
      events.emit('containers.changed', { hostId });
      return { deleted: true as const };
    },
  };
}
