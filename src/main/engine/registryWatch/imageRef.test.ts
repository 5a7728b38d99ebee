import { describe, expect, it } from 'vitest';
import { assertWatchableFrom, parseWatchedImage, registryBaseUrl } from './imageRef';

describe('parseWatchedImage', () => {
  it('puts an official Docker Hub image under library/, and records it as Docker does', () => {
    expect(parseWatchedImage('nginx:1.27')).toEqual({
      registry: 'docker.io',
      repository: 'library/nginx',
      tag: '1.27',
      key: 'docker.io/library/nginx:1.27',
      localRepository: 'nginx',
    });
  });

  it('shares one key between the spellings of one Docker Hub image', () => {
    const keys = ['nginx:1', 'docker.io/nginx:1', 'docker.io/library/nginx:1', 'index.docker.io/library/nginx:1'].map((r) => parseWatchedImage(r).key);
    expect(new Set(keys)).toEqual(new Set(['docker.io/library/nginx:1']));
  });

  it('reads a user image on Docker Hub, GHCR and a private registry with a port', () => {
    expect(parseWatchedImage('acme/api:v2')).toMatchObject({ registry: 'docker.io', repository: 'acme/api', localRepository: 'acme/api' });
    expect(parseWatchedImage('ghcr.io/acme/tools/api:main')).toMatchObject({
      registry: 'ghcr.io',
      repository: 'acme/tools/api',
      tag: 'main',
      localRepository: 'ghcr.io/acme/tools/api',
    });
    expect(parseWatchedImage('127.0.0.1:5002/tinyforge-test/app:w')).toMatchObject({
      registry: '127.0.0.1:5002',
      repository: 'tinyforge-test/app',
      tag: 'w',
      key: '127.0.0.1:5002/tinyforge-test/app:w',
    });
  });

  it('refuses a digest reference, a missing tag, a bad tag and a bad repository, saying which', () => {
    expect(() => parseWatchedImage(`nginx@sha256:${'a'.repeat(64)}`)).toThrow(/digest/);
    expect(() => parseWatchedImage('registry:5000/app')).toThrow(/no tag/);
    expect(() => parseWatchedImage('nginx:-bad')).toThrow(/tag/);
    expect(() => parseWatchedImage('Nginx:1')).toThrow(/repository/);
    expect(() => parseWatchedImage('acme//api:1')).toThrow(/repository/);
  });
});

describe('registryBaseUrl', () => {
  it("uses Docker Hub's API host, HTTPS everywhere, plain HTTP on loopback only", () => {
    expect(registryBaseUrl('docker.io')).toBe('https://registry-1.docker.io');
    expect(registryBaseUrl('ghcr.io')).toBe('https://ghcr.io');
    expect(registryBaseUrl('registry.example.com:5000')).toBe('https://registry.example.com:5000');
    expect(registryBaseUrl('127.0.0.1:5002')).toBe('http://127.0.0.1:5002');
    expect(registryBaseUrl('localhost:5000')).toBe('http://localhost:5000');
  });
});

describe('assertWatchableFrom', () => {
  it("refuses an SSH host's loopback registry, which this computer cannot see, and allows the rest", () => {
    expect(() => assertWatchableFrom(parseWatchedImage('127.0.0.1:5000/acme/api:1'), 'ssh')).toThrow(/loopback/);
    expect(() => assertWatchableFrom(parseWatchedImage('localhost:5000/acme/api:1'), 'ssh')).toThrow(/loopback/);
    expect(() => assertWatchableFrom(parseWatchedImage('127.0.0.1:5000/acme/api:1'), 'local')).not.toThrow();
    expect(() => assertWatchableFrom(parseWatchedImage('ghcr.io/acme/api:1'), 'ssh')).not.toThrow();
  });
});
