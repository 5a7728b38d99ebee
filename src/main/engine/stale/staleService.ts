// The stale page's I/O: reads the store and each host's Docker, lets stalePlan decide, and removes
// exactly a confirmed plan after checking it again. A host that cannot be asked contributes its
// stored rows only (missing ones may still be dropped from the store; nothing on it is removed).
import type Dockerode from 'dockerode';
import { AppError } from '../../../shared/errors';
import type { StaleListView, StaleRemovalPlan } from '../../../shared/types';
import { isNotFound } from '../docker/dockerErrors';
import type { ContainerRepo } from '../store/containerRepo';
import type { StaleRecords } from '../store/staleRecords';
import type { StopRepo } from '../store/stopRepo';
import { planRemoval, recheck, staleContainers, staleImages } from './stalePlan';
import type { HostFacts, Refusal, RemovalContext, RemovalRequest } from './stalePlan';
import type { Pins } from '../store/staleRecords';

export interface StaleServiceDeps {
  containers: ContainerRepo;
  records: StaleRecords;
  stops: Pick<StopRepo, 'intend'>;
  afterDays: () => number;
  /** The hosts that have a record, in order. */
  hostIds: () => string[];
  /** The connected host's client; throws when it is not up. */
  docker: (hostId: string) => Dockerode;
  /** Drops a row the app removed (and tells the reconciler not to bring it back from a stale list). */
  removeRow: (rowId: string) => void;
  /** Tells views the containers of a host changed. */
  changed: (hostId: string) => void;
  now?: () => number;
}

export class StaleService {
  private readonly now: () => number;

  constructor(private readonly deps: StaleServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  async list(hostId?: string): Promise<StaleListView> {
    const afterDays = this.deps.afterDays();
    const now = this.now();
    const containers = staleContainers(this.deps.containers.list(hostId), now, afterDays);
    const images: StaleListView['images'] = [];
    const unreachableHosts: string[] = [];
    for (const id of hostId === undefined ? this.deps.hostIds() : [hostId]) {
      const facts = await this.facts(id);
      if (!facts) {
        unreachableHosts.push(id);
        continue;
      }
      images.push(...staleImages(this.deps.records.ownedImages(id), id, facts, this.deps.records.pins(id), now, afterDays));
    }
    return { afterDays, containers, images, unreachableHosts };
  }

  async dryRun(request: RemovalRequest): Promise<StaleRemovalPlan> {
    const hosts = this.hostsOf(request.containerIds, request.images);
    const ctx = await this.context(hosts);
    const { plan, refused } = planRemoval(request, ctx);
    if (refused.length > 0) throw refusal(refused);
    return plan;
  }

  /** Removes exactly `confirmed`, after checking every item again; refuses the whole call otherwise. */
  async remove(confirmed: StaleRemovalPlan): Promise<StaleRemovalPlan> {
    const hosts = new Set([...confirmed.containers.map((c) => c.hostId), ...confirmed.images.map((i) => i.hostId), ...confirmed.volumes.map((v) => v.hostId)]);
    const ctx = await this.context(hosts);
    const refused = recheck(confirmed, ctx);
    if (refused.length > 0) throw refusal(refused);

    const done: StaleRemovalPlan = { containers: [], images: [], volumes: [] };
    for (const c of confirmed.containers) {
      if (!c.storeOnly) {
        const settle = this.deps.stops.intend(c.hostId, [c.dockerId], 'stale');
        // Not forced: a container started since the check is refused by Docker rather than killed.
        await this.deps.docker(c.hostId).getContainer(c.dockerId).remove({ force: false, v: false }).catch(ignoreGone).finally(settle);
      }
      this.deps.removeRow(c.id);
      done.containers.push(c);
    }
    for (const image of confirmed.images) {
      const docker = this.deps.docker(image.hostId);
      // The names come from Docker, never from the caller: a plan naming another image's tag would
      // otherwise untag (and maybe delete) that image.
      const names = ctx.facts.get(image.hostId)?.images.find((i) => i.imageId === image.imageId)?.names ?? [];
      // By each name first: removing a multi-tagged image by id needs force, which would also take
      // an image a container created meanwhile uses. The last untag deletes it.
      for (const name of names) await docker.getImage(name).remove({ noprune: false }).catch(ignoreGone);
      await docker.getImage(image.imageId).remove({ noprune: false }).catch(ignoreGone);
      done.images.push({ ...image, names });
    }
    for (const volume of confirmed.volumes) {
      await this.deps.docker(volume.hostId).getVolume(volume.name).remove().catch(ignoreGone);
      done.volumes.push(volume);
    }
    for (const hostId of hosts) this.deps.changed(hostId);
    return done;
  }

  private hostsOf(containerIds: readonly string[], images: readonly { hostId: string }[]): Set<string> {
    const hosts = new Set(images.map((i) => i.hostId));
    for (const id of containerIds) {
      const row = this.deps.containers.get(id);
      if (row) hosts.add(row.hostId);
    }
    return hosts;
  }

  private async context(hosts: ReadonlySet<string>): Promise<RemovalContext> {
    const now = this.now();
    const afterDays = this.deps.afterDays();
    const rows = this.deps.containers.list();
    const facts = new Map<string, HostFacts | null>();
    const pins: { imageIds: Set<string>; volumes: Set<string> } = { imageIds: new Set(), volumes: new Set() };
    const images: RemovalContext['staleImages'][number][] = [];
    for (const hostId of hosts) {
      const f = await this.facts(hostId);
      facts.set(hostId, f);
      const p: Pins = this.deps.records.pins(hostId);
      for (const id of p.imageIds) pins.imageIds.add(id);
      for (const v of p.volumes) pins.volumes.add(v);
      if (f) images.push(...staleImages(this.deps.records.ownedImages(hostId), hostId, f, p, now, afterDays));
    }
    return { stale: staleContainers(rows, now, afterDays), rows: new Map(rows.map((r) => [r.id, r])), facts, pins, staleImages: images };
  }

  /** Every container and image on the host, as the plan reads them; null when the host is not up. */
  private async facts(hostId: string): Promise<HostFacts | null> {
    let docker: Dockerode;
    try {
      docker = this.deps.docker(hostId);
    } catch {
      return null;
    }
    const [containers, images] = await Promise.all([docker.listContainers({ all: true }), docker.listImages({ all: false })]);
    return {
      containers: containers.map((c) => ({
        dockerId: c.Id,
        imageId: c.ImageID,
        volumes: (c.Mounts ?? []).filter((m) => m.Type === 'volume' && m.Name).map((m) => m.Name!),
      })),
      images: images.map((i) => ({ imageId: i.Id, names: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'), sizeBytes: i.Size })),
    };
  }
}

function ignoreGone(error: unknown): void {
  if (!isNotFound(error)) throw error;
}

function refusal(refused: Refusal[]): AppError {
  const details = { refused: refused.map((r) => ({ kind: r.kind, name: r.name, why: r.why })) };
  if (refused.some((r) => r.why === 'not-owned')) {
    return new AppError('FORBIDDEN', `${refused.map((r) => r.name).join(', ')}: not Tinyforge's own, or not stale; nothing was removed.`, details);
  }
  return new AppError(
    'STALE_CHANGED',
    `${refused.map((r) => `${r.name} (${r.why})`).join(', ')} changed since the list was made; nothing was removed. Review the list again.`,
    details,
  );
}
