// Docker's words for failed pulls, as dockerd 20.10 said them (the first three against the test
// registry on this machine), and the error each one becomes.
import { describe, expect, it } from 'vitest';
import { describePullFailure, pullTimedOut, registryOf } from './pullError';

const IMAGE = '127.0.0.1:5000/tinyforge-test/layered:v9';

describe('describePullFailure', () => {
  it('a tag the registry lacks is IMAGE_NOT_FOUND, naming the image and the registry', () => {
    const error = describePullFailure(IMAGE, 'manifest unknown');
    expect(error.code).toBe('IMAGE_NOT_FOUND');
    expect(error.message).toBe(
      'image 127.0.0.1:5000/tinyforge-test/layered:v9 not found in the registry 127.0.0.1:5000 (Docker said: manifest unknown). Check the repository and tag, or push the image, then deploy again.',
    );
  });

  it('a registry that refuses connections is REGISTRY_UNREACHABLE', () => {
    const error = describePullFailure(
      '127.0.0.1:5098/tinyforge-test/layered:v1',
      'Get "http://127.0.0.1:5098/v2/": dial tcp 127.0.0.1:5098: connect: connection refused',
    );
    expect(error.code).toBe('REGISTRY_UNREACHABLE');
    expect(error.message).toMatch(/^the registry 127\.0\.0\.1:5098 could not be reached to pull .*connection refused/);
  });

  it("a blob the registry lost is a plain failure with Docker's words", () => {
    expect(describePullFailure(IMAGE, 'unknown blob').message).toBe(`pulling ${IMAGE} failed: unknown blob`);
  });

  it("Docker Hub's answer for a missing repository reads as not found, not as a login problem", () => {
    const said =
      "pull access denied for nosuchrepo, repository does not exist or may require 'docker login': denied: requested access to the resource is denied";
    expect(describePullFailure('nosuchrepo:latest', said).code).toBe('IMAGE_NOT_FOUND');
  });

  it('a refusal of a pull without credentials is IMAGE_PULL_DENIED, naming the registry that wants a login', () => {
    const error = describePullFailure('registry.example.com/team/app:1', 'unauthorized: authentication required');
    expect(error.code).toBe('IMAGE_PULL_DENIED');
    expect(error.details).toEqual({ registry: 'registry.example.com' });
    expect(error.message).toContain('wants a login');
    expect(error.message).toContain('Add credentials for registry.example.com in Settings, Registries');
  });

  it("dockerd's 'no basic auth credentials' (a Basic challenge, nothing sent) is IMAGE_PULL_DENIED too", () => {
    const said = 'Head "http://127.0.0.1:5001/v2/tinyforge-test/layered/manifests/v1": no basic auth credentials';
    const error = describePullFailure('127.0.0.1:5001/tinyforge-test/layered:v1', said);
    expect(error.code).toBe('IMAGE_PULL_DENIED');
    expect(error.details.registry).toBe('127.0.0.1:5001');
  });

  it('a refusal of a pull that carried credentials is REGISTRY_AUTH_FAILED with the registry in details', () => {
    const error = describePullFailure('ghcr.io/acme/api:1', 'unauthorized: authentication required', { withCredentials: true });
    expect(error.code).toBe('REGISTRY_AUTH_FAILED');
    expect(error.details).toEqual({ registry: 'ghcr.io' });
    expect(error.message).toMatch(/^the registry ghcr\.io refused the saved login/);
  });

  it('Docker Hub is named by name and by host', () => {
    const error = describePullFailure('acme/private:1', 'denied: requested access to the resource is denied');
    expect(error.code).toBe('IMAGE_PULL_DENIED');
    expect(error.details.registry).toBe('docker.io');
    expect(error.message).toContain('Docker Hub (docker.io)');
  });

  it('an unknown host is REGISTRY_UNREACHABLE', () => {
    expect(describePullFailure('nowhere.invalid/app:1', 'Get "https://nowhere.invalid/v2/": dial tcp: lookup nowhere.invalid: no such host').code).toBe(
      'REGISTRY_UNREACHABLE',
    );
  });
});

describe('pullTimedOut', () => {
  it('says which bound stopped the pull', () => {
    expect(pullTimedOut(IMAGE, 'stall', 2_000).message).toMatch(/^pulling .* made no progress for 2 s \(the pull stall timeout\)/);
    expect(pullTimedOut(IMAGE, 'total', 600_000).message).toMatch(/did not finish within 600 s \(the pull timeout\)/);
  });
});

describe('registryOf', () => {
  it('reads the registry the way Docker does', () => {
    expect(registryOf('127.0.0.1:5000/a/b:v1')).toBe('127.0.0.1:5000');
    expect(registryOf('localhost/a:v1')).toBe('localhost');
    expect(registryOf('ghcr.io/a/b:v1')).toBe('ghcr.io');
    expect(registryOf('library/nginx:1')).toBe('Docker Hub (docker.io)');
    expect(registryOf('nginx:1')).toBe('Docker Hub (docker.io)');
  });
});
