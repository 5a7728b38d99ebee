// The editor's check beside the real compose CLI (v1 here; `config` needs no daemon): compose's own
// interpolation gives the values ours gives, and the policy run on `compose config`'s resolved
// output still finds every host-access option, so the runner can check the authoritative model too.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { interpolate } from './composeInterpolation';
import { validateCompose } from './validateCompose';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'tinyforge-compose-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ENV = { SET: 'val', EMPTY: '', SRC: '/' };

/** `docker-compose config` on a file with the env as `.env` and nothing from this process's environment. */
async function composeConfig(text: string): Promise<string> {
  writeFileSync(join(dir, 'docker-compose.yml'), text);
  writeFileSync(
    join(dir, '.env'),
    Object.entries(ENV)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
  );
  const { stdout } = await run('docker-compose', ['--project-directory', dir, '-f', join(dir, 'docker-compose.yml'), 'config'], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    timeout: 30_000,
  });
  return stdout;
}

describe('validateCompose beside docker-compose config', () => {
  it('interpolates as compose does', async () => {
    // Compose v1 knows neither `:+` nor nested defaults: those are covered by the unit tests.
    const values: Record<string, string> = {
      A: '${SET}',
      B: '${UNSET:-def}',
      C: '${EMPTY:-def}',
      D: '${EMPTY-def}',
      E: 'pre-$SET-post',
      F: '$${SET} costs $$5',
      G: '${SET:?needed}',
      H: '${UNSET-}',
    };
    const text = `services:\n  web:\n    image: nginx\n    environment:\n${Object.entries(values)
      .map(([k, v]) => `      ${k}: ${JSON.stringify(v)}\n`)
      .join('')}`;
    const resolved = parse(await composeConfig(text)) as { services: { web: { environment: Record<string, string> } } };
    for (const [key, raw] of Object.entries(values)) {
      // `config` writes a literal `$` escaped again, as `$$`.
      const composes = String(resolved.services.web.environment[key] ?? '').replace(/\$\$/g, '$');
      expect({ key, value: interpolate(raw, ENV).value }).toEqual({ key, value: composes });
    }
  });

  it("finds the host-access options again in compose config's resolved output", async () => {
    const text = [
      'services:',
      '  web:',
      '    image: nginx',
      '    privileged: true',
      '    network_mode: host',
      '    cap_add: [CAP_SYS_ADMIN]',
      '    volumes:',
      '      - "${SRC}:/host"',
      '      - type: bind',
      '        source: /var/run/docker.sock',
      '        target: /var/run/docker.sock',
      '    labels:',
      '      - tinyforge.role=web',
      '',
    ].join('\n');
    const before = validateCompose(text, { allowHostAccess: false, env: ENV });
    const output = await composeConfig(text);
    const after = validateCompose(output, { allowHostAccess: false });
    const codes = (check: typeof before) => check.problems.map((p) => `${p.kind} ${p.code}`).sort();
    expect(codes(after)).toEqual(codes(before));
    expect(codes(after)).toEqual([
      'host-access bind-root',
      'host-access bind-socket',
      'host-access capability',
      'host-access namespace-host',
      'host-access privileged',
      'refused app-label',
    ]);
  });
});
