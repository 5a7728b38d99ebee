import { describe, expect, it } from 'vitest';
import { backoffMs, HOUR_MS, imageAfter, MAX_BACKOFF_MS, nextCheckAt, planChecks, registryAfter, seedRegistries } from './checkSchedule';
import type { ImageCheckState, PlanInput, RegistryLimitState } from './checkSchedule';

const MIN = 60_000;
const INTERVAL = 15 * MIN;
const T0 = 1_800_000_000_000;

function checked(key: string, registry: string, at: number, over: Partial<ImageCheckState> = {}): ImageCheckState {
  return { key, registry, checkedAt: at, digest: `sha256:${'a'.repeat(64)}`, error: null, failures: 0, retryAt: null, ...over };
}

function plan(over: Partial<PlanInput>) {
  return planChecks({
    now: T0,
    intervalMs: INTERVAL,
    wanted: [],
    images: new Map(),
    registries: new Map(),
    budgetPerHour: () => null,
    ...over,
  });
}

describe('planChecks', () => {
  it('checks an image never checked at once', () => {
    expect(plan({ wanted: [{ key: 'r/a:1', registry: 'r' }] })).toEqual({ due: ['r/a:1'], wakeAt: null });
  });

  it('waits out the interval after a successful check, and wakes when it ends', () => {
    const images = new Map([['r/a:1', checked('r/a:1', 'r', T0 - 5 * MIN)]]);
    expect(plan({ wanted: [{ key: 'r/a:1', registry: 'r' }], images })).toEqual({ due: [], wakeAt: T0 + 10 * MIN });
  });

  it('checks again once the interval has passed', () => {
    const images = new Map([['r/a:1', checked('r/a:1', 'r', T0 - INTERVAL)]]);
    expect(plan({ wanted: [{ key: 'r/a:1', registry: 'r' }], images }).due).toEqual(['r/a:1']);
  });

  it('follows a shorter interval set after the last check', () => {
    const images = new Map([['r/a:1', checked('r/a:1', 'r', T0 - 5 * MIN)]]);
    expect(plan({ wanted: [{ key: 'r/a:1', registry: 'r' }], images, intervalMs: 5 * MIN }).due).toEqual(['r/a:1']);
  });

  it('asks for nothing and never wakes when nothing is watched', () => {
    const images = new Map([['r/a:1', checked('r/a:1', 'r', T0 - HOUR_MS)]]);
    expect(plan({ images })).toEqual({ due: [], wakeAt: null });
  });

  it('leaves every image of a registry alone while it is blocked by a Retry-After', () => {
    const registries = new Map<string, RegistryLimitState>([['r', { blockedUntil: T0 + 30_000, rateLimits: 1, recent: [] }]]);
    const wanted = [
      { key: 'r/a:1', registry: 'r' },
      { key: 'r/b:1', registry: 'r' },
      { key: 'q/c:1', registry: 'q' },
    ];
    expect(plan({ wanted, registries })).toEqual({ due: ['q/c:1'], wakeAt: T0 + 30_000 });
  });

  it('keeps Docker Hub within its budget an hour, oldest check first, and wakes when a slot frees', () => {
    const recent = Array.from({ length: 8 }, (_, i) => T0 - 50 * MIN + i * MIN);
    const registries = new Map<string, RegistryLimitState>([['docker.io', { blockedUntil: 0, rateLimits: 0, recent }]]);
    const images = new Map([
      ['docker.io/library/a:1', checked('docker.io/library/a:1', 'docker.io', T0 - 20 * MIN)],
      ['docker.io/library/b:1', checked('docker.io/library/b:1', 'docker.io', T0 - 40 * MIN)],
    ]);
    const wanted = ['a', 'b', 'c'].map((n) => ({ key: `docker.io/library/${n}:1`, registry: 'docker.io' }));
    const result = plan({ wanted, images, registries, budgetPerHour: (r) => (r === 'docker.io' ? 10 : null) });
    // Two slots left of ten: c (never checked) and b (the older), a waits.
    expect(result.due).toEqual(['docker.io/library/c:1', 'docker.io/library/b:1']);
    expect(result.wakeAt).toBe(recent[0]! + HOUR_MS);
  });

  it('checks nothing on a registry whose budget is spent, and forgets checks older than an hour', () => {
    const spent = Array.from({ length: 10 }, (_, i) => T0 - 30 * MIN + i);
    const stale = Array.from({ length: 10 }, (_, i) => T0 - 2 * HOUR_MS + i);
    const wanted = [{ key: 'docker.io/library/a:1', registry: 'docker.io' }];
    const budgetPerHour = () => 10;
    expect(plan({ wanted, budgetPerHour, registries: new Map([['docker.io', { blockedUntil: 0, rateLimits: 0, recent: spent }]]) }).due).toEqual([]);
    expect(plan({ wanted, budgetPerHour, registries: new Map([['docker.io', { blockedUntil: 0, rateLimits: 0, recent: stale }]]) }).due).toEqual([
      'docker.io/library/a:1',
    ]);
  });

  it('retries a failed image at its back-off, not at the interval', () => {
    const images = new Map([
      ['r/a:1', checked('r/a:1', 'r', T0 - MIN, { failures: 2, retryAt: T0 + 29 * MIN, error: { code: 'REGISTRY_UNREACHABLE', message: 'x' } })],
    ]);
    expect(plan({ wanted: [{ key: 'r/a:1', registry: 'r' }], images })).toEqual({ due: [], wakeAt: T0 + 29 * MIN });
  });
});

