// The reconcile.* slice of the contract: each host's last pass, and a pass now on demand.
import { AppError } from '../../../shared/errors';
import type { Handlers } from '../rpc/handlers';
import type { Reconciler } from './reconciler';

export interface ReconcileHandlerDeps {
  /** The reconcilers of the hosts that have a runtime, in the hosts' order. */
  reconcilers(): Reconciler[];
  reconciler(hostId: string): Reconciler | undefined;
}

export function reconcileHandlers(deps: ReconcileHandlerDeps): Pick<Handlers, 'reconcile.report' | 'reconcile.now'> {
  return {
    'reconcile.report': () => deps.reconcilers().map((r) => r.report()),
    'reconcile.now': async ({ hostId }) => {
      const reconciler = deps.reconciler(hostId);
      if (!reconciler) throw new AppError('NOT_FOUND', `there is no connected host with id ${hostId}`, { hostId });
      await reconciler.trigger(true);
      return reconciler.report();
    },
  };
}
