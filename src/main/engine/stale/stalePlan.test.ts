import { describe, expect, it } from 'vitest';
import type { ContainerView, StaleRemovalPlan } from '../../../shared/types';
import { containerView } from '../testing/fixtures';
import { DAY_MS, planRemoval, recheck, staleContainers, staleImages, staleSince } from './stalePlan';
import type { HostFacts, RemovalContext } from './stalePlan';
import type { Pins } from '../store/staleRecords';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const IMG = (n: number) => `sha256:${String(n).padStart(64, '0')}`;
const NO_PINS: Pins = { imageIds: new Set(), volumes: new Set() };

function row(partial: Partial<ContainerView>): ContainerView {
  const base = containerView('exited', { exitCode: 1 });
  return { ...base, finishedAt: NOW - 10 * DAY_MS, ...partial };
}

function ctxOf(rows: ContainerView[], facts: HostFacts | null, pins: Pins = NO_PINS, afterDays = 7): RemovalContext {
  return {
    stale: staleContainers(rows, NOW, afterDays),
    rows: new Map(rows.map((r) => [r.id, r])),
    facts: new Map([['local', facts]]),
    pins,
    staleImages: facts ? staleImages([], 'local', facts, pins, NOW, afterDays) : [],
  };
}

describe('staleSince', () => {
  it('uses the vanishing time of a missing row and the exit time of an exited one', () => {
    expect(staleSince({ state: 'missing', missingSince: 5, finishedAt: 3, startedAt: 2, firstSeenAt: 1 })).toBe(5);
    expect(staleSince({ state: 'exited', missingSince: null, finishedAt: 3, startedAt: 2, firstSeenAt: 1 })).toBe(3);
  });

  it('falls back to start, then first sighting, never to Docker creation', () => {
    expect(staleSince({ state: 'exited', missingSince: null, finishedAt: null, startedAt: 2, firstSeenAt: 1 })).toBe(2);
    expect(staleSince({ state: 'exited', missingSince: null, finishedAt: null, startedAt: null, firstSeenAt: 1 })).toBe(1);
  });
});

describe('staleContainers', () => {
  it('lists an own container exited longer than the threshold, with its days', () => {
    const [s] = staleContainers([row({ id: 'a' })], NOW, 7);
    expect(s).toMatchObject({ id: 'a', daysStale: 10, state: 'exited', staleSince: NOW - 10 * DAY_MS });
  });

  it('leaves out one exited for less than the threshold', () => {
    expect(staleContainers([row({ finishedAt: NOW - 6 * DAY_MS })], NOW, 7)).toEqual([]);
  });

  it('follows the threshold setting', () => {
    expect(staleContainers([row({ finishedAt: NOW - 6 * DAY_MS })], NOW, 5)).toHaveLength(1);
  });

  it('never lists a container whose only claim is its labels', () => {
    expect(staleContainers([row({ provenance: 'unverified' })], NOW, 7)).toEqual([]);
  });

  it('lists a trusted one', () => {
    expect(staleContainers([row({ provenance: 'trusted' })], NOW, 7)).toHaveLength(1);
  });

  it('leaves out running, restarting and placeholder rows', () => {
    expect(staleContainers([row({ state: 'running' }), row({ state: 'restarting' }), row({ dockerId: '' })], NOW, 7)).toEqual([]);
  });

  it('lists missing rows by their vanishing time, and dead ones', () => {
    const list = staleContainers([row({ id: 'm', state: 'missing', missingSince: NOW - 8 * DAY_MS }), row({ id: 'd', state: 'dead' })], NOW, 7);
    expect(list.map((s) => s.id)).toEqual(['d', 'm']);
  });

  it('sorts the oldest first', () => {
    const list = staleContainers([row({ id: 'young', finishedAt: NOW - 8 * DAY_MS }), row({ id: 'old', finishedAt: NOW - 30 * DAY_MS })], NOW, 7);
    expect(list.map((s) => s.id)).toEqual(['old', 'young']);
  });
});

