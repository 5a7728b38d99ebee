// The sites.* slice of the contract: a site's settings, uploads (checked first, then copied and
// served in the background), cancel, versions, rollback and its blue-green runs.
import { AppError } from '../../../shared/errors';
import type { EventBus } from '../events';
import type { Handlers } from '../rpc/handlers';
import { deployView } from '../bluegreen/deployView';
import type { DeployRepo } from '../store/deployRepo';
import type { SiteRepo } from '../store/siteRepo';
import type { StackRouteRepo } from '../store/stackRouteRepo';
import type { WorkloadRepo } from '../store/workloadRepo';
import { publicNameHolder } from '../proxy/publicNames';
import { siteLabel } from '../../../shared/publicNames';
import type { SiteService } from './siteService';

export interface SiteHandlerDeps {
  workloads: WorkloadRepo;
  sites: SiteRepo;
  deploys: DeployRepo;
  stackRoutes: Pick<StackRouteRepo, 'bySubdomain'>;
  events: EventBus;
  /** The site service of a host (its scope's). */
  service(hostId: string): SiteService;
}

type SiteCalls = Extract<keyof Handlers, `sites.${string}`>;

export function siteHandlers(deps: SiteHandlerDeps): Pick<Handlers, SiteCalls> {
  const { workloads, sites, events } = deps;
  const siteOf = (id: string) => {
    const workload = workloads.get(id);
    if (workload.kind !== 'site') throw new AppError('NOT_FOUND', `${workload.name} is not a site.`, { workloadId: id });
    return workload;
  };
  return {
    'sites.update': async ({ id, subdomain, options, keepVersions }) => {
      const site = siteOf(id);
      const label = siteLabel(site.name, subdomain);
      const holder = publicNameHolder({ workloads, stackRoutes: deps.stackRoutes }, site.hostId, label, { workloadId: site.id });
      if (holder) {
        throw new AppError(
          'CONFLICT',
          `${label} is already the public name of ${holder} on this host; choose another subdomain. Nothing was saved.`,
          { subdomain: label },
          [{ path: 'subdomain', message: 'is taken on this host' }],
        );
      }
      sites.update(id, { subdomain, options, keepVersions });
      events.emit('workloads.changed', { hostId: site.hostId });
      return workloads.get(id);
    },
    'sites.deploy': async ({ id, source }) => deps.service(siteOf(id).hostId).deploy(id, source),
    'sites.cancel': async ({ id }) => ({ cancelled: deps.service(siteOf(id).hostId).cancel(id) }),
    'sites.versions': async ({ id }) => deps.service(siteOf(id).hostId).versions(id),
    'sites.rollback': async ({ id, versionId }) => deployView(deps.service(siteOf(id).hostId).rollback(id, versionId)),
    'sites.deploys': async ({ id }) => {
      siteOf(id);
      return deps.deploys.history(id).map(deployView);
    },
  };
}
