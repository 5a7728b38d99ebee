// The registryWatch.* slice of the contract: the watch views of a workload's stages or services,
// setting a watch mode, and the update badge of every owned container that is watched.
import type { Handlers } from '../rpc/handlers';
import type { RegistryWatcher } from './registryWatcher';

type RegistryWatchCalls = 'registryWatch.list' | 'registryWatch.set' | 'registryWatch.containers';

export function registryWatchHandlers(deps: {
  watcher: RegistryWatcher;
  requireHost: (hostId: string | undefined) => void;
}): Pick<Handlers, RegistryWatchCalls> {
  const { watcher } = deps;
  return {
    'registryWatch.list': ({ workloadId }) => watcher.list(workloadId),
    'registryWatch.set': (input) => watcher.set(input),
    'registryWatch.containers': ({ hostId }) => {
      deps.requireHost(hostId);
      return watcher.containerUpdates(hostId);
    },
  };
}