describe('staleImages', () => {
  const facts: HostFacts = {
    containers: [{ dockerId: 'c1', imageId: IMG(1), volumes: [] }],
    images: [1, 2, 3, 4].map((n) => ({ imageId: IMG(n), names: [`app:v${n}`], sizeBytes: n * 1000 })),
  };
  const owned = [1, 2, 3, 5].map((n) => ({ hostId: 'local', imageId: IMG(n), lastUsedAt: NOW - 20 * DAY_MS }));

  it('lists owned images on the host that nothing uses or pins, with size', () => {
    const pins: Pins = { imageIds: new Set([IMG(3)]), volumes: new Set() };
    expect(staleImages(owned, 'local', facts, pins, NOW, 7)).toEqual([
      { hostId: 'local', imageId: IMG(2), names: ['app:v2'], sizeBytes: 2000, lastUsedAt: NOW - 20 * DAY_MS, daysStale: 20 },
    ]);
  });

  it('never lists an image the app did not deploy (4), or one the host no longer has (5)', () => {
    expect(staleImages(owned, 'local', facts, NO_PINS, NOW, 7).map((i) => i.imageId)).not.toContain(IMG(4));
    expect(staleImages(owned, 'local', facts, NO_PINS, NOW, 7).map((i) => i.imageId)).not.toContain(IMG(5));
  });

  it('takes the latest use across records, and waits the threshold from it', () => {
    const recent = [...owned, { hostId: 'local', imageId: IMG(2), lastUsedAt: NOW - DAY_MS }];
    expect(staleImages(recent, 'local', facts, NO_PINS, NOW, 7).map((i) => i.imageId)).not.toContain(IMG(2));
  });

  it('ignores records of another host', () => {
    expect(staleImages(owned, 'other', facts, NO_PINS, NOW, 7)).toEqual([]);
  });
});

describe('planRemoval', () => {
  const own = row({ id: 'own', dockerId: 'd-own' });
  const facts: HostFacts = {
    containers: [
      { dockerId: 'd-own', imageId: IMG(1), volumes: ['data-own', 'shared'] },
      { dockerId: 'd-other', imageId: IMG(2), volumes: ['shared'] },
    ],
    images: [1, 2].map((n) => ({ imageId: IMG(n), names: [`app:v${n}`], sizeBytes: 10 })),
  };

  it('plans just the container when images and volumes are not asked for', () => {
    const { plan, refused } = planRemoval({ containerIds: ['own'], images: [], withImages: false, withVolumes: false }, ctxOf([own], facts));
    expect(refused).toEqual([]);
    expect(plan).toEqual({ containers: [{ id: 'own', hostId: 'local', dockerId: 'd-own', name: own.name, storeOnly: false }], images: [], volumes: [] });
  });

  it('adds the image and volumes only it uses, not one another container shares', () => {
    const { plan } = planRemoval({ containerIds: ['own'], images: [], withImages: true, withVolumes: true }, ctxOf([own], facts));
    expect(plan.images).toEqual([{ hostId: 'local', imageId: IMG(1), names: ['app:v1'], sizeBytes: 10 }]);
    expect(plan.volumes).toEqual([{ hostId: 'local', name: 'data-own' }]);
  });

  it('keeps an image another container (whoever owns it) uses', () => {
    const shared: HostFacts = { ...facts, containers: [...facts.containers, { dockerId: 'foreign', imageId: IMG(1), volumes: [] }] };
    expect(planRemoval({ containerIds: ['own'], images: [], withImages: true, withVolumes: false }, ctxOf([own], shared)).plan.images).toEqual([]);
  });

  it('keeps an image a rollback or stack version pins, and a kept site version volume', () => {
    const pins: Pins = { imageIds: new Set([IMG(1)]), volumes: new Set(['data-own']) };
    const { plan } = planRemoval({ containerIds: ['own'], images: [], withImages: true, withVolumes: true }, ctxOf([own], facts, pins));
    expect(plan.images).toEqual([]);
    expect(plan.volumes).toEqual([]);
  });

  it('removes an image two selected containers share, once', () => {
    const second = row({ id: 'own2', dockerId: 'd-own2' });
    const two: HostFacts = { ...facts, containers: [...facts.containers, { dockerId: 'd-own2', imageId: IMG(1), volumes: [] }] };
    const { plan } = planRemoval({ containerIds: ['own', 'own2'], images: [], withImages: true, withVolumes: false }, ctxOf([own, second], two));
    expect(plan.images.map((i) => i.imageId)).toEqual([IMG(1)]);
  });

  it('refuses a container the app does not own (forged labels), naming why', () => {
    const forged = row({ id: 'forged', provenance: 'unverified' });
    expect(planRemoval({ containerIds: ['forged'], images: [], withImages: false, withVolumes: false }, ctxOf([forged], facts)).refused).toEqual([
      { kind: 'container', name: forged.name, why: 'not-owned' },
    ]);
  });

  it('refuses a container that is not stale, and an unknown id', () => {
    const fresh = row({ id: 'fresh', finishedAt: NOW - DAY_MS });
    const { refused } = planRemoval({ containerIds: ['fresh', 'nope'], images: [], withImages: false, withVolumes: false }, ctxOf([fresh], facts));
    expect(refused.map((r) => r.why)).toEqual(['not-stale', 'not-found']);
  });

  it('plans a missing row as a store-only removal, even with its host down', () => {
    const missing = row({ id: 'gone', state: 'missing', missingSince: NOW - 9 * DAY_MS });
    const { plan, refused } = planRemoval({ containerIds: ['gone'], images: [], withImages: true, withVolumes: true }, ctxOf([missing], null));
    expect(refused).toEqual([]);
    expect(plan.containers).toEqual([expect.objectContaining({ id: 'gone', storeOnly: true })]);
    expect(plan.images).toEqual([]);
  });

  it('refuses an exited container on a host that cannot be asked', () => {
    expect(planRemoval({ containerIds: ['own'], images: [], withImages: false, withVolumes: false }, ctxOf([own], null)).refused).toEqual([
      { kind: 'container', name: own.name, why: 'host-unreachable' },
    ]);
  });

  it('refuses an image not on the stale image list, saying it is pinned or in use', () => {
    const pins: Pins = { imageIds: new Set([IMG(1)]), volumes: new Set() };
    const { refused } = planRemoval(
      {
        containerIds: [],
        images: [
          { hostId: 'local', imageId: IMG(1) },
          { hostId: 'local', imageId: IMG(2) },
        ],
        withImages: false,
        withVolumes: false,
      },
      ctxOf([], facts, pins),
    );
    expect(refused.map((r) => r.why)).toEqual(['pinned', 'in-use']);
  });
});

