// Turns what Docker says about a failed pull into an error a user can act on. Pure. The messages
// are dockerd 20.10's, seen against the test registry and Docker Hub:
//   missing tag            "manifest unknown" / "manifest for <image> not found: manifest unknown: ..."
//   missing repository     "repository name not known to registry" / "pull access denied for ..."
//   registry down          `Get "http://127.0.0.1:5001/v2/": dial tcp ...: connect: connection refused`
//   unknown host, DNS      "... no such host", "... i/o timeout", "... TLS handshake timeout"
//   no login sent          `Head "http://127.0.0.1:5001/v2/.../manifests/v1": no basic auth credentials`
//   login refused          "unauthorized: authentication required", "denied: ..."
// A refusal means "log in" when the pull carried no credentials, and "your login is wrong" when it
// did: the same words from Docker, two different things to do. The codes stay in the deploy
// record's error (the record is what the UI shows); the renderer labels them from shared/errors.ts.
import { registryHostOf, registryLabel } from '../../../shared/registryHost';

export type PullErrorCode =
  'IMAGE_NOT_FOUND' | 'REGISTRY_UNREACHABLE' | 'IMAGE_PULL_DENIED' | 'REGISTRY_AUTH_FAILED' | 'IMAGE_PULL_TIMEOUT' | 'IMAGE_PULL_FAILED';

export class PullError extends Error {
  constructor(
    readonly code: PullErrorCode,
    message: string,
    /** The registry the pull went to (canonical host: `ghcr.io`, `docker.io`). */
    readonly details: { registry: string },
  ) {
    super(message);
    this.name = 'PullError';
  }
}

/** The registry part of an image reference as people name it (Docker Hub by name). */
export function registryOf(image: string): string {
  return registryLabel(registryHostOf(image));
}

const NOT_FOUND = /manifest unknown|not found: manifest|repository name not known|repository does not exist|name unknown/i;
const UNREACHABLE =
  /connection refused|no such host|i\/o timeout|network is unreachable|no route to host|tls handshake timeout|connection reset|dial tcp|server misbehaving|EOF$/i;
/** Docker's words for a registry it could not reach (shared with the login test). */
export function isUnreachable(said: string): boolean {
  return UNREACHABLE.test(said);
}

const DENIED = /unauthorized|authentication required|denied|no basic auth credentials/i;

/** How the pull was made: with the credentials saved for its registry, or without any. */
export interface PullAttempt {
  withCredentials: boolean;
}

export function describePullFailure(image: string, dockerMessage: string, attempt: PullAttempt = { withCredentials: false }): PullError {
  const host = registryHostOf(image);
  const details = { registry: host };
  const registry = registryLabel(host);
  const said = dockerMessage.trim();
  // Docker Hub answers "pull access denied ... repository does not exist" for a missing repository
  // too: not found is the likelier story, so it wins over denied.
  if (NOT_FOUND.test(said)) {
    return new PullError(
      'IMAGE_NOT_FOUND',
      `image ${image} not found in the registry ${registry} (Docker said: ${said}). Check the repository and tag, or push the image, then deploy again.`,
      details,
    );
  }
  if (UNREACHABLE.test(said)) {
    return new PullError(
      'REGISTRY_UNREACHABLE',
      `the registry ${registry} could not be reached to pull ${image} (Docker said: ${said}). Check that the registry runs and that the Docker host can reach it.`,
      details,
    );
  }
  if (DENIED.test(said)) {
    if (attempt.withCredentials) {
      return new PullError(
        'REGISTRY_AUTH_FAILED',
        `the registry ${registry} refused the saved login for ${image} (Docker said: ${said}). Check the user name and token for ${host} in Settings, Registries (a token needs read access to the package), then deploy again.`,
        details,
      );
    }
    return new PullError(
      'IMAGE_PULL_DENIED',
      `the registry ${registry} wants a login to send ${image} (Docker said: ${said}). Add credentials for ${host} in Settings, Registries, then deploy again.`,
      details,
    );
  }
  return new PullError('IMAGE_PULL_FAILED', `pulling ${image} failed: ${said}`, details);
}

/** Which bound stopped a pull: no news from Docker for a while, or the whole pull took too long. */
export function pullTimedOut(image: string, bound: 'stall' | 'total', ms: number): PullError {
  const span = ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
  const details = { registry: registryHostOf(image) };
  const registry = registryLabel(details.registry);
  return bound === 'stall'
    ? new PullError(
        'IMAGE_PULL_TIMEOUT',
        `pulling ${image} made no progress for ${span} (the pull stall timeout), so it was cancelled: the registry ${registry} stopped answering or is very slow.`,
        details,
      )
    : new PullError(
        'IMAGE_PULL_TIMEOUT',
        `pulling ${image} did not finish within ${span} (the pull timeout), so it was cancelled. A large image on a slow link needs a longer pull timeout.`,
        details,
      );
}
