// A watched image reference read the way Docker reads it, and where its manifest lives: Docker
// Hub's API host is registry-1.docker.io and its official images sit under `library/`.
import { AppError } from '../../../shared/errors';
import { DOCKER_HUB, registryHostOf } from '../../../shared/registryHost';

export interface WatchedImage {
  /** The canonical registry host credentials are kept under (`docker.io`, `ghcr.io`, `127.0.0.1:5002`). */
  registry: string;
  /** The repository as the registry's API names it (`library/nginx`, `acme/api`). */
  repository: string;
  tag: string;
  /** One spelling per image, the key checks are shared by: `docker.io/library/nginx:1`. */
  key: string;
  /** The repository as Docker records it in an image's RepoDigests (`nginx`, `127.0.0.1:5002/acme/api`). */
  localRepository: string;
}

// Docker's reference grammar, narrowed to what a watch needs: path components and a tag.
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;

/** Reads `repo:tag` (a tag is required: a digest reference never changes, so watching it is meaningless). */
export function parseWatchedImage(reference: string): WatchedImage {
  const bad = (why: string) => new AppError('VALIDATION', `the image ${reference} cannot be watched: ${why}.`, { image: reference });
  if (reference.includes('@')) throw bad('it names a digest, which never changes');
  const slash = reference.lastIndexOf('/');
  const colon = reference.lastIndexOf(':');
  if (colon <= slash) throw bad('it names no tag');
  const name = reference.slice(0, colon);
  const tag = reference.slice(colon + 1);
  if (!TAG.test(tag)) throw bad('its tag is not a valid tag');
  const registry = registryHostOf(name);
  const explicitRegistry = registry !== DOCKER_HUB || /^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//i.test(name);
  const path = explicitRegistry ? name.slice(name.indexOf('/') + 1) : name;
  const components = path.split('/');
  if (components.some((c) => !COMPONENT.test(c))) throw bad('its repository is not a valid name');
  const repository = registry === DOCKER_HUB && components.length === 1 ? `library/${path}` : path;
  // Docker records Hub images without their registry, and official ones without `library/`.
  const localRepository = registry === DOCKER_HUB ? repository.replace(/^library\//, '') : `${name.slice(0, name.indexOf('/'))}/${path}`;
  return { registry, repository, tag, key: `${registry}/${repository}:${tag}`, localRepository };
}

/** A registry on the loopback of whichever machine asks: `localhost:5000`, `127.0.0.1:5002`. */
export function isLoopbackRegistry(registry: string): boolean {
  const host = registry.replace(/:\d+$/, '');
  return host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]';
}

/**
 * Checks leave from this computer: for an SSH host, a loopback registry is the Docker host's own,
 * which this computer cannot see (its own loopback may even serve another registry).
 */
export function assertWatchableFrom(image: WatchedImage, hostKind: 'local' | 'ssh'): void {
  if (hostKind === 'ssh' && isLoopbackRegistry(image.registry)) {
    throw new AppError(
      'VALIDATION',
      `${image.registry} is the SSH host's own loopback, which Tinyforge cannot reach from this computer to check the tag; publish the registry on an address this computer reaches.`,
      { image: image.key, registry: image.registry },
    );
  }
}

/** The base URL of a registry's v2 API. Plain HTTP only for loopback, as dockerd's own default allows. */
export function registryBaseUrl(registry: string): string {
  if (registry === DOCKER_HUB) return 'https://registry-1.docker.io';
  return `${isLoopbackRegistry(registry) ? 'http' : 'https'}://${registry}`;
}
