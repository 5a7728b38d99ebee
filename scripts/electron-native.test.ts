import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildElectronSqlite, buildEnv, findNodeGyp } from './electron-native.mjs';

// A fake project (node_modules/electron, node_modules/better-sqlite3 with a Node-ABI build) and a
// fake node-gyp that records how it was called and "builds" into build/Release of its cwd.
let root: string;
let project: string;
let scratch: string;
let outDir: string;
const FAKE_GYP = `
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
if (process.env.FAKE_GYP_FAIL) { console.error('gyp: headers download failed'); process.exit(1); }
mkdirSync('build/Release', { recursive: true });
writeFileSync('build/Release/better_sqlite3.node', JSON.stringify({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  nodedir: process.env.npm_config_nodedir ?? null,
  target: process.env.npm_config_target ?? null,
  python: process.env.npm_config_python ?? null,
  path: process.env.PATH ? 'kept' : null,
  sawNodeAbiBuild: existsSync('build/Release/node-abi-marker'),
}));
`;

function writePackage(dir: string, version: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: dir.split(/[\\/]/).pop(), version }));
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tf-native-'));
  project = join(root, 'project');
  scratch = join(root, 'scratch');
  mkdirSync(scratch);
  outDir = join(project, 'out', 'native');
  writeFileSync(join(root, 'fake-node-gyp.mjs'), FAKE_GYP);
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{"name":"p","version":"1.0.0"}');
  writePackage(join(project, 'node_modules', 'electron'), '45.5.0');
  const sqlite = join(project, 'node_modules', 'better-sqlite3');
  writePackage(sqlite, '12.11.1');
  writeFileSync(join(sqlite, 'binding.gyp'), '{}');
  mkdirSync(join(sqlite, 'build', 'Release'), { recursive: true });
  writeFileSync(join(sqlite, 'build', 'Release', 'better_sqlite3.node'), 'NODE-ABI');
  writeFileSync(join(sqlite, 'build', 'Release', 'node-abi-marker'), '');
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

function build(extra: Record<string, unknown> = {}) {
  return buildElectronSqlite({
    projectDir: project,
    nodeGyp: join(root, 'fake-node-gyp.mjs'),
    devdir: join(root, 'electron-gyp'),
    tmpRoot: scratch,
    stdio: 'pipe',
    log: () => {},
    env: { PATH: process.env.PATH, npm_config_nodedir: '/usr', npm_config_target: '20.20.2', npm_config_python: '/usr/bin/python3' },
    ...extra,
  });
}

const recorded = () => JSON.parse(readFileSync(join(outDir, 'better_sqlite3.node'), 'utf8'));

describe('buildElectronSqlite', () => {
  it('builds against Electron headers into out/native', () => {
    const result = build();

    expect(result).toEqual({ skipped: false, path: join(outDir, 'better_sqlite3.node') });
    expect(recorded().argv).toEqual(
      expect.arrayContaining([
        'rebuild',
        '--target=45.5.0',
        '--dist-url=https://electronjs.org/headers',
        '--runtime=electron',
        `--devdir=${join(root, 'electron-gyp')}`,
      ]),
    );
  });

  it("does not let npm's config (nodedir=/usr, target) redirect the build to Node's headers", () => {
    build();

    expect(recorded()).toMatchObject({ nodedir: null, target: null, python: '/usr/bin/python3', path: 'kept' });
  });

  it('builds in a copy, leaving node_modules/better-sqlite3 and its Node-ABI build untouched', () => {
    const sqlite = join(project, 'node_modules', 'better-sqlite3');
    const before = readdirSync(sqlite, { recursive: true }).sort();

    build();

    expect(readdirSync(sqlite, { recursive: true }).sort()).toEqual(before);
    expect(readFileSync(join(sqlite, 'build', 'Release', 'better_sqlite3.node'), 'utf8')).toBe('NODE-ABI');
    expect(dirname(recorded().cwd)).not.toContain(project);
    expect(recorded().sawNodeAbiBuild).toBe(false);
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('skips when the stamp matches the installed Electron', () => {
    build();

    const again = build({ nodeGyp: join(root, 'no-such-node-gyp.mjs') });

    expect(again.skipped).toBe(true);
  });

  it('rebuilds when Electron changed, or when forced', () => {
    build();
    writePackage(join(project, 'node_modules', 'electron'), '45.6.0');

    expect(build().skipped).toBe(false);
    expect(recorded().argv).toContain('--target=45.6.0');
    expect(build({ force: true }).skipped).toBe(false);
  });

  it('fails with a message that says what to check, and leaves no binding behind', () => {
    let message = '';
    try {
      build({ env: { PATH: process.env.PATH, FAKE_GYP_FAIL: '1' } });
    } catch (error) {
      message = (error as Error).message;
    }

    expect(message).toContain('could not build better-sqlite3 12.11.1 for Electron 45.5.0');
    expect(message).toContain('https://electronjs.org/headers');
    expect(message).toContain('C++20 toolchain');
    expect(message).toContain('--force');
    expect(existsSync(join(outDir, 'better_sqlite3.node'))).toBe(false);
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('says to run npm install when Electron is missing', () => {
    rmSync(join(project, 'node_modules', 'electron'), { recursive: true });

    expect(() => build()).toThrow(/electron is not installed.*npm install/);
  });
});

describe('buildEnv', () => {
  it('keeps toolchain and proxy settings and drops every other npm config', () => {
    const env = buildEnv({
      HOME: '/root',
      npm_config_nodedir: '/usr',
      NPM_CONFIG_DISTURL: 'https://nodejs.org/dist',
      npm_config_runtime: 'node',
      npm_config_arch: 'ia32',
      npm_package_config_node_gyp_target: '20.0.0',
      npm_config_python: 'python3',
      npm_config_msvs_version: '2022',
      npm_config_proxy: 'http://proxy:3128',
    });

    expect(env).toEqual({
      HOME: '/root',
      npm_config_python: 'python3',
      npm_config_msvs_version: '2022',
      npm_config_proxy: 'http://proxy:3128',
    });
  });
});

describe('findNodeGyp', () => {
  it('finds the node-gyp that ships with npm', () => {
    const found = findNodeGyp(project, {});

    expect(found).toMatch(/node-gyp[\\/]bin[\\/]node-gyp\.js$/);
    expect(existsSync(found)).toBe(true);
  });
});
