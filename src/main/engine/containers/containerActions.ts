// Actions on one container (stop, restart, remove, logs). Each names the workload (and, for a
// project, the stage) it acts for; the container must belong to exactly that, or the call is
// refused with FORBIDDEN and Docker is never asked. The renderer cannot be trusted to pair a
// container with its workload: a crafted call could name any row id.
import type Dockerode from 'dockerode';
import { AppError } from '../../../shared/errors';
import type { ContainerView } from '../../../shared/types';
import type { ContainerRepo } from '../store/containerRepo';
import { demultiplex } from '../docker/demultiplex';
import { isNotFound, isNotModified } from '../docker/dockerErrors';

export interface ActionTarget {
  id: string;
  workloadId: string;
  stageId?: string;
}

export function ownedContainer(containers: ContainerRepo, target: ActionTarget): ContainerView {
  const row = containers.get(target.id);
  if (!row) throw new AppError('NOT_FOUND', `there is no container with id ${target.id}`);
  if (row.workloadId !== target.workloadId || (target.stageId !== undefined && row.stageId !== target.stageId)) {
    throw new AppError(
      'FORBIDDEN',
      `container ${row.name} does not belong to the ${target.stageId !== undefined ? 'workload and stage' : 'workload'} this call names; nothing was done.`,
    );
  }
  if (row.dockerId === '') throw new AppError('CONFLICT', `${row.name} is still being created by a deploy.`);
  if (row.state === 'missing') throw new AppError('NOT_FOUND', `${row.name} no longer exists in Docker.`);
  return row;
}

function notFoundIsGone(error: unknown, name: string): never {
  if (isNotFound(error)) throw new AppError('NOT_FOUND', `${name} no longer exists in Docker.`, { container: name });
  throw error;
}

export async function stopContainer(docker: Dockerode, row: ContainerView): Promise<void> {
  await docker
    .getContainer(row.dockerId)
    .stop({ t: 10 })
    .catch((error: unknown) => {
      if (isNotModified(error)) return;
      notFoundIsGone(error, row.name);
    });
}

export async function restartContainer(docker: Dockerode, row: ContainerView): Promise<void> {
  await docker
    .getContainer(row.dockerId)
    .restart({ t: 10 })
    .catch((error: unknown) => notFoundIsGone(error, row.name));
}

export async function removeContainer(docker: Dockerode, row: ContainerView): Promise<void> {
  await docker
    .getContainer(row.dockerId)
    .remove({ force: true })
    .catch((error: unknown) => notFoundIsGone(error, row.name));
}

/** The last `tail` lines of stdout and stderr, demultiplexed, oldest first. */
export async function containerLogs(docker: Dockerode, row: ContainerView, tail: number): Promise<string> {
  const raw = await docker
    .getContainer(row.dockerId)
    .logs({ stdout: true, stderr: true, tail, timestamps: false, follow: false })
    .catch((error: unknown) => notFoundIsGone(error, row.name));
  return demultiplex(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw)));
}

/**
 * Refuses, with FORBIDDEN and Docker unasked, a container the app did not create and nobody trusted.
 * Ownership comes from the app's own record, never from labels: a container whose labels claim a
 * workload but that the app did not create (`unverified`) may not be looked into.
 */
function requireVerified(row: ContainerView, what: string): void {
  if (row.provenance !== 'created' && row.provenance !== 'trusted') {
    throw new AppError(
      'FORBIDDEN',
      `${row.name} was not created by Tinyforge and nobody trusted it: ${what} stay closed. Trust it on its workload's page first.`,
      {
        container: row.name,
      },
    );
  }
}

/** A container the app may look into and open a terminal in: one it created or the user trusted. */
export function verifiedContainer(containers: ContainerRepo, id: string): ContainerView {
  const row = containers.get(id);
  if (!row) throw new AppError('NOT_FOUND', `there is no container with id ${id}`);
  requireVerified(row, 'its details and terminal');
  if (row.dockerId === '') throw new AppError('CONFLICT', `${row.name} is still being created by a deploy.`);
  if (row.state === 'missing') throw new AppError('NOT_FOUND', `${row.name} no longer exists in Docker.`, { container: row.name });
  return row;
}

/**
 * A container whose output the app may read: it belongs to the workload (and stage) the call names,
 * as for every action, and the app created it or the user trusted it, as for the terminal. Logs
 * print secrets as often as environments hold them.
 */
export function readableContainer(containers: ContainerRepo, target: ActionTarget): ContainerView {
  const row = ownedContainer(containers, target);
  requireVerified(row, 'its logs');
  return row;
}
