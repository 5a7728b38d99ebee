// What is stale and what a removal may take, decided over plain data: the store's rows, what
// Docker has on each host, and what the app's records pin. The service gathers those and acts; the
// rules live here. Never a container the app does not own (labels are claims: provenance decides),
// never an image a stage can roll back to or a stack version pins, never a volume of a kept site
// version, never anything another container still uses.
import type { ContainerView, StaleContainerView, StaleImageView, StaleRemovalPlan } from '../../../shared/types';
import type { OwnedImage, Pins } from '../store/staleRecords';

export const DAY_MS = 86_400_000;

/** What Docker has on one host: every container (whoever owns it) and every image. */
export interface HostFacts {
  containers: { dockerId: string; imageId: string; volumes: string[] }[];
  images: { imageId: string; names: string[]; sizeBytes: number }[];
}

const OWN = new Set(['created', 'trusted']);

/** When a stopped or vanished row went out of use, by the reconciler's clock (not Docker's Created). */
export function staleSince(row: Pick<ContainerView, 'state' | 'missingSince' | 'finishedAt' | 'startedAt' | 'firstSeenAt'>): number {
  if (row.state === 'missing') return row.missingSince ?? row.firstSeenAt;
  return row.finishedAt ?? row.startedAt ?? row.firstSeenAt;
}

/** The app's own rows exited, dead or missing for at least `afterDays`, oldest first. */
export function staleContainers(rows: readonly ContainerView[], now: number, afterDays: number): StaleContainerView[] {
  const out: StaleContainerView[] = [];
  for (const row of rows) {
    if (!OWN.has(row.provenance) || row.dockerId === '') continue;
    if (row.state !== 'exited' && row.state !== 'dead' && row.state !== 'missing') continue;
    const since = staleSince(row);
    const age = now - since;
    if (age < afterDays * DAY_MS) continue;
    out.push({
      id: row.id,
      hostId: row.hostId,
      workloadId: row.workloadId,
      workloadName: row.workloadName,
      kind: row.kind,
      role: row.role,
      name: row.name,
      image: row.image,
      state: row.state,
      exitCode: row.exitCode,
      stopKind: row.stopKind,
      staleSince: since,
      daysStale: Math.floor(age / DAY_MS),
    });
  }
  return out.sort((a, b) => a.staleSince - b.staleSince || a.name.localeCompare(b.name));
}

/** The app's images on a host that no container uses, nothing pins, and no record used for `afterDays`. */
export function staleImages(owned: readonly OwnedImage[], hostId: string, facts: HostFacts, pins: Pins, now: number, afterDays: number): StaleImageView[] {
  const used = new Set(facts.containers.map((c) => c.imageId));
  const present = new Map(facts.images.map((i) => [i.imageId, i]));
  const last = new Map<string, number>();
  for (const o of owned) if (o.hostId === hostId) last.set(o.imageId, Math.max(last.get(o.imageId) ?? 0, o.lastUsedAt));
  const out: StaleImageView[] = [];
  for (const [imageId, lastUsedAt] of last) {
    const image = present.get(imageId);
    if (!image || used.has(imageId) || pins.imageIds.has(imageId)) continue;
    const age = now - lastUsedAt;
    if (age < afterDays * DAY_MS) continue;
    out.push({ hostId, imageId, names: image.names, sizeBytes: image.sizeBytes, lastUsedAt, daysStale: Math.floor(age / DAY_MS) });
  }
  return out.sort((a, b) => a.lastUsedAt - b.lastUsedAt);
}

export interface RemovalRequest {
  containerIds: readonly string[];
  images: readonly { hostId: string; imageId: string }[];
  withImages: boolean;
  withVolumes: boolean;
}

export interface RemovalContext {
  /** The stale list as it is now (the only containers a removal may take). */
  stale: readonly StaleContainerView[];
  /** Every row by id, to tell "not the app's" from "no such row". */
  rows: ReadonlyMap<string, ContainerView>;
  /** Docker's facts per host; null for a host that cannot be asked now. */
  facts: ReadonlyMap<string, HostFacts | null>;
  pins: Pins;
  /** Stale images as listed now, per host. */
  staleImages: readonly StaleImageView[];
}

export type RefusalWhy = 'not-found' | 'not-owned' | 'not-stale' | 'host-unreachable' | 'in-use' | 'pinned' | 'changed';

export interface Refusal {
  kind: 'container' | 'image' | 'volume';
  name: string;
  why: RefusalWhy;
}

/**
 * What removing the request would take. Containers the request names but may not be removed come
 * back as refusals (the caller refuses the whole call); images and volumes that another container
 * uses or a record pins are simply left out of the plan, as the dry run's answer.
 */
