// The steps of a blue-green run, in order: the engine records them on each deploy and the renderer
// names them. The store keeps a run's step by these names.

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

export function isDeployStep(value: string): value is DeployStep {
  return (DEPLOY_STEPS as readonly string[]).includes(value);
}
