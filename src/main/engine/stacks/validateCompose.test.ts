// The editor's compose check: each rule refused and listed, each problem at its line and column.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ComposeProblem } from '../../../shared/contract/stacks';
import { validateCompose } from './validateCompose';
import type { ComposeCheckOptions } from './validateCompose';

const OFF: ComposeCheckOptions = { allowHostAccess: false };
/** A realistic stack: anchors and merge keys, healthchecks, long-form depends_on, profiles, develop, secrets. */
const REALISTIC = readFileSync(join(__dirname, 'fixtures', 'shop.compose.yml'), 'utf8');

/** Compose text from an indented template literal: the common indent and the first newline go. */
function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = String.raw({ raw: strings }, ...values).replace(/^\n/, '');
  const indent = Math.min(
    ...raw
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => l.length - l.trimStart().length),
  );
  return raw
    .split('\n')
    .map((l) => l.slice(indent))
    .join('\n');
}

/** A problem as a test states it: where, which check, which rule. */
const where = (p: ComposeProblem) => ({ kind: p.kind, code: p.code, path: p.path, line: p.line, column: p.column });

/** A one-service file whose service has the given body (indented under `web:`). */
function service(body: string): string {
  return `services:\n  web:\n    image: nginx:1.27\n${body
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => `    ${l}`)
    .join('\n')}\n`;
}