export function planRemoval(request: RemovalRequest, ctx: RemovalContext): { plan: StaleRemovalPlan; refused: Refusal[] } {
  const plan: StaleRemovalPlan = { containers: [], images: [], volumes: [] };
  const refused: Refusal[] = [];
  const staleById = new Map(ctx.stale.map((s) => [s.id, s]));
  const selected = new Set<string>();

  for (const id of new Set(request.containerIds)) {
    const row = ctx.rows.get(id);
    const stale = staleById.get(id);
    if (!row) refused.push({ kind: 'container', name: id, why: 'not-found' });
    else if (!OWN.has(row.provenance)) refused.push({ kind: 'container', name: row.name, why: 'not-owned' });
    else if (!stale) refused.push({ kind: 'container', name: row.name, why: 'not-stale' });
    else if (stale.state !== 'missing' && !ctx.facts.get(row.hostId)) refused.push({ kind: 'container', name: row.name, why: 'host-unreachable' });
    else {
      selected.add(`${row.hostId}/${row.dockerId}`);
      plan.containers.push({ id: row.id, hostId: row.hostId, dockerId: row.dockerId, name: row.name, storeOnly: stale.state === 'missing' });
    }
  }

  const addImage = (hostId: string, imageId: string) => {
    if (plan.images.some((i) => i.hostId === hostId && i.imageId === imageId)) return;
    const image = ctx.facts.get(hostId)?.images.find((i) => i.imageId === imageId);
    if (image) plan.images.push({ hostId, imageId, names: image.names, sizeBytes: image.sizeBytes });
  };
  const byHost = new Map<string, typeof plan.containers>();
  for (const c of plan.containers) if (!c.storeOnly) byHost.set(c.hostId, [...(byHost.get(c.hostId) ?? []), c]);
  for (const [hostId, chosen] of byHost) {
    const facts = ctx.facts.get(hostId)!;
    const others = facts.containers.filter((c) => !selected.has(`${hostId}/${c.dockerId}`));
    const usedElsewhere = new Set(others.map((c) => c.imageId));
    const mountedElsewhere = new Set(others.flatMap((c) => c.volumes));
    const mine = facts.containers.filter((c) => chosen.some((x) => x.dockerId === c.dockerId));
    if (request.withImages) {
      for (const c of mine) if (!usedElsewhere.has(c.imageId) && !ctx.pins.imageIds.has(c.imageId)) addImage(hostId, c.imageId);
    }
    if (request.withVolumes) {
      for (const volume of new Set(mine.flatMap((c) => c.volumes))) {
        if (mountedElsewhere.has(volume) || ctx.pins.volumes.has(volume)) continue;
        if (!plan.volumes.some((v) => v.hostId === hostId && v.name === volume)) plan.volumes.push({ hostId, name: volume });
      }
    }
  }

  for (const wanted of request.images) {
    const listed = ctx.staleImages.find((i) => i.hostId === wanted.hostId && i.imageId === wanted.imageId);
    if (!listed) refused.push({ kind: 'image', name: wanted.imageId, why: imageWhy(wanted.hostId, wanted.imageId, ctx) });
    else addImage(wanted.hostId, wanted.imageId);
  }
  return { plan, refused };
}

function imageWhy(hostId: string, imageId: string, ctx: RemovalContext): RefusalWhy {
  const facts = ctx.facts.get(hostId);
  if (!facts) return 'host-unreachable';
  if (!facts.images.some((i) => i.imageId === imageId)) return 'not-found';
  if (ctx.pins.imageIds.has(imageId)) return 'pinned';
  if (facts.containers.some((c) => c.imageId === imageId)) return 'in-use';
  return 'not-stale';
}

/**
 * Holds a confirmed plan against a fresh one made from the same items now: every confirmed item
 * must still be in it, unchanged. Anything else is a refusal naming the item and, where it can
 * be told, why.
 */
export function recheck(confirmed: StaleRemovalPlan, ctx: RemovalContext): Refusal[] {
  const hostsWithImages = new Set(confirmed.images.map((i) => `${i.hostId}/${i.imageId}`));
  const fresh = planRemoval(
    {
      containerIds: confirmed.containers.map((c) => c.id),
      // Images the containers brought in are re-derived from them; the rest must be stale on their own.
      images: [],
      withImages: confirmed.images.length > 0,
      withVolumes: confirmed.volumes.length > 0,
    },
    ctx,
  );
  const refused = [...fresh.refused];
  for (const c of confirmed.containers) {
    const now = fresh.plan.containers.find((x) => x.id === c.id);
    if (now && (now.dockerId !== c.dockerId || now.hostId !== c.hostId || now.storeOnly !== c.storeOnly))
      refused.push({ kind: 'container', name: c.name, why: 'changed' });
  }
  const freshImages = new Set(fresh.plan.images.map((i) => `${i.hostId}/${i.imageId}`));
  for (const key of hostsWithImages) {
    if (freshImages.has(key)) continue;
    const [hostId, imageId] = key.split('/') as [string, string];
    if (ctx.staleImages.some((i) => i.hostId === hostId && i.imageId === imageId)) continue;
    refused.push({ kind: 'image', name: imageId, why: imageWhy(hostId, imageId, ctx) });
  }
  const freshVolumes = new Set(fresh.plan.volumes.map((v) => `${v.hostId}/${v.name}`));
  for (const v of confirmed.volumes) {
    if (freshVolumes.has(`${v.hostId}/${v.name}`)) continue;
    refused.push({ kind: 'volume', name: v.name, why: ctx.pins.volumes.has(v.name) ? 'pinned' : 'in-use' });
  }
  return refused;
}
