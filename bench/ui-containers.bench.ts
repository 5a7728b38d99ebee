// `npm run bench -- ui-containers`: the Containers page in Chromium with 5,000 containers.
// The engine runs as its own process (the browser shell, `node out/main/browser.js`) so its memory
// is measured alone. Its Docker socket points nowhere: the 5,000 seeded rows keep their state
// instead of being found missing, which is what this bench needs (rendering, not reconciling).
//
// first_render_ms is compared with a floor measured in the same run and browser: bench/ui-floor, a
// page with no framework that makes the same call over the same WebSocket and draws the first rows
// as plain DOM. An absolute time moves by a third between runs on these 2-core machines; the ratio
// of the two, measured turn about, moves far less.
//
// The shell serves its pages from ../renderer next to its own script, and only from there, and the
// WebSocket accepts only its own origin. So the bench runs a copy of out/ (main and renderer, the
// same files) with the floor page added to the copy's renderer folder: the shell itself is not
// changed, and out/ never holds a page that is not the app.
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { build } from 'vite';
import { launchChromium, ROOT } from '../e2e/harness';
import { openDatabase } from '../src/main/engine/store/db';
import { WorkloadRepo } from '../src/main/engine/store/workloadRepo';
import { stage, tempDir } from '../src/main/engine/testing/fixtures';
import { median, round, writeResult } from './report';

const ROWS = 5_000;

function seed(dataDir: string): void {
  const db = openDatabase(join(dataDir, 'tinyforge.db'));
  const workloads = new WorkloadRepo(db);
  const projects = Array.from({ length: 20 }, (_, i) =>
    workloads.createProject({ hostId: 'local', name: `service-${i}`, imageRepository: `acme/service-${i}`, stages: [stage('staging'), stage('production')] }),
  );
  const insert =
    // The app's own containers (created by its deploys), as a user's Containers page mostly shows.
    db.prepare(`INSERT INTO containers (id, host_id, workload_id, kind, role, docker_id, name, image, state, health, created_at, started_at, first_seen_at, last_seen_at, provenance)
    VALUES (?, 'local', ?, 'project', ?, ?, ?, ?, ?, 'none', ?, ?, ?, ?, 'created')`);
  const states = ['running', 'running', 'running', 'exited', 'missing'];
  const now = Date.now();
  db.transaction(() => {
    for (let i = 0; i < ROWS; i += 1) {
      const p = projects[i % projects.length]!;
      const role = i % 2 ? 'production' : 'staging';
      insert.run(
        randomUUID(),
        p.id,
        role,
        i.toString(16).padStart(64, '0'),
        `${p.name}-${role}-${i}`,
        `acme/${p.name}:1.${i % 7}.0`,
        states[i % states.length],
        now - i * 1000,
        now - i * 1000,
        now - i * 1000,
        now - 5000,
      );
    }
  })();
  db.close();
}

/**
 * A copy of the built shell (out/main, out/renderer) in `dir`, with the floor page built into its
 * renderer folder. Returns the shell's script.
 */
async function shellWithFloor(dir: string): Promise<string> {
  for (const built of ['out/main/browser.js', 'out/renderer/index.html']) {
    if (!existsSync(join(ROOT, built))) throw new Error(`${built} is missing: run this bench with \`npm run bench -- ui-containers\`, which builds first`);
  }
  cpSync(join(ROOT, 'out/main'), join(dir, 'main'), { recursive: true });
  cpSync(join(ROOT, 'out/renderer'), join(dir, 'renderer'), { recursive: true });
  // The copy's require() calls look for node_modules above it.
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'junction');
  // Built as the app's renderer is (Vite, minified, content-hashed name, so the shell lets the
  // browser cache it for good, like the app's bundle).
  const floorRoot = join(ROOT, 'bench/ui-floor');
  const floorOut = join(dir, 'floor-build');
  await build({
    configFile: false,
    root: floorRoot,
    base: './',
    logLevel: 'warn',
    build: { outDir: floorOut, emptyOutDir: true, minify: true, modulePreload: { polyfill: false }, rollupOptions: { input: join(floorRoot, 'floor.html') } },
  });
  copyFileSync(join(floorOut, 'floor.html'), join(dir, 'renderer/floor.html'));
  for (const asset of readdirSync(join(floorOut, 'assets'))) copyFileSync(join(floorOut, 'assets', asset), join(dir, 'renderer/assets', asset));
  return join(dir, 'main/browser.js');
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  return kb / 1024;
}

