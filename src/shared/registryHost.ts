// Which registry an image comes from, read the way Docker reads a reference, and the one spelling
// credentials are kept under. Shared: the contract normalises what the user types with it and the
// engine picks a pull's credentials with it, so a login saved for `Docker.io` is the one an
// `nginx:1` pull finds.

/** Docker Hub's canonical name: what an image without a registry part resolves to. */
export const DOCKER_HUB = 'docker.io';

/** Names Docker treats as Docker Hub (the CLI's login server and the API's host). */
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** The spelling credentials are kept under: lower case, Docker Hub's aliases folded to docker.io. */
export function canonicalRegistryHost(host: string): string {
  const lower = host.trim().toLowerCase();
  return DOCKER_HUB_ALIASES.has(lower) ? DOCKER_HUB : lower;
}

/**
 * The registry part of an image reference (`ghcr.io/acme/api:1`, `127.0.0.1:5000/x@sha256:...`).
 * As in Docker's reference grammar, the first path component is a registry only when it has a dot
 * or a port, or is `localhost`; anything else (`nginx`, `acme/api`) is on Docker Hub.
 */
export function registryHostOf(image: string): string {
  const slash = image.indexOf('/');
  if (slash < 0) return DOCKER_HUB;
  const first = image.slice(0, slash);
  const isRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  return isRegistry ? canonicalRegistryHost(first) : DOCKER_HUB;
}

/** A registry host as a user would name it: Docker Hub by its name too. */
export function registryLabel(host: string): string {
  return host === DOCKER_HUB ? `Docker Hub (${DOCKER_HUB})` : host;
}
