// The containers.* slice of the contract: the list, and actions on one container. Every action
// names the workload (and stage) it acts for; ownedContainer refuses any other container before
// Docker is asked.
import type Dockerode from 'dockerode';
import { AppError } from '../../../shared/errors';
import type { ContainerView } from '../../../shared/types';
import type { EventBus } from '../events';
import type { Handlers } from '../rpc/handlers';
import type { ContainerRepo } from '../store/containerRepo';
import { withLastSeen } from '../store/containerRepo';
import type { DeployerRows } from '../store/deployerRows';
import type { StopRepo } from '../store/stopRepo';
import { containerLogs, ownedContainer, readableContainer, removeContainer, restartContainer, stopContainer, verifiedContainer } from './containerActions';
import { envValue, toContainerDetail } from './containerDetail';
import { isNotFound } from '../docker/dockerErrors';

export interface ContainerHandlerDeps {
  containers: ContainerRepo;
  deployerRows: DeployerRows;
  events: EventBus;
  log: (message: string) => void;
  /** NOT_FOUND for an id that names no host. */
  requireHost(hostId: string | undefined): void;
  /** The connected Docker host's client, or DOCKER_UNREACHABLE. */
  docker(hostId: string): Dockerode;
  /** Asks the host's reconciler for a pass (resolves when one that started after the call ends). */
  reconcile(hostId: string): Promise<void>;
  /** Asks the host's proxy reconcile for a pass. */
  reconcileProxy(hostId: string): Promise<void>;
  lastPassAt(hostId: string): number | null;
  /** Stop intents: a user's stop, restart or remove is the app's, never a crash. */
  stops: Pick<StopRepo, 'intend'>;
}

type ContainerCalls = Extract<keyof Handlers, `containers.${string}`>;

export function containerHandlers(deps: ContainerHandlerDeps): Pick<Handlers, ContainerCalls> {
  const { containers, events, log } = deps;
  /**
   * A stop, restart or remove the user asked for, on a container the app owns: the stop intent is
   * written first, so the reconciler records the exit as the app's and never as a crash.
   */
  const byUser = async (target: { id: string; workloadId: string; stageId?: string }, act: (docker: Dockerode, row: ContainerView) => Promise<void>) => {
    const row = ownedContainer(containers, target);
    const settle = deps.stops.intend(row.hostId, [row.dockerId], 'user');
    await act(deps.docker(row.hostId), row).finally(settle);
    return row;
  };
  return {
    'containers.list': ({ hostId }) => {
      deps.requireHost(hostId);
      return withLastSeen(containers.list(hostId), deps.lastPassAt);
    },
    'containers.stop': async (target) => {
      const row = await byUser(target, stopContainer);
      void deps.reconcile(row.hostId);
      return { done: true as const };
    },
    'containers.restart': async (target) => {
      const row = await byUser(target, restartContainer);
      void deps.reconcile(row.hostId);
      return { done: true as const };
    },
    'containers.remove': async (target) => {
      const row = await byUser(target, removeContainer);
      await deps.reconcile(row.hostId);
      return { done: true as const };
    },
    'containers.trust': ({ trusted, ...target }) => {
      const row = ownedContainer(containers, target);
      if (row.provenance === 'created') {
        throw new AppError('CONFLICT', `${row.name} was created by Tinyforge: it needs no trust, and it cannot be marked untrusted.`);
      }
      if (!trusted && row.workloadId && deps.deployerRows.routedOfWorkload(row.workloadId).some((r) => r.id === row.id)) {
        throw new AppError(
          'CONFLICT',
          `${row.name} serves its stage's route now: deploy the stage (or remove the container) before taking trust back. Nothing was changed.`,
        );
      }
      const after = containers.setTrust(row, trusted, Date.now());
      log(`container ${row.name} (${row.image}) of workload ${row.workloadName ?? row.workloadId}: ${trusted ? 'trusted' : 'no longer trusted'} by the user`);
      events.emit('containers.changed', { hostId: row.hostId });
      // A trusted instance may now serve a route whose container stopped.
      if (row.kind === 'project') void deps.reconcileProxy(row.hostId);
      return withLastSeen([after], deps.lastPassAt)[0]!;
    },
    'containers.inspect': async ({ id }) => {
      const row = verifiedContainer(containers, id);
      const docker = deps.docker(row.hostId);
      const info = await inspectOwned(docker, row);
      // The image may be gone (removed after the container was made): the panel then shows its id.
      const repoDigests = await docker
        .getImage(info.Image)
        .inspect()
        .then(
          (image) => image.RepoDigests ?? [],
          () => [],
        );
      return toContainerDetail(row, info, repoDigests);
    },
    'containers.revealEnv': async ({ id, key }) => {
      const row = verifiedContainer(containers, id);
      const value = envValue((await inspectOwned(deps.docker(row.hostId), row)).Config?.Env, key);
      if (value === undefined) throw new AppError('NOT_FOUND', `${row.name} has no variable ${key}.`, { container: row.name, key });
      return { key, value };
    },
    'containers.logs': async ({ tail, ...target }) => {
      const row = readableContainer(containers, target);
      return { text: await containerLogs(deps.docker(row.hostId), row, tail) };
    },
  };
}

async function inspectOwned(docker: Dockerode, row: { dockerId: string; name: string }): Promise<Dockerode.ContainerInspectInfo> {
  return docker
    .getContainer(row.dockerId)
    .inspect()
    .catch((error: unknown) => {
      if (isNotFound(error)) throw new AppError('NOT_FOUND', `${row.name} no longer exists in Docker.`, { container: row.name });
      throw error;
    });
}
