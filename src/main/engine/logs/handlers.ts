// The logs.* slice of the contract: a container's output streamed to the connection that asked,
// only from a container of the workload the call names that the app created or the user trusted
// (readableContainer).
import type Dockerode from 'dockerode';
import { readableContainer } from '../containers/containerActions';
import type { Handlers } from '../rpc/handlers';
import { requireCaller } from '../rpc/handlers';
import type { ContainerRepo } from '../store/containerRepo';
import type { LogStreams } from './logStreams';

export interface LogHandlerDeps {
  containers: ContainerRepo;
  logs: LogStreams;
  /** The connected Docker host's client, or DOCKER_UNREACHABLE. */
  docker(hostId: string): Dockerode;
}

export function logHandlers({ containers, logs, docker }: LogHandlerDeps): Pick<Handlers, 'logs.open' | 'logs.close'> {
  return {
    'logs.open': async ({ streamId, tail, follow, timestamps, since, ...target }, ctx) => {
      const caller = requireCaller(ctx);
      const row = readableContainer(containers, target);
      return logs.open(caller, {
        streamId,
        hostId: row.hostId,
        docker: () => docker(row.hostId),
        dockerId: row.dockerId,
        name: row.name,
        tail,
        follow,
        timestamps,
        since,
      });
    },
    'logs.close': async ({ streamId }, ctx) => ({ closed: await logs.close(requireCaller(ctx).connectionId, streamId) }),
  };
}