describe('imageAfter and registryAfter', () => {
  const image = { key: 'r/a:1', registry: 'r' };

  it('records a digest and clears the failures', () => {
    const before = checked('r/a:1', 'r', T0 - HOUR_MS, { failures: 3, retryAt: T0, error: { code: 'REGISTRY_UNREACHABLE', message: 'x' } });
    const after = imageAfter(before, image, { kind: 'digest', digest: 'sha256:' + 'b'.repeat(64) }, T0, INTERVAL, 0);
    expect(after).toEqual({ ...image, checkedAt: T0, digest: 'sha256:' + 'b'.repeat(64), error: null, failures: 0, retryAt: null });
    expect(nextCheckAt(after, INTERVAL)).toBe(T0 + INTERVAL);
  });

  it('keeps the last known digest through a failure and backs off doubling', () => {
    const first = imageAfter(
      checked('r/a:1', 'r', T0 - INTERVAL),
      image,
      { kind: 'failed', code: 'REGISTRY_UNREACHABLE', message: 'refused' },
      T0,
      INTERVAL,
      0,
    );
    expect(first.digest).toBe(`sha256:${'a'.repeat(64)}`);
    expect(first.error).toEqual({ code: 'REGISTRY_UNREACHABLE', message: 'refused' });
    expect(first.retryAt).toBe(T0 + INTERVAL);
    const second = imageAfter(first, image, { kind: 'failed', code: 'REGISTRY_UNREACHABLE', message: 'refused' }, T0, INTERVAL, 0);
    expect(second.retryAt).toBe(T0 + 2 * INTERVAL);
  });

  it('caps the back-off at six hours, or at the interval when that is longer', () => {
    expect(backoffMs(30, INTERVAL)).toBe(MAX_BACKOFF_MS);
    expect(backoffMs(30, 24 * HOUR_MS)).toBe(24 * HOUR_MS);
    expect(backoffMs(1, INTERVAL)).toBe(INTERVAL);
  });

  it("blocks a registry that answered 429 until its Retry-After, and the image's retry follows it", () => {
    const limit = registryAfter(undefined, { kind: 'rate-limited', retryAfterMs: 120_000, message: '429' }, T0, INTERVAL);
    expect(limit).toEqual({ blockedUntil: T0 + 120_000, rateLimits: 1, recent: [T0] });
    const state = imageAfter(undefined, image, { kind: 'rate-limited', retryAfterMs: 120_000, message: '429' }, T0, INTERVAL, limit.blockedUntil);
    expect(state.error?.code).toBe('REGISTRY_RATE_LIMITED');
    expect(nextCheckAt(state, INTERVAL)).toBe(T0 + 120_000);
  });

  it('backs off from twice the interval on a 429 without Retry-After, doubling on each one', () => {
    const first = registryAfter(undefined, { kind: 'rate-limited', retryAfterMs: null, message: '429' }, T0, INTERVAL);
    expect(first.blockedUntil).toBe(T0 + 2 * INTERVAL);
    const second = registryAfter(first, { kind: 'rate-limited', retryAfterMs: null, message: '429' }, T0 + 2 * INTERVAL, INTERVAL);
    expect(second.blockedUntil).toBe(T0 + 2 * INTERVAL + 4 * INTERVAL);
  });

  it('never shortens a block already in force', () => {
    const blocked = { blockedUntil: T0 + HOUR_MS, rateLimits: 1, recent: [] };
    expect(registryAfter(blocked, { kind: 'rate-limited', retryAfterMs: 1_000, message: '429' }, T0, INTERVAL).blockedUntil).toBe(T0 + HOUR_MS);
  });

  it('counts every check toward the hour and resets the 429 count on an answer', () => {
    const limit = registryAfter({ blockedUntil: 0, rateLimits: 2, recent: [T0 - 2 * HOUR_MS, T0 - MIN] }, { kind: 'digest', digest: 'sha256:x' }, T0, INTERVAL);
    expect(limit).toEqual({ blockedUntil: 0, rateLimits: 0, recent: [T0 - MIN, T0] });
  });
});

describe('seedRegistries', () => {
  it("rebuilds the hour's budget and a Retry-After in force from persisted checks", () => {
    const seeded = seedRegistries(
      [
        checked('docker.io/library/a:1', 'docker.io', T0 - 10 * MIN),
        checked('docker.io/library/b:1', 'docker.io', T0 - 2 * HOUR_MS),
        checked('r/a:1', 'r', T0 - MIN, { failures: 1, retryAt: T0 + 5 * MIN, error: { code: 'REGISTRY_RATE_LIMITED', message: '429' } }),
      ],
      T0,
    );
    expect(seeded.get('docker.io')).toEqual({ blockedUntil: 0, rateLimits: 0, recent: [T0 - 10 * MIN] });
    expect(seeded.get('r')?.blockedUntil).toBe(T0 + 5 * MIN);
  });
});
