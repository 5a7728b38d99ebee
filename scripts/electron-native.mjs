#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into out/native/better_sqlite3.node, which the desktop
// shell hands the engine as `sqliteNativeBinding`. node_modules/better-sqlite3 stays built for
// Node's ABI, because the tests and the browser shell load it from there: the package is copied to
// a temporary folder and built there. Skips when the output matches the installed versions.
//
//   node scripts/electron-native.mjs           build if missing or stale
//   node scripts/electron-native.mjs --force   rebuild anyway
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';
const BINDING = 'better_sqlite3.node';
const STAMP = 'better_sqlite3.stamp.json';

/**
 * npm passes its config to scripts as npm_config_* variables, and node-gyp applies those AFTER its
 * command line, so they override --target and --dist-url. On a machine whose .npmrc says
 * `nodedir=/usr` (npm told to build against Node's own headers) the result would silently be a
 * Node-ABI binary that Electron refuses to load. Only toolchain and network settings get through.
 */
const KEPT_NPM_CONFIG = new Set(['python', 'msvs_version', 'proxy', 'noproxy', 'cafile']);

export function buildEnv(env) {
  return Object.fromEntries(
    Object.entries(env).filter(([key]) => {
      const npmConfig = /^npm_config_(.*)$/i.exec(key);
      if (npmConfig) return KEPT_NPM_CONFIG.has(npmConfig[1].toLowerCase().replaceAll('-', '_'));
      return !/^npm_package_config_node_gyp_/i.test(key);
    }),
  );
}

/**
 * node-gyp builds against whatever headers --target and --dist-url name; Electron publishes its
 * headers at electronjs.org/headers/v<version>/. --devdir keeps them apart from Node's header cache.
 * node-gyp ignores --runtime, but prebuild-style tools read it, so the intent is spelled out.
 */
export function nodeGypArgs({ electronVersion, arch, devdir }) {
  return [
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    `--arch=${arch}`,
    `--dist-url=${ELECTRON_HEADERS_URL}`,
    '--runtime=electron',
    `--devdir=${devdir}`,
    '--jobs=max',
  ];
}

export function installedVersions(projectDir) {
  const require = createRequire(join(projectDir, 'package.json'));
  const read = (name) => {
    let file;
    try {
      file = require.resolve(`${name}/package.json`);
    } catch {
      throw new Error(`${name} is not installed in ${projectDir}: run npm install first.`);
    }
    return { version: JSON.parse(readFileSync(file, 'utf8')).version, dir: dirname(file) };
  };
  const electron = read('electron');
  const sqlite = read('better-sqlite3');
  return { electron: electron.version, betterSqlite3: sqlite.version, sqliteDir: sqlite.dir };
}

export function isUpToDate(outDir, wanted) {
  if (!existsSync(join(outDir, BINDING))) return false;
  try {
    const stamp = JSON.parse(readFileSync(join(outDir, STAMP), 'utf8'));
    return Object.keys(wanted).every((key) => stamp[key] === wanted[key]);
  } catch {
    return false;
  }
}

/** node-gyp as npm ships it: npm runs it for every native install, so it is always there. */
export function findNodeGyp(projectDir, env = process.env) {
  const candidates = [];
  try {
    candidates.push(createRequire(join(projectDir, 'package.json')).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // Not a project dependency; npm's own copy below.
  }
  const fromNpmDir = (npmDir) => join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  // Set when this runs as an npm script: .../npm/bin/npm-cli.js
  if (env.npm_execpath) candidates.push(fromNpmDir(resolve(dirname(env.npm_execpath), '..')));
  const nodeDir = dirname(process.execPath);
  candidates.push(fromNpmDir(join(nodeDir, 'node_modules', 'npm')));
  candidates.push(fromNpmDir(join(nodeDir, '..', 'lib', 'node_modules', 'npm')));
  for (const candidate of candidates) if (existsSync(candidate)) return candidate;
  try {
    const globalRoot = execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['root', '-g'], {
      encoding: 'utf8',
      shell: process.platform === 'win32',
    }).trim();
    const candidate = fromNpmDir(join(globalRoot, 'npm'));
    if (existsSync(candidate)) return candidate;
  } catch {
    // npm not on PATH; reported below.
  }
  throw new Error('node-gyp was not found next to npm. Install it with `npm install -g node-gyp` and run this again.');
}

