// The stale.* slice of the contract: the list, the dry run and the confirmed removal.
import type { Handlers } from '../rpc/handlers';
import type { StaleService } from './staleService';

export function staleHandlers(
  service: StaleService,
  requireHost: (hostId: string | undefined) => void,
): Pick<Handlers, 'stale.list' | 'stale.dryRun' | 'stale.remove'> {
  return {
    'stale.list': async ({ hostId }) => {
      requireHost(hostId);
      return service.list(hostId);
    },
    'stale.dryRun': (request) => service.dryRun(request),
    'stale.remove': ({ plan }) => service.remove(plan),
  };
}