describe('YAML syntax', () => {
  it('places an unclosed flow list at its line and column, and checks nothing further', () => {
    const check = validateCompose(
      yaml`
      services:
        web:
          image: nginx
          ports: [80, 443
          privileged: true
    `,
      OFF,
    );
    expect(check.ok).toBe(false);
    expect(check.problems).toHaveLength(1);
    expect(check.problems[0]).toMatchObject({ kind: 'syntax', code: 'yaml', line: 5 });
    expect(check.problems[0]!.message).toMatch(/^YAML syntax: /);
    expect(check.hostAccess).toEqual([]);
  });

  it('refuses a key given twice at the second one', () => {
    const check = validateCompose(
      yaml`
      services:
        web:
          image: nginx
          ports: ["80:80"]
          image: httpd
    `,
      OFF,
    );
    expect(check.problems.map(where)).toEqual([{ kind: 'syntax', code: 'duplicate-key', path: '', line: 5, column: 5 }]);
    expect(check.problems[0]!.message).toBe('"image" is given twice in the same mapping; keep one');
  });

  it.each([
    ['an empty file', ''],
    ['only blank lines', '\n\n  \n'],
    ['only comments', '# a stack\n# to come\n'],
  ])('refuses %s', (_name, text) => {
    const check = validateCompose(text, OFF);
    expect(check.problems.map(where)).toEqual([{ kind: 'syntax', code: 'empty-file', path: '', line: 1, column: 1 }]);
  });

  it.each([
    ['a list', '- web\n- db\n'],
    ['a single value', 'services\n'],
    ['a number', '42\n'],
  ])('refuses a top level that is %s', (_name, text) => {
    const check = validateCompose(text, OFF);
    expect(check.problems.map((p) => [p.code, p.line, p.column])).toEqual([['not-a-mapping', 1, 1]]);
  });

  it('refuses an alias to an anchor that does not exist, at the alias', () => {
    const check = validateCompose(
      yaml`
      services:
        web:
          <<: *defaults
          image: nginx
    `,
      OFF,
    );
    expect(check.problems.map(where)).toEqual([{ kind: 'syntax', code: 'unknown-alias', path: '', line: 3, column: 9 }]);
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(10)
          .fill(`*${'abcdefghij'[i - 1]}`)
          .join(', ')}]`,
      );
    const started = Date.now();
    const check = validateCompose(`${levels.join('\n')}\nservices: {}\n`, OFF);
    expect(check.problems.map((p) => p.code)).toEqual(['too-many-aliases']);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('answers a file nested deeper than the parser goes with a syntax problem, not a crash', () => {
    const check = validateCompose(`x-deep: ${'['.repeat(5_000)}${']'.repeat(5_000)}\nservices:\n  web:\n    image: nginx\n`, OFF);
    expect(check.ok).toBe(false);
    expect(check.problems.map((p) => [p.kind, p.code])).toContainEqual(['syntax', 'yaml']);
  });

  it('refuses several documents in one file and a key that is a mapping', () => {
    expect(validateCompose('services: {}\n---\nservices: {}\n', OFF).problems.map((p) => [p.code, p.line])).toEqual([['yaml', 2]]);
    expect(validateCompose('services:\n  ? {a: 1}\n  : {image: x}\n', OFF).problems.map((p) => [p.code, p.line, p.column])).toEqual([['complex-key', 2, 5]]);
  });
});

describe('the compose-spec schema', () => {
  it('names a typo of a key at the key, with the option it probably means', () => {
    const check = validateCompose(
      yaml`
      services:
        web:
          imgae: nginx
    `,
      OFF,
    );
    expect(check.problems.map(where)).toEqual([{ kind: 'schema', code: 'unknown-key', path: 'services.web.imgae', line: 3, column: 5 }]);
    expect(check.problems[0]!.message).toBe('services.web.imgae: is not a known option (did you mean "image"?)');
    expect(check.problems[0]!.params).toEqual({ key: 'imgae', suggestion: 'image' });
  });

  it('says only that a key is unknown when nothing is near it', () => {
    const check = validateCompose(service('frobnicate: 3'), OFF);
    expect(check.problems.map((p) => p.message)).toEqual(['services.web.frobnicate: is not a known option']);
  });

  it('asks for a list where a bare port number is given, at the value', () => {
    const check = validateCompose(service('ports: 80'), OFF);
    expect(check.problems.map(where)).toEqual([{ kind: 'schema', code: 'wrong-type', path: 'services.web.ports', line: 4, column: 12 }]);
    expect(check.problems[0]!.message).toBe('services.web.ports: must be a list');
  });

  it('says once what a list entry may be, not once per oneOf branch', () => {
    const check = validateCompose(service('ports:\n  - "8080:80"\n  - true'), OFF);
    expect(check.problems.map(where)).toEqual([{ kind: 'schema', code: 'wrong-type', path: 'services.web.ports[1]', line: 6, column: 9 }]);
    expect(check.problems[0]!.message).toBe('services.web.ports[1]: must be a number, a string or a mapping');
  });

  it('follows the branch the value matches: an unknown key in a long-form port', () => {
    const check = validateCompose(service('ports:\n  - target: 80\n    hostip: 127.0.0.1'), OFF);
    expect(check.problems.map(where)).toEqual([{ kind: 'schema', code: 'unknown-key', path: 'services.web.ports[0].hostip', line: 6, column: 9 }]);
    expect(check.problems[0]!.message).toContain('did you mean "host_ip"?');
  });

  it('refuses a restart policy of the wrong type, and one compose does not know', () => {
    const wrongType = validateCompose(service('restart: [always]'), OFF);
    expect(wrongType.problems.map(where)).toEqual([{ kind: 'schema', code: 'wrong-type', path: 'services.web.restart', line: 4, column: 14 }]);
    expect(wrongType.problems[0]!.message).toBe('services.web.restart: must be a string');
    const unknown = validateCompose(service('restart: allways'), OFF);
    expect(unknown.problems.map(where)).toEqual([{ kind: 'schema', code: 'restart-policy', path: 'services.web.restart', line: 4, column: 14 }]);
    for (const ok of ['no', '"no"', 'always', 'unless-stopped', 'on-failure', 'on-failure:3']) {
      expect(validateCompose(service(`restart: ${ok}`), OFF).problems).toEqual([]);
    }
  });

  it('lists the allowed values of an enum, without the oneOf noise of depends_on', () => {
    const check = validateCompose(
      yaml`
      services:
        web:
          image: nginx
          depends_on:
            db:
              condition: service_ready
        db:
          image: postgres:16
    `,
      OFF,
    );
    expect(check.problems.map(where)).toEqual([
      { kind: 'schema', code: 'not-allowed-value', path: 'services.web.depends_on.db.condition', line: 6, column: 20 },
    ]);
    expect(check.problems[0]!.message).toBe(
      'services.web.depends_on.db.condition: must be one of service_started, service_healthy or service_completed_successfully',
    );
  });

  it('points at the later of two identical entries', () => {
    const check = validateCompose(service('cap_add:\n  - NET_ADMIN\n  - NET_RAW\n  - NET_ADMIN'), OFF);
    expect(check.problems.map(where)).toEqual([{ kind: 'schema', code: 'duplicate-item', path: 'services.web.cap_add[2]', line: 7, column: 9 }]);
  });

  it('refuses a service name compose cannot use, and a file without services', () => {
    const badName = validateCompose('services:\n  my web:\n    image: nginx\n', OFF);
    expect(badName.problems.map(where)).toEqual([{ kind: 'schema', code: 'invalid-name', path: 'services["my web"]', line: 2, column: 3 }]);
    expect(validateCompose('name: demo\n', OFF).problems.map((p) => [p.code, p.line])).toEqual([['no-services', 1]]);
    expect(validateCompose('services: {}\n', OFF).problems.map((p) => [p.code, p.path, p.line, p.column])).toEqual([['no-services', 'services', 1, 1]]);
  });

  it('places a problem in a mapping merged with <<: at the anchored text, where it is written', () => {
    const check = validateCompose(
      yaml`
      x-common: &common
        restart: always
        mem_limit: [1g]
      services:
        web:
          <<: *common
          image: nginx
    `,
      OFF,
    );
    expect(check.problems.map(where)).toEqual([{ kind: 'schema', code: 'wrong-type', path: 'services.web.mem_limit', line: 3, column: 14 }]);
  });

  it('passes a big realistic file with no problems, and lists its services in file order', () => {
    const check = validateCompose(REALISTIC, OFF);
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
    expect(check.hostAccess).toEqual([]);
    expect(check.services).toEqual(['proxy', 'web', 'worker', '1-migrate', 'db', 'cache']);
  });
});

describe('interpolation', () => {
  it('accepts unresolved variables where the schema wants a string, a number or a list entry', () => {
    const check = validateCompose(
      yaml`
      services:
        web:
          image: "registry.lan/web:\${TAG}"
          ports: ["\${PORT}:80", "\${ADMIN_PORT:?set it}:8081"]
          cpu_count: \${CPUS}
          oom_score_adj: $OOM
          deploy:
            replicas: \${N}
          depends_on:
            db:
              condition: service_started
              required: \${DB_REQUIRED}
        db:
          image: postgres:16
    `,
      OFF,
    );
    expect(check.problems).toEqual([]);
  });

  it('still names an unknown key whose value is an unknown variable', () => {
    const check = validateCompose(service('imgae: ${IMAGE}'), OFF);
    expect(check.problems.map(where)).toEqual([{ kind: 'schema', code: 'unknown-key', path: 'services.web.imgae', line: 4, column: 5 }]);
  });

  it('answers a file wrong in thousands of places quickly, with its problems', () => {
    const lines = ['services:'];
    for (let i = 0; i < 3_000; i++) lines.push(`  s${i}:`, `    ports: ${i}`, `    restart: [${i}]`);
    const started = performance.now();
    const check = validateCompose(`${lines.join('\n')}\n`, OFF);
    expect(check.problems.length).toBeGreaterThan(500);
    expect(check.problems.every((p) => p.code === 'wrong-type')).toBe(true);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('checks a value from .env as compose casts it: a boolean field takes "true", refuses "maybe"', () => {
    const text = yaml`
      services:
        web:
          image: nginx
          depends_on:
            db:
              condition: service_started
              required: \${DB_REQUIRED}
        db:
          image: postgres:16
    `;
    expect(validateCompose(text, { ...OFF, env: { DB_REQUIRED: 'true' } }).problems).toEqual([]);
    const wrong = validateCompose(text, { ...OFF, env: { DB_REQUIRED: 'maybe' } });
    expect(wrong.problems.map(where)).toEqual([{ kind: 'schema', code: 'wrong-type', path: 'services.web.depends_on.db.required', line: 7, column: 19 }]);
  });

  it('checks a default when .env does not set the variable', () => {
    const check = validateCompose(service('restart: ${RESTART:-sometimes}'), OFF);
    expect(check.problems.map((p) => p.code)).toEqual(['restart-policy']);
    expect(validateCompose(service('restart: ${RESTART:-sometimes}'), { ...OFF, env: { RESTART: 'always' } }).problems).toEqual([]);
  });

  it('refuses a broken interpolation at its value, and reads $$ as a literal dollar', () => {
    const check = validateCompose(service('environment:\n  PRICE: "${PRICE"'), OFF);
    expect(check.problems.map(where)).toEqual([{ kind: 'schema', code: 'bad-interpolation', path: 'services.web.environment.PRICE', line: 5, column: 14 }]);
    expect(validateCompose(service('environment:\n  PRICE: "$$5"\n  SHELL_VAR: "$$HOME"'), OFF).problems).toEqual([]);
  });
});

describe('validateCompose on a 300-line file', () => {
  it('answers well under 50 ms once the schema is compiled (measured, printed)', () => {
    const lines = ['services:'];
    for (let i = 0; lines.length < 300; i++) {
      lines.push(
        `  svc${i}:`,
        `    image: registry.lan/app${i}:\${TAG:-1.0}`,
        '    restart: unless-stopped',
        `    ports: ["\${PORT_${i}:-80${i % 10}}:80"]`,
        '    environment:',
        `      NAME: svc${i}`,
        '    healthcheck:',
        '      test: ["CMD", "wget", "-q", "-O-", "http://localhost/"]',
        '      interval: 10s',
        '    labels:',
        `      com.example.index: "${i}"`,
      );
    }
    const text = `${lines.join('\n')}\n`;
    validateCompose(text, OFF);
    const runs: number[] = [];
    for (let i = 0; i < 50; i++) {
      const started = performance.now();
      const check = validateCompose(text, OFF);
      runs.push(performance.now() - started);
      expect(check.problems).toEqual([]);
    }
    runs.sort((a, b) => a - b);
    console.log(
      `validateCompose, ${text.split('\n').length - 1} lines, after the first call: median ${runs[25]!.toFixed(2)} ms, p90 ${runs[45]!.toFixed(2)} ms, max ${runs[49]!.toFixed(2)} ms over 50 runs`,
    );
  });
});