describe('recheck', () => {
  const own = row({ id: 'own', dockerId: 'd-own' });
  const facts: HostFacts = {
    containers: [{ dockerId: 'd-own', imageId: IMG(1), volumes: ['v1'] }],
    images: [{ imageId: IMG(1), names: ['app:v1'], sizeBytes: 10 }],
  };
  const confirmed: StaleRemovalPlan = {
    containers: [{ id: 'own', hostId: 'local', dockerId: 'd-own', name: own.name, storeOnly: false }],
    images: [{ hostId: 'local', imageId: IMG(1), names: ['app:v1'], sizeBytes: 10 }],
    volumes: [{ hostId: 'local', name: 'v1' }],
  };

  it('passes a plan that still holds', () => {
    expect(recheck(confirmed, ctxOf([own], facts))).toEqual([]);
  });

  it('refuses a container that was started since the dry run', () => {
    expect(recheck(confirmed, ctxOf([{ ...own, state: 'running' }], facts))).toContainEqual({ kind: 'container', name: own.name, why: 'not-stale' });
  });

  it('refuses an image a new container now uses', () => {
    const used: HostFacts = { ...facts, containers: [...facts.containers, { dockerId: 'new', imageId: IMG(1), volumes: [] }] };
    expect(recheck(confirmed, ctxOf([own], used))).toContainEqual({ kind: 'image', name: IMG(1), why: 'in-use' });
  });

  it('refuses a volume another container mounted since', () => {
    const mounted: HostFacts = { ...facts, containers: [...facts.containers, { dockerId: 'new', imageId: IMG(9), volumes: ['v1'] }] };
    expect(recheck(confirmed, ctxOf([own], mounted))).toEqual([{ kind: 'volume', name: 'v1', why: 'in-use' }]);
  });

  it('refuses a plan whose container was replaced by another with the same row (docker id changed)', () => {
    const replaced: HostFacts = { ...facts, containers: [{ dockerId: 'd-new', imageId: IMG(1), volumes: ['v1'] }] };
    expect(recheck(confirmed, ctxOf([{ ...own, dockerId: 'd-new' }], replaced))).toContainEqual({ kind: 'container', name: own.name, why: 'changed' });
  });

  it('refuses an image a rollback now pins', () => {
    const pins: Pins = { imageIds: new Set([IMG(1)]), volumes: new Set() };
    expect(recheck(confirmed, ctxOf([own], facts, pins))).toContainEqual({ kind: 'image', name: IMG(1), why: 'pinned' });
  });
});
