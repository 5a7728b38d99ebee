// The pure parts of running compose: `ps` in both of v2's JSON shapes (recorded from real v2
// installations, see fixtures/README.md), version detection text, the argv, the override file and
// the stack folder's name rules.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LABEL } from '../docker/labels';
import { checkProjectName, composeArgv, composeOverride, parseComposeVersion, parsePs, stackDir } from './composeCli';
import type { ComposeCli } from './composeCli';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const v1: ComposeCli = { flavor: 'v1', version: '1.29.2', command: ['docker-compose'] };
const v2: ComposeCli = { flavor: 'v2', version: '2.24.5', command: ['docker', 'compose'] };
const DIGEST = `sha256:${'a1'.repeat(32)}`;

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('parsePs', () => {
  it('reads the JSON array of compose before 2.21, pretty-printed or on one line', () => {
    expect(parsePs(fixture('ps-v2-2022-array-jq.json'))).toEqual([
      {
        name: 'compose-ps-json-db-1',
        service: 'db',
        state: 'running',
        health: '',
        exitCode: 0,
        image: null,
        id: 'aba85f638641033254a353baf0f73ac2bce302d46d843c0037849005171a4238',
      },
      {
        name: 'compose-ps-json-wordpress-1',
        service: 'wordpress',
        state: 'running',
        health: '',
        exitCode: 0,
        image: null,
        id: '001f54b33d9bd481bda12d98821a93e11f40b92e2e557186c2b66e20c9279196',
      },
    ]);
    expect(parsePs(fixture('ps-v2-array-docs.json')).map((e) => [e.service, e.state, e.exitCode])).toEqual([
      ['bar', 'exited', 0],
      ['foo', 'running', 0],
    ]);
  });

  it('reads the JSON Lines of compose 2.21 and later', () => {
    const entries = parsePs(fixture('ps-v2.24.5.jsonl'));
    expect(entries).toHaveLength(3);
    expect(entries[0]).toEqual({
      name: 'testdojorunid-abc-1',
      service: 'abc',
      state: 'running',
      health: '',
      exitCode: 0,
      image: 'alpine:3.19',
      id: '2d5c5b0343d0',
    });
    expect(entries.map((e) => e.service)).toEqual(['abc', 'def', 'default']);
    expect(parsePs(fixture('ps-v2.31.0.jsonl'))).toEqual([
      {
        name: 'dojo-test-files-2024-12-2015-58-00-6660523964295751458-abc-1',
        service: 'abc',
        state: 'exited',
        health: '',
        exitCode: 143,
        image: 'alpine:3.19',
        id: 'f543828473a7',
      },
    ]);
  });

  it('takes empty output as no containers, and skips blank lines and CRLF endings', () => {
    expect(parsePs('')).toEqual([]);
    expect(parsePs('\n  \n')).toEqual([]);
    expect(parsePs('[]\n')).toEqual([]);
    const lines = fixture('ps-v2.24.5.jsonl').trim().split('\n');
    expect(parsePs(`\n${lines[0]}\r\n\r\n${lines[1]}\r\n`)).toHaveLength(2);
  });

  it('refuses what is not compose ps JSON with COMPOSE_OUTPUT_INVALID and a sample', () => {
    for (const garbage of [
      'NAME   COMMAND   SERVICE   STATUS',
      '[{"Name": "a"',
      '{"Name":"a","Service":"s","State":"running"}\nnot json',
      '["a", "b"]',
      '{"Name":"a","State":"running"}',
      '42',
      'null',
    ]) {
      expect(
        thrown(() => parsePs(garbage)),
        garbage,
      ).toMatchObject({ code: 'COMPOSE_OUTPUT_INVALID', details: { sample: expect.any(String) } });
    }
  });
});

describe('detection text', () => {
  it('reads the versions that `version --short` prints', () => {
    expect(parseComposeVersion(fixture('v1-version-short.txt'))).toBe('1.29.2');
    expect(parseComposeVersion('2.24.5\n')).toBe('2.24.5');
    // Compose 2.0 to 2.2 kept the leading v.
    expect(parseComposeVersion('v2.2.3')).toBe('2.2.3');
    expect(parseComposeVersion('unknown flag: --short')).toBeNull();
    expect(parseComposeVersion('')).toBeNull();
  });
});

