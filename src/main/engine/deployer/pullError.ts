// Turns what Docker says about a failed pull into an error a user can act on. Pure. The messages
// are dockerd 20.10's, seen against the test registry and Docker Hub:
//   missing tag            "manifest unknown" / "manifest for <image> not found: manifest unknown: ..."
//   missing repository     "repository name not known to registry" / "pull access denied for ..."
//   registry down          `Get "http://127.0.0.1:5001/v2/": dial tcp ...: connect: connection refused`
//   unknown host, DNS      "... no such host", "... i/o timeout", "... TLS handshake timeout"
//   credentials            "unauthorized: authentication required", "denied: ..."
// These codes stay in the deploy record's error (the record is what the UI shows); they never
// cross the contract as an AppError, so they are not in shared/errors.ts.

export type PullErrorCode = 'IMAGE_NOT_FOUND' | 'REGISTRY_UNREACHABLE' | 'IMAGE_PULL_DENIED' | 'IMAGE_PULL_TIMEOUT' | 'IMAGE_PULL_FAILED';

export class PullError extends Error {
  constructor(
    readonly code: PullErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'PullError';
  }
}

/** The registry part of an image reference, as Docker reads it (no dot, colon or localhost: Docker Hub). */
export function registryOf(image: string): string {
  const slash = image.indexOf('/');
  if (slash < 0) return 'Docker Hub';
  const first = image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : 'Docker Hub';
}

const NOT_FOUND = /manifest unknown|not found: manifest|repository name not known|repository does not exist|name unknown/i;
const UNREACHABLE = /connection refused|no such host|i\/o timeout|network is unreachable|no route to host|tls handshake timeout|connection reset|dial tcp|server misbehaving|EOF$/i;
const DENIED = /unauthorized|authentication required|denied/i;

export function describePullFailure(image: string, dockerMessage: string): PullError {
  const registry = registryOf(image);
  const said = dockerMessage.trim();
  // Docker Hub answers "pull access denied ... repository does not exist" for a missing repository
  // too: not found is the likelier story, so it wins over denied.
  if (NOT_FOUND.test(said)) {
    return new PullError('IMAGE_NOT_FOUND', `image ${image} not found in the registry ${registry} (Docker said: ${said}). Check the repository and tag, or push the image, then deploy again.`);
  }
  if (UNREACHABLE.test(said)) {
    return new PullError('REGISTRY_UNREACHABLE', `the registry ${registry} could not be reached to pull ${image} (Docker said: ${said}). Check that the registry runs and that the Docker host can reach it.`);
  }
  if (DENIED.test(said)) {
    const login = registry === 'Docker Hub' ? 'docker login' : `docker login ${registry}`;
    return new PullError('IMAGE_PULL_DENIED', `the registry ${registry} refused to send ${image} (Docker said: ${said}). Log in to the registry on the Docker host (${login}) and deploy again.`);
  }
  return new PullError('IMAGE_PULL_FAILED', `pulling ${image} failed: ${said}`);
}

/** Which bound stopped a pull: no news from Docker for a while, or the whole pull took too long. */
export function pullTimedOut(image: string, bound: 'stall' | 'total', ms: number): PullError {
  const span = ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
  const registry = registryOf(image);
  return bound === 'stall'
    ? new PullError('IMAGE_PULL_TIMEOUT', `pulling ${image} made no progress for ${span} (the pull stall timeout), so it was cancelled: the registry ${registry} stopped answering or is very slow.`)
    : new PullError('IMAGE_PULL_TIMEOUT', `pulling ${image} did not finish within ${span} (the pull timeout), so it was cancelled. A large image on a slow link needs a longer pull timeout.`);
}
