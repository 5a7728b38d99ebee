// Docker's X-Registry-Auth header: the credentials of one pull, sent with the request and never
// written to the host (no ~/.docker/config.json, no `docker login`).
import { DOCKER_HUB } from '../../../shared/registryHost';

export interface RegistryLogin {
  /** The canonical registry host (`ghcr.io`, `127.0.0.1:5001`, `docker.io`). */
  registry: string;
  username: string;
  password: string;
}

export type { PullAuth } from '../docker/pullImage';

/** The server address Docker expects for a registry: Docker Hub's login server is its v1 index. */
export function serverAddress(registry: string): string {
  return registry === DOCKER_HUB ? 'https://index.docker.io/v1/' : registry;
}

/**
 * The body Docker's /auth takes and X-Registry-Auth carries. `serveraddress` must be there: dockerd
 * 20.10 answers /auth without one against Docker Hub, whatever registry was meant.
 */
export function authConfig(login: RegistryLogin): { username: string; password: string; serveraddress: string } {
  return { username: login.username, password: login.password, serveraddress: serverAddress(login.registry) };
}

/**
 * base64url WITH its `=` padding. dockerd 20.10 decodes the header with Go's padded URLEncoding and,
 * when that fails, pulls with no credentials at all: an unpadded header made a correct login fail
 * with "no basic auth credentials" against the test registry (measured), depending only on the
 * length of the JSON. Node's 'base64url' drops the padding, so it is built from 'base64' by hand.
 */
export function registryAuthHeader(login: RegistryLogin): string {
  return Buffer.from(JSON.stringify(authConfig(login)), 'utf8')
    .toString('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}
