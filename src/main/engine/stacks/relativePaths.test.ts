// Relative paths an adopted file would resolve against the app's stack folder instead of its own.
import { describe, expect, it } from 'vitest';
import { relativePaths } from './relativePaths';

describe('relativePaths', () => {
  it('finds relative binds (short and long syntax), env files, build contexts, configs and secrets', () => {
    const file = `services:
  web:
    build: .
    env_file: ./web.env
    volumes:
      - ./data:/data
      - named:/cache
      - /srv/abs:/abs
      - type: bind
        source: ../shared
        target: /shared
  worker:
    build:
      context: ./worker
    env_file:
      - path: ./worker.env
      - /etc/abs.env
configs:
  app:
    file: ./app.conf
secrets:
  key:
    file: /run/key
volumes:
  named: {}
`;
    expect(relativePaths(file)).toEqual([
      'web: volumes ./data:/data',
      'web: volumes ../shared',
      'web: env_file ./web.env',
      'web: build .',
      'worker: env_file ./worker.env',
      'worker: build ./worker',
      'configs.app: file ./app.conf',
    ]);
  });

  it('finds nothing in a file of absolute paths and named volumes, or in one that does not parse', () => {
    expect(relativePaths('services:\n  web:\n    image: x\n    volumes: ["data:/data", "/srv:/srv"]\n')).toEqual([]);
    expect(relativePaths('services: [\n')).toEqual([]);
  });
});
