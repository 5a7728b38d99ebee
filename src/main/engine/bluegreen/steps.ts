// The decisions of a blue-green deploy as pure functions over plain data: the steps in order, what
// a crash at each step means on the next boot, and which image a rollback returns to. The executor
// (I/O) advances a persisted record through these steps; nothing here touches Docker or SQLite.
import { DEPLOY_STEPS } from '../../../shared/deploySteps';
import type { DeployStep } from '../../../shared/deploySteps';
import type { StageImage } from '../store/deployRepo';

export { DEPLOY_STEPS, isDeployStep } from '../../../shared/deploySteps';
export type { DeployStep } from '../../../shared/deploySteps';

export function stepIndex(step: DeployStep): number {
  return DEPLOY_STEPS.indexOf(step);
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
