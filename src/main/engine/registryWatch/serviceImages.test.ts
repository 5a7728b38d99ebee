import { describe, expect, it } from 'vitest';
import { serviceImages } from './serviceImages';
import { digestsFor } from './runningDigests';

describe('serviceImages', () => {
  it("reads each service's image, interpolated with the stack's .env", () => {
    const images = serviceImages({
      composeFile: 'services:\n  web:\n    image: ghcr.io/acme/web:${TAG:-main}\n  api:\n    image: ${API}\n  db:\n    image: postgres:16\n',
      envFile: 'TAG=v3\nAPI=registry.example.com:5000/acme/api:2\n',
    });
    expect([...images]).toEqual([
      ['web', 'ghcr.io/acme/web:v3'],
      ['api', 'registry.example.com:5000/acme/api:2'],
      ['db', 'postgres:16'],
    ]);
  });

  it('has no image for a service that builds, or whose image needs a variable the .env does not set', () => {
    const images = serviceImages({ composeFile: 'services:\n  app:\n    build: .\n  other:\n    image: acme/${MISSING}\n', envFile: '' });
    expect([...images]).toEqual([
      ['app', null],
      ['other', null],
    ]);
  });

  it('gives nothing for a file that is not YAML or has no services', () => {
    expect(serviceImages({ composeFile: 'services: [unclosed', envFile: '' }).size).toBe(0);
    expect(serviceImages({ composeFile: 'volumes: {}\n', envFile: '' }).size).toBe(0);
  });
});

describe('digestsFor', () => {
  const a = `sha256:${'a'.repeat(64)}`;
  const b = `sha256:${'b'.repeat(64)}`;

  it("keeps the watched repository's digests only, never another repository's or a longer name's", () => {
    const repoDigests = [`127.0.0.1:5002/acme/web@${a}`, `127.0.0.1:5002/acme/web-old@${b}`, `ghcr.io/acme/web@${b}`];
    expect(digestsFor('127.0.0.1:5002/acme/web', repoDigests)).toEqual([a]);
    expect(digestsFor('nginx', [`nginx@${a}`, `library/nginx@${b}`])).toEqual([a]);
    expect(digestsFor('acme/api', [])).toEqual([]);
  });
});
