// When to check which watched image: the pure part of registry watch. Checks are shared per image
// (every stage and service watching `docker.io/library/nginx:1` shares one), at most one per image
// per interval, a failing image backs off, a registry that answered 429 is left alone until its
// Retry-After (or a back-off when it gave none), and a registry with a budget (Docker Hub's
// anonymous limit, planned at 10 an hour) never gets more checks an hour than that.
import type { ErrorCode } from '../../../shared/errors';

export const HOUR_MS = 60 * 60 * 1000;
/** The longest a failing image or a rate-limited registry waits (unless the interval is longer). */
export const MAX_BACKOFF_MS = 6 * HOUR_MS;

/** What the app last learned of one image's tag (persisted: a restart spends no budget to learn it again). */
export interface ImageCheckState {
  key: string;
  registry: string;
  /** The last attempt, successful or not; null: never tried. */
  checkedAt: number | null;
  /** The digest of the last successful check (kept through later failures). */
  digest: string | null;
  error: { code: ErrorCode; message: string } | null;
  /** Consecutive failed attempts (0 after a success). */
  failures: number;
  /** After a failure: the earliest next attempt (a back-off, or the registry's Retry-After). */
  retryAt: number | null;
}

/** What the app knows of one registry's limits right now (memory only, seeded from the image states). */
export interface RegistryLimitState {
  /** No request to this registry before this time (its Retry-After, or a back-off after a 429). */
  blockedUntil: number;
  /** Consecutive 429 answers. */
  rateLimits: number;
  /** When checks were sent within the last hour, for the registry's budget. */
  recent: number[];
}

export type CheckOutcome =
  | { kind: 'digest'; digest: string }
  | { kind: 'rate-limited'; retryAfterMs: number | null; message: string }
  | { kind: 'failed'; code: ErrorCode; message: string };

export interface PlanInput {
  now: number;
  intervalMs: number;
  /** The images some watch needs (mode other than off), each once. */
  wanted: readonly { key: string; registry: string }[];
  images: ReadonlyMap<string, ImageCheckState>;
  registries: ReadonlyMap<string, RegistryLimitState>;
  /** Checks an hour a registry allows; null: no budget known (limited only by the interval). */
  budgetPerHour: (registry: string) => number | null;
}

export interface CheckPlan {
  /** The image keys to check now, oldest check first. */
  due: string[];
  /** When something next becomes due (null: nothing is watched). */
  wakeAt: number | null;
}

/** The earliest an image may be checked again. */
export function nextCheckAt(state: ImageCheckState | undefined, intervalMs: number): number {
  if (!state || state.checkedAt === null) return 0;
  if (state.failures > 0 && state.retryAt !== null) return state.retryAt;
  return state.checkedAt + intervalMs;
}

/** Doubling from the interval, capped: the n-th consecutive failure waits interval x 2^(n-1). */
export function backoffMs(failures: number, intervalMs: number): number {
  const cap = Math.max(MAX_BACKOFF_MS, intervalMs);
  return Math.min(intervalMs * 2 ** Math.max(0, Math.min(failures - 1, 20)), cap);
}

export function planChecks(input: PlanInput): CheckPlan {
  const { now, intervalMs } = input;
  let wakeAt: number | null = null;
  const wake = (at: number) => {
    wakeAt = wakeAt === null ? at : Math.min(wakeAt, at);
  };
  const dueByRegistry = new Map<string, { key: string; checkedAt: number }[]>();
  for (const { key, registry } of input.wanted) {
    const limit = input.registries.get(registry);
    const state = input.images.get(key);
    const at = Math.max(nextCheckAt(state, intervalMs), limit?.blockedUntil ?? 0);
    if (at > now) {
      wake(at);
      continue;
    }
    const list = dueByRegistry.get(registry) ?? [];
    list.push({ key, checkedAt: state?.checkedAt ?? -1 });
    dueByRegistry.set(registry, list);
  }
  const due: string[] = [];
  for (const [registry, list] of dueByRegistry) {
    // The longest-unchecked first, so a tight budget still reaches every image in turn.
    list.sort((a, b) => a.checkedAt - b.checkedAt || a.key.localeCompare(b.key));
    const budget = input.budgetPerHour(registry);
    let room = list.length;
    if (budget !== null) {
      const recent = (input.registries.get(registry)?.recent ?? []).filter((t) => t > now - HOUR_MS).sort((a, b) => a - b);
      room = Math.max(0, budget - recent.length);
      // The rest waits until the oldest check of the hour leaves the window.
      if (room < list.length) wake(recent.length > 0 ? recent[Math.max(0, recent.length - budget)]! + HOUR_MS : now + HOUR_MS);
    }
    due.push(...list.slice(0, room).map((d) => d.key));
  }
  return { due, wakeAt };
}

/** An image's state after a check's outcome. */
export function imageAfter(
  previous: ImageCheckState | undefined,
  image: { key: string; registry: string },
  outcome: CheckOutcome,
  now: number,
  intervalMs: number,
  registryBlockedUntil: number,
): ImageCheckState {
  const base: ImageCheckState = previous ?? { ...image, checkedAt: null, digest: null, error: null, failures: 0, retryAt: null };
  if (outcome.kind === 'digest') return { ...base, checkedAt: now, digest: outcome.digest, error: null, failures: 0, retryAt: null };
  const failures = base.failures + 1;
  const code: ErrorCode = outcome.kind === 'rate-limited' ? 'REGISTRY_RATE_LIMITED' : outcome.code;
  const retryAt = outcome.kind === 'rate-limited' ? registryBlockedUntil : now + backoffMs(failures, intervalMs);
  return { ...base, checkedAt: now, error: { code, message: outcome.message }, failures, retryAt };
}

/** A registry's limit state after one check was sent to it and answered with `outcome`. */
export function registryAfter(previous: RegistryLimitState | undefined, outcome: CheckOutcome, now: number, intervalMs: number): RegistryLimitState {
  const recent = [...(previous?.recent ?? []).filter((t) => t > now - HOUR_MS), now];
  if (outcome.kind !== 'rate-limited') return { blockedUntil: previous?.blockedUntil ?? 0, rateLimits: 0, recent };
  const rateLimits = (previous?.rateLimits ?? 0) + 1;
  // Retry-After is the registry's word; without it, a back-off that doubles from twice the interval.
  const wait = outcome.retryAfterMs ?? backoffMs(rateLimits + 1, intervalMs);
  return { blockedUntil: Math.max(previous?.blockedUntil ?? 0, now + wait), rateLimits, recent };
}

/** Seeds the registries' budgets after a restart from the persisted check times. */
export function seedRegistries(images: Iterable<ImageCheckState>, now: number): Map<string, RegistryLimitState> {
  const registries = new Map<string, RegistryLimitState>();
  for (const image of images) {
    const limit = registries.get(image.registry) ?? { blockedUntil: 0, rateLimits: 0, recent: [] };
    if (image.checkedAt !== null && image.checkedAt > now - HOUR_MS) limit.recent.push(image.checkedAt);
    if (image.error?.code === 'REGISTRY_RATE_LIMITED' && image.retryAt !== null) limit.blockedUntil = Math.max(limit.blockedUntil, image.retryAt);
    registries.set(image.registry, limit);
  }
  return registries;
}
