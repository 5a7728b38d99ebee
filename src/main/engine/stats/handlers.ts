// The stats.* slice of the contract: history for a container, a workload or a host (with deploys and
// rollbacks marked), a stage's before/after around its deploys, the history's size and clearing it.
import { AppError } from '../../../shared/errors';
import type { DeployImpact, StatsMarker, StatsMarkerKind } from '../../../shared/stats';
import type { Handlers } from '../rpc/handlers';
import type { DeployRecord, DeployRepo } from '../store/deployRepo';
import type { HostRepo } from '../store/hostRepo';
import type { WorkloadRepo } from '../store/workloadRepo';
import type { StatsStore } from './statsStore';
import type { StopRecord, StopRepo } from '../store/stopRepo';
import type { ContainerRepo } from '../store/containerRepo';

export interface StatsHandlerDeps {
  store: StatsStore;
  deploys: Pick<DeployRepo, 'succeededSince'>;
  stops: Pick<StopRepo, 'crashesSince'>;
  containers: Pick<ContainerRepo, 'get'>;
  workloads: Pick<WorkloadRepo, 'get'>;
  hosts: Pick<HostRepo, 'get'>;
  now?: () => number;
}

type StatsCalls = Extract<keyof Handlers, `stats.${string}`>;

/** Before and after a deploy: the stage's containers half an hour either side of its switch. */
export const IMPACT_WINDOW_MS = 30 * 60 * 1000;

/** A promote is a deploy of the image it copies, on the axis. */
const markerKind = (d: DeployRecord): StatsMarkerKind => (d.kind === 'rollback' ? 'rollback' : 'deploy');

export function toMarkers(deploys: readonly DeployRecord[], crashes: readonly StopRecord[] = []): StatsMarker[] {
  const marks: StatsMarker[] = deploys.map((d) => ({ at: d.finishedAt ?? d.startedAt, kind: markerKind(d), label: d.image }));
  // A crash and an OOM kill are both the container dying on its own: one kind of mark, named.
  for (const c of crashes) marks.push({ at: c.at, kind: 'crash', label: c.name });
  return marks.sort((a, b) => a.at - b.at);
}

export function statsHandlers(deps: StatsHandlerDeps): Pick<Handlers, StatsCalls> {
  const { store } = deps;
  const now = deps.now ?? Date.now;
  return {
    'stats.history': async ({ scope, id, range }) => {
      if (scope === 'workload') deps.workloads.get(id);
      if (scope === 'host' && !deps.hosts.get(id)) throw new AppError('NOT_FOUND', `there is no host with id ${id}`, { hostId: id });
      const at = now();
      const read = store.read(scope, id, range, at);
      let markers: StatsMarker[] = [];
      if (scope === 'workload')
        markers = toMarkers(deps.deploys.succeededSince({ workloadId: id }, read.from), deps.stops.crashesSince({ workloadId: id }, read.from));
      else if (scope === 'host')
        markers = toMarkers(deps.deploys.succeededSince({ hostId: id }, read.from), deps.stops.crashesSince({ hostId: id }, read.from));
      else {
        // The container's own crashes only: its row names its Docker id, which the stop records carry.
        // A row removed since keeps its series in the history, which still names the workload.
        const row = deps.containers.get(id);
        const workloadId = row?.workloadId ?? store.workloadOf(id);
        const dockerId = row?.dockerId;
        const own = workloadId && dockerId ? deps.stops.crashesSince({ workloadId }, read.from).filter((c) => c.dockerId === dockerId) : [];
        if (workloadId) markers = toMarkers(deps.deploys.succeededSince({ workloadId }, read.from), own);
      }
      return { scope, id, range, stepSec: read.stepSec, from: read.from, to: at, times: read.times, series: read.series, markers };
    },
    'stats.deployImpact': async ({ stageId }) => {
      const at = now();
      // History reaches back 90 days; the newest 20 deploys are what a stage page shows.
      const recent = deps.deploys
        .succeededSince({ stageId }, at - 90 * 24 * 3600 * 1000)
        .slice(-20)
        .reverse();
      return recent.map((d): DeployImpact => {
        const switched = d.finishedAt ?? d.startedAt;
        const sec = (ms: number) => Math.floor(ms / 1000);
        return {
          deployId: d.id,
          kind: markerKind(d),
          image: d.image,
          at: switched,
          before: store.stageWindow(stageId, sec(switched - IMPACT_WINDOW_MS), sec(switched), sec(at)),
          after: store.stageWindow(stageId, sec(switched), sec(Math.min(at, switched + IMPACT_WINDOW_MS)), sec(at)),
        };
      });
    },
    'stats.size': async () => store.size(),
    'stats.clear': async () => {
      store.clear();
      return store.size();
    },
  };
}