async function main() {
  const dataDir = tempDir('tinyforge-bench-ui-');
  const shellDir = tempDir('tinyforge-bench-ui-shell-');
  seed(dataDir);
  const shellScript = await shellWithFloor(shellDir);
  const engine = spawn(process.execPath, [shellScript, '--port', '0', '--data-dir', dataDir, '--docker-socket', join(dataDir, 'no-docker.sock')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    engine.stdout.on('data', (d) => {
      out += String(d);
      const m = /Open: (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    engine.once('exit', (code) => reject(new Error(`engine exited with ${code}: ${out}`)));
  });
  const origin = new URL(url).origin;
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    // tsx compiles with keepNames, so functions sent to page.evaluate call an __name helper that
    // only exists in Node; give the page a no-op one.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    // A page that fails (the floor's socket refused, say) would otherwise show only as a timeout.
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(url);
    const loaded = async () =>
      page.waitForFunction(
        (rows) => {
          const count = document.querySelector('[data-testid="container-count"]');
          return document.querySelectorAll('[data-testid="container-row"]').length > 0 && count?.textContent?.replace(/\D/g, '').endsWith(String(rows));
        },
        ROWS,
        { polling: 'raf', timeout: 30_000 },
      );

    const firstRender: number[] = [];
    const floor: number[] = [];
    const domReady: number[] = [];
    /** Navigation from a blank page to `path` until the rows are counted and the first ones are in the DOM. */
    const timeTo = async (path: string): Promise<number> => {
      await page.goto('about:blank');
      const start = Date.now();
      await page.goto(`${origin}/${path}`, { waitUntil: 'commit' });
      await loaded();
      return Date.now() - start;
    };
    // The app has been opened once above; open the floor once too, so both start with their
    // scripts in the browser's cache.
    await page.goto(`${origin}/floor.html`);
    await loaded();
    // Turn about, each going first every other time, so a noisy moment hits both alike.
    for (let i = 0; i < 12; i += 1) {
      for (const which of i % 2 === 0 ? ['app', 'floor'] : ['floor', 'app']) {
        if (which === 'floor') {
          floor.push(await timeTo('floor.html'));
          continue;
        }
        firstRender.push(await timeTo('#/containers'));
        domReady.push(await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd));
      }
    }
    // What follows counts and filters the app's rows, whichever page the loop ended on.
    await page.goto(`${origin}/#/containers`);
    await loaded();
    const renderedRows = await page.locator('[data-testid="container-row"]').count();

    // The same first render in a browser profile that has never loaded the app: nothing cached,
    // so the bundle is fetched and compiled from scratch (what the very first launch costs).
    const coldRender: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const coldPage = await fresh.newPage();
      await coldPage.addInitScript({ content: 'window.__name = (f) => f;' });
      const start = Date.now();
      await coldPage.goto(`${url}#/containers`, { waitUntil: 'commit' });
      await coldPage.waitForFunction(
        (rows) => {
          const count = document.querySelector('[data-testid="container-count"]');
          return document.querySelectorAll('[data-testid="container-row"]').length > 0 && count?.textContent?.replace(/\D/g, '').endsWith(String(rows));
        },
        ROWS,
        { polling: 'raf', timeout: 30_000 },
      );
      coldRender.push(Date.now() - start);
      await fresh.close();
    }

    const filterTimes: number[] = [];
    const queries = ['service-7', '', 'production-4', '', 'acme/service-1', '', 'staging-9', '', 'service-13-prod', '', 'zzz', ''];
    for (const query of queries) {
      filterTimes.push(
        await page.evaluate(async (q) => {
          const input = document.querySelector<HTMLInputElement>('[data-testid="filter-search"]')!;
          const count = document.querySelector('[data-testid="container-count"]')!;
          const before = count.textContent;
          const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
          const start = performance.now();
          setValue.call(input, q);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          await new Promise<void>((resolve) => {
            const check = () => (count.textContent !== before ? resolve() : requestAnimationFrame(check));
            check();
          });
          // One more frame: the rows are painted, not just committed.
          await new Promise((r) => requestAnimationFrame(() => r(null)));
          return performance.now() - start;
        }, query),
      );
    }
    const rss = rssMb(engine.pid!);
    writeResult(
      'ui-containers',
      {
        rows: ROWS,
        rendered_row_elements: renderedRows,
        first_render_ms: round(median(firstRender)),
        floor_ms: round(median(floor)),
        ratio_first_render_to_floor: round(median(firstRender) / median(floor), 2),
        first_render_cold_cache_ms: round(median(coldRender)),
        dom_content_loaded_ms: round(median(domReady)),
        filter_ms: round(median(filterTimes)),
        filter_ms_max: round(Math.max(...filterTimes)),
        engine_rss_mb: round(rss, 1),
        note: 'first_render_ms: navigation to #/containers until 5,000 rows are counted and the first rows are in the DOM (median of 12), in a browser that has opened the app before (its content-hashed bundle and the compiled code are cached, as on every launch but the first). floor_ms: the same for bench/ui-floor, a page with no framework that opens the same WebSocket with the same token, receives the same containers.list answer (record table, checked and decoded) and writes the count and the first 30 rows as plain DOM (median of 12, turn about with the runs of the app, in the same browser). ratio_first_render_to_floor: first_render_ms / floor_ms. first_render_cold_cache_ms: the same in a fresh browser profile (median of 3). filter_ms: search input event until the count changed and a frame was painted (median of 12). engine_rss_mb: VmRSS of the browser-shell engine process.',
      },
      { first_render_ms: '<= 300', ratio_first_render_to_floor: '<= 1.5', filter_ms: '<= 50', engine_rss_mb: '<= 150' },
    );
  } finally {
    await browser.close();
    engine.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(shellDir, { recursive: true, force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
