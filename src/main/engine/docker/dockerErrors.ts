// What Docker's own failures mean, read in one place. dockerode rejects with an Error that carries
// the API's HTTP status (`statusCode`: 404 no such object, 409 conflict, 304 nothing to do) when
// the daemon answered, and a socket error (`code`: ENOENT, EACCES, ECONNREFUSED...) when it could
// not be reached. Everything else in the engine asks these helpers instead of casting.
import { AppError } from '../../../shared/errors';

export type DockerFailure = 'not-found' | 'conflict' | 'not-modified' | 'no-socket' | 'permission' | 'refused' | 'closed' | 'timeout' | 'answered' | 'other';

/** The status the daemon answered with, when it answered. */
export function dockerStatus(error: unknown): number | null {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : null;
}

export function classifyDockerError(error: unknown): DockerFailure {
  const status = dockerStatus(error);
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 304) return 'not-modified';
  const e = error as { code?: unknown; name?: unknown } | null;
  switch (e?.code) {
    case 'ENOENT':
      return 'no-socket';
    case 'EACCES':
    case 'EPERM':
      return 'permission';
    case 'ECONNREFUSED':
      return 'refused';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'closed';
    default:
      break;
  }
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timeout';
  return status === null ? 'other' : 'answered';
}

/** The object (container, image, network) does not exist (any more). */
export const isNotFound = (error: unknown): boolean => dockerStatus(error) === 404;
/** The daemon refused because of the object's state (in use, being removed, name taken). */
export const isConflict = (error: unknown): boolean => dockerStatus(error) === 409;
/** The daemon had nothing to do (starting a running container, stopping a stopped one). */
export const isNotModified = (error: unknown): boolean => dockerStatus(error) === 304;

/** Rethrows anything but "not found": for removals and lookups where gone is as good as done. */
export function ignoreNotFound(error: unknown): void {
  if (!isNotFound(error)) throw error;
}

/** Rethrows anything but "nothing to do" (304). */
export function ignoreNotModified(error: unknown): void {
  if (!isNotModified(error)) throw error;
}

/** Rethrows anything but 304 and 404: stopping a container that is stopped or gone is done. */
export function ignoreNotModifiedOrNotFound(error: unknown): void {
  if (!isNotModified(error) && !isNotFound(error)) throw error;
}

const CONNECTION_ERRORS = new Set(['ENOENT', 'EACCES', 'EPERM', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTCONN', 'ECONNABORTED']);

/** The link to the daemon is broken (not a slow answer, not a refusal by a daemon that answered). */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  // Through SSH: the channel to the socket could not be opened, or the connection is gone.
  return CONNECTION_ERRORS.has(e?.code ?? '') || /open failed|not connected|no response from server/i.test(e?.message ?? '');
}

/**
 * A failure reaching or using Docker as an error a user can act on. `where` names the daemon (the
 * socket path, or `user@host` for SSH); `what` the object a 404 or 409 was about (`container web-1`).
 */
export function toAppError(error: unknown, where: string, what?: string): AppError {
  if (error instanceof AppError) return error;
  const e = error as { message?: unknown } | null;
  const said = typeof e?.message === 'string' ? e.message : String(error);
  const details = { where };
  switch (classifyDockerError(error)) {
    case 'not-found':
      return new AppError('NOT_FOUND', `${what ?? 'the object'} no longer exists in Docker.`, { ...details, ...(what ? { what } : {}) });
    case 'conflict':
      return new AppError('CONFLICT', `Docker refused to change ${what ?? 'the object'} in its current state: ${said}`, {
        ...details,
        ...(what ? { what } : {}),
        said,
      });
    case 'no-socket':
      return new AppError('DOCKER_NOT_FOUND', `no Docker socket at ${where}. Is Docker installed and running? (Settings > Docker socket)`, details);
    case 'permission':
      return new AppError(
        'DOCKER_PERMISSION_DENIED',
        `permission denied on ${where}. Add your user to the docker group, or fix the socket's permissions.`,
        details,
      );
    case 'refused':
      return new AppError('DOCKER_UNREACHABLE', `nothing answers on ${where}. Start the Docker daemon.`, details);
    case 'closed':
      return new AppError('DOCKER_UNREACHABLE', `the Docker daemon closed the connection on ${where}.`, details);
    case 'timeout':
      return new AppError('DOCKER_UNREACHABLE', `Docker did not answer on ${where} in time.`, details);
    case 'answered':
      return new AppError('DOCKER_UNREACHABLE', `Docker answered ${dockerStatus(error)}: ${said}`, { ...details, status: dockerStatus(error), said });
    default:
      return new AppError('DOCKER_UNREACHABLE', said, details);
  }
}
