// The decisions of a blue-green deploy as pure functions over plain data: the steps in order, what
// a crash at each step means on the next boot, and which image a rollback returns to. The executor
// (I/O) advances a persisted record through these steps; nothing here touches Docker or SQLite.

/** The steps of every deploy, rollback and promote, in order. */
export const DEPLOY_STEPS = [
  /** The image is present on the host (pulled if needed) and its digest recorded. */
  'image',
  /**
   * The proxy is ready (its image present or pulled, its containers running, joined to the
   * workload's network) before anything is created for the deploy.
   */
  'proxy',
  /** A placeholder container row reserves the new instance before Docker knows it. */
  'placeholder',
  /** The new container exists, with the canonical labels, on the workload's network. */
  'create',
  'start',
  /** The health check passed within the stage's timeout. */
  'health',
  /** The proxy route points at the new container (atomically). */
  'route',
  /** Requests in flight on the old container finished (drain timeout), then it was stopped. */
  'drain',
  /** max_instances enforced: the oldest stopped instances beyond it removed. */
  'cleanup',
] as const;
export type DeployStep = (typeof DEPLOY_STEPS)[number];

export function stepIndex(step: DeployStep): number {
  return DEPLOY_STEPS.indexOf(step);
}

export function isDeployStep(value: string): value is DeployStep {
  return (DEPLOY_STEPS as readonly string[]).includes(value);
}

/**
 * What to do with a deploy found `running` at boot (the app died during `step`, which may or may
 * not have completed). Before the route switched, traffic still goes to the old container: undo
 * (remove the new container and its placeholder). From the route switch on, the new container
 * serves: finish (drain the old one, clean up). The switch itself is idempotent, so an interrupted
 * `route` step is redone and then finished.
 */
export type Recovery = { action: 'undo' } | { action: 'finish'; from: DeployStep };

export function recoveryFor(step: DeployStep): Recovery {
  if (stepIndex(step) < stepIndex('route')) return { action: 'undo' };
  return { action: 'finish', from: step };
}

export interface StageImage {
  image: string;
  imageDigest: string;
  deployId: string;
  deployedAt: number;
}

/**
 * The image a rollback returns to: the newest successful image older than the current one that
 * differs from it by digest. Null when there is nothing to return to.
 */
export function rollbackTarget(history: readonly StageImage[]): StageImage | null {
  const newestFirst = [...history].sort((a, b) => b.deployedAt - a.deployedAt);
  const current = newestFirst[0];
  if (!current) return null;
  return newestFirst.find((h) => h.imageDigest !== current.imageDigest) ?? null;
}

export interface InstanceRow {
  id: string;
  state: string;
  createdAt: number | null;
}

/**
 * max_instances counts every instance the stage keeps (running or stopped, for a quick rollback).
 * Returns the stopped instances to remove, oldest first; running ones are never chosen.
 */
export function instancesToRemove(instances: readonly InstanceRow[], maxInstances: number): string[] {
  const present = instances.filter((i) => i.state !== 'missing' && i.state !== 'pending');
  const excess = present.length - maxInstances;
  if (excess <= 0) return [];
  return present
    .filter((i) => i.state !== 'running' && i.state !== 'restarting')
    .sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0))
    .slice(0, excess)
    .map((i) => i.id);
}