/**
 * Returns { skipped, path }. Throws with a message that says what to fix; the output folder never
 * holds a half-written binding, and node_modules is never written to.
 */
export function buildElectronSqlite(options) {
  const projectDir = resolve(options.projectDir);
  const outDir = options.outDir ?? join(projectDir, 'out', 'native');
  const log = options.log ?? console.log;
  const arch = options.arch ?? process.arch;
  const platform = options.platform ?? process.platform;
  const versions = installedVersions(projectDir);
  const wanted = { electron: versions.electron, betterSqlite3: versions.betterSqlite3, platform, arch };
  const output = join(outDir, BINDING);

  if (!options.force && isUpToDate(outDir, wanted)) {
    log(`electron-native: ${relative(projectDir, output)} is already built for Electron ${versions.electron} (${platform}-${arch}); skipping.`);
    return { skipped: true, path: output };
  }

  const describe = `better-sqlite3 ${versions.betterSqlite3} for Electron ${versions.electron} (${platform}-${arch})`;
  log(`electron-native: building ${describe}; this takes a few minutes...`);
  const workDir = mkdtempSync(join(options.tmpRoot ?? tmpdir(), 'tinyforge-electron-sqlite-'));
  try {
    const packageCopy = join(workDir, 'better-sqlite3');
    // The Node-ABI build/ folder is left behind: stale objects must not leak into this build.
    const buildDir = join(versions.sqliteDir, 'build');
    cpSync(versions.sqliteDir, packageCopy, {
      recursive: true,
      filter: (source) => source !== buildDir && !source.startsWith(buildDir + sep),
    });

    const nodeGyp = options.nodeGyp ?? findNodeGyp(projectDir);
    const args = nodeGypArgs({ electronVersion: versions.electron, arch, devdir: options.devdir ?? join(homedir(), '.electron-gyp') });
    const result = spawnSync(process.execPath, [nodeGyp, ...args], {
      cwd: packageCopy,
      env: buildEnv(options.env ?? process.env),
      stdio: options.stdio ?? 'inherit',
    });
    if (result.error) throw new Error(`could not run node-gyp (${nodeGyp}): ${result.error.message}`);
    if (result.status !== 0) throw new Error(`node-gyp exited with ${result.status ?? result.signal}`);

    const built = join(packageCopy, 'build', 'Release', BINDING);
    if (!existsSync(built)) throw new Error(`node-gyp succeeded but ${BINDING} is missing from build/Release`);
    mkdirSync(outDir, { recursive: true });
    // Copy then rename, so an interrupted run never leaves a truncated binding that looks current.
    const partial = `${output}.partial-${process.pid}`;
    copyFileSync(built, partial);
    renameSync(partial, output);
    writeFileSync(join(outDir, STAMP), `${JSON.stringify(wanted, null, 2)}\n`);
    log(`electron-native: wrote ${relative(projectDir, output)}`);
    return { skipped: false, path: output };
  } catch (error) {
    throw new Error(failureMessage(describe, error, relative(projectDir, output)));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function failureMessage(describe, error, output) {
  const cause = error instanceof Error ? error.message : String(error);
  return [
    `electron-native: could not build ${describe}: ${cause}`,
    `The desktop app needs ${output}: Electron cannot load the Node-ABI build in node_modules (NODE_MODULE_VERSION mismatch).`,
    'Check that:',
    `  - ${ELECTRON_HEADERS_URL} is reachable (node-gyp downloads Electron's headers once, into ~/.electron-gyp);`,
    '  - a C++20 toolchain is installed: python3, make and g++ 10+ on Linux; the Xcode Command Line Tools on macOS;',
    '    Visual Studio 2022 Build Tools with "Desktop development with C++" on Windows.',
    'Then run: node scripts/electron-native.mjs --force',
    'node_modules/better-sqlite3 was not touched: the tests and the browser shell keep working.',
  ].join('\n');
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  try {
    buildElectronSqlite({
      projectDir: resolve(dirname(fileURLToPath(import.meta.url)), '..'),
      force: process.argv.includes('--force'),
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
