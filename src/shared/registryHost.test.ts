import { describe, expect, it } from 'vitest';
import { DOCKER_HUB, canonicalRegistryHost, registryHostOf, registryLabel } from './registryHost';

describe('registryHostOf', () => {
  it('reads a registry with a dot, a port or localhost as the registry', () => {
    expect(registryHostOf('ghcr.io/acme/api:1.2')).toBe('ghcr.io');
    expect(registryHostOf('127.0.0.1:5001/tinyforge-test/layered:v1')).toBe('127.0.0.1:5001');
    expect(registryHostOf('localhost/app:1')).toBe('localhost');
    expect(registryHostOf('registry.gitlab.com/group/sub/project@sha256:' + 'a'.repeat(64))).toBe('registry.gitlab.com');
  });

  it('puts images without a registry part on Docker Hub, as Docker does', () => {
    expect(registryHostOf('nginx')).toBe(DOCKER_HUB);
    expect(registryHostOf('nginx:1.27')).toBe(DOCKER_HUB);
    expect(registryHostOf('acme/api:latest')).toBe(DOCKER_HUB);
    // A first component without a dot or port is a Docker Hub namespace, even one that looks like a host.
    expect(registryHostOf('myregistry/app:1')).toBe(DOCKER_HUB);
  });

  it("folds Docker Hub's other names and upper case into the one spelling credentials are kept under", () => {
    expect(registryHostOf('index.docker.io/library/nginx:1')).toBe(DOCKER_HUB);
    expect(registryHostOf('registry-1.docker.io/acme/api:1')).toBe(DOCKER_HUB);
    expect(registryHostOf('GHCR.io/acme/api:1')).toBe('ghcr.io');
    expect(canonicalRegistryHost(' Index.Docker.IO ')).toBe(DOCKER_HUB);
  });

  it('names Docker Hub for people', () => {
    expect(registryLabel(DOCKER_HUB)).toBe('Docker Hub (docker.io)');
    expect(registryLabel('ghcr.io')).toBe('ghcr.io');
  });
});