describe('composeArgv', () => {
  it('puts the project, every file and the env file before the subcommand', () => {
    expect(composeArgv(v1, { project: 'shop', files: ['compose.yml', 'tinyforge.override.yml'], envFile: '.env' }, 'up', '-d')).toEqual([
      'docker-compose',
      '-p',
      'shop',
      '-f',
      'compose.yml',
      '-f',
      'tinyforge.override.yml',
      '--env-file',
      '.env',
      'up',
      '-d',
    ]);
    expect(composeArgv(v2, { project: 'shop', files: ['compose.yml'] }, 'ps', '--format', 'json')).toEqual([
      'docker',
      'compose',
      '-p',
      'shop',
      '-f',
      'compose.yml',
      'ps',
      '--format',
      'json',
    ]);
  });

  it('refuses a run without files or with a bad project name', () => {
    expect(thrown(() => composeArgv(v1, { project: 'shop', files: [] }, 'up'))).toMatchObject({ code: 'VALIDATION' });
    expect(thrown(() => composeArgv(v1, { project: '-p', files: ['a.yml'] }, 'up'))).toMatchObject({ code: 'VALIDATION' });
  });
});

describe('stackDir', () => {
  it('places a stack under ~/.tinyforge/stacks', () => {
    expect(stackDir('shop_2-prod')).toBe('~/.tinyforge/stacks/shop_2-prod');
  });

  it('refuses every name that could leave that folder or that compose would refuse', () => {
    for (const bad of ['', '..', '../etc', 'a/b', 'Shop', '-shop', '_shop', 'shop ', ' shop', 'sh op', 'shop\n', 'a'.repeat(64), 'shop;rm', '$HOME', '~']) {
      expect(
        thrown(() => stackDir(bad)),
        JSON.stringify(bad),
      ).toMatchObject({ code: 'VALIDATION' });
    }
    expect(() => checkProjectName('a'.repeat(63))).not.toThrow();
  });
});

describe('composeOverride', () => {
  it('labels every service with the canonical labels, its role being the service', () => {
    const text = composeOverride({ services: ['web', 'db'], workloadId: 'w-123' });
    expect(parse(text)).toEqual({
      services: {
        web: { labels: { [LABEL.managed]: 'true', [LABEL.workloadId]: 'w-123', [LABEL.workloadKind]: 'stack', [LABEL.role]: 'web' } },
        db: { labels: { [LABEL.managed]: 'true', [LABEL.workloadId]: 'w-123', [LABEL.workloadKind]: 'stack', [LABEL.role]: 'db' } },
      },
    });
    // A label value must stay a string in YAML: compose v1 refuses a boolean label.
    expect(text).toMatch(/tinyforge\.managed: "true"/);
  });

  it('pins the images of the services it is given digests for', () => {
    const parsed = parse(composeOverride({ services: ['web', 'db'], workloadId: 'w', pins: { web: `registry.example/shop/web@${DIGEST}` } })) as {
      services: Record<string, { image?: string }>;
    };
    expect(parsed.services.web!.image).toBe(`registry.example/shop/web@${DIGEST}`);
    expect(parsed.services.db!.image).toBeUndefined();
    // An image built or imported on the host has no registry digest: its id pins it.
    const byId = parse(composeOverride({ services: ['web'], workloadId: 'w', pins: { web: DIGEST } })) as { services: Record<string, { image?: string }> };
    expect(byId.services.web!.image).toBe(DIGEST);
  });

  it('refuses pins that are not digests or name no service, and odd service names', () => {
    expect(thrown(() => composeOverride({ services: ['web'], workloadId: 'w', pins: { web: 'shop/web:latest' } }))).toMatchObject({ code: 'VALIDATION' });
    expect(thrown(() => composeOverride({ services: ['web'], workloadId: 'w', pins: { web: 'sha256:abc' } }))).toMatchObject({ code: 'VALIDATION' });
    expect(thrown(() => composeOverride({ services: ['web'], workloadId: 'w', pins: { api: `shop/api@${DIGEST}` } }))).toMatchObject({ code: 'VALIDATION' });
    expect(thrown(() => composeOverride({ services: ['web: {privileged: true}'], workloadId: 'w' }))).toMatchObject({ code: 'VALIDATION' });
    expect(thrown(() => composeOverride({ services: [], workloadId: 'w' }))).toMatchObject({ code: 'VALIDATION' });
  });
});
