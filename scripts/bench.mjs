// `npm run bench [-- NAME ...]`: runs bench/NAME.bench.ts (all of them without a name) with tsx.
// Each bench prints its figures and writes bench/results/NAME.json.
//
// A bench must run on a fresh clone, so this script builds what a bench needs before running it.
// The benches in NEEDS_BUILD drive the built app (out/main/browser.js serving out/renderer):
// for them it runs `npm run build` when out/ lacks a file they use, or when any build input (src/,
// the build config, package.json) was changed after the oldest built file. Building every time
// would be simpler but costs a minute per run on a 2-core machine; modification times are what make
// uses, and a git checkout stamps every file it changes with the current time, so switching
// branches triggers a build too.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const available = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''));

/** Benches that start the browser shell from out/. */
const NEEDS_BUILD = new Set(['ui-containers', 'stats']);
/** What those benches load from out/. */
const BUILT = ['out/main/browser.js', 'out/renderer/index.html'];
const BUILD_INPUTS = ['src', 'electron.vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.base.json', 'tsconfig.node.json', 'tsconfig.web.json'];

/** Every file under `path` (or `path` itself), with its modification time. */
function* files(path) {
  if (!existsSync(path)) return;
  const stat = statSync(path);
  if (!stat.isDirectory()) {
    yield { path, mtimeMs: stat.mtimeMs };
    return;
  }
  for (const entry of readdirSync(path)) yield* files(join(path, entry));
}

/** Why out/ must be rebuilt, or null when it is up to date. */
function buildReason() {
  const missing = BUILT.find((f) => !existsSync(join(root, f)));
  if (missing) return `${missing} is missing`;
  let oldestBuilt = Infinity;
  for (const dir of ['out/main', 'out/renderer']) for (const f of files(join(root, dir))) oldestBuilt = Math.min(oldestBuilt, f.mtimeMs);
  for (const input of BUILD_INPUTS) {
    for (const f of files(join(root, input))) {
      // Tests are not part of the build.
      if (/\.test\.tsx?$/.test(f.path)) continue;
      if (f.mtimeMs > oldestBuilt) return `${f.path.slice(root.length + 1)} changed after the last build`;
    }
  }
  return null;
}

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!available.includes(name)) {
    console.error(`no bench named ${name}; available: ${available.join(', ')}`);
    process.exit(2);
  }
}
const toRun = wanted.length > 0 ? wanted : available;
if (toRun.some((name) => NEEDS_BUILD.has(name))) {
  const reason = buildReason();
  if (reason) {
    console.log(`\n== build (${reason})`);
    // Under `npm run`, npm_execpath is the npm that started us: use it, not whatever npm is on PATH.
    const npm = process.env.npm_execpath;
    if (npm) execFileSync(process.execPath, [npm, 'run', 'build'], { stdio: 'inherit', cwd: root });
    else execFileSync('npm', ['run', 'build'], { stdio: 'inherit', cwd: root, shell: process.platform === 'win32' });
  }
}
for (const name of toRun) {
  console.log(`\n== bench ${name}`);
  execFileSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'bench', `${name}.bench.ts`)], { stdio: 'inherit', cwd: root });
}
