// What every end-to-end test needs: the real engine behind the browser shell (serving the built
// renderer), and Debian's Chromium driven by playwright-core. No browser can be downloaded here.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApp } from '../src/main/engine/app';
import type { App, AppConfig } from '../src/main/engine/app';
import { startBrowserShell } from '../src/main/browser/server';
import type { BrowserShell } from '../src/main/browser/server';

export const ROOT = join(__dirname, '..');
export const RENDERER_DIR = join(ROOT, 'out', 'renderer');
export const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');
/** The README's screenshots, committed. */
export const DOCS_SCREENSHOTS = join(ROOT, 'docs', 'screenshots');
/**
 * Every run would otherwise rewrite the committed PNGs (container names carry the run's id, times
 * are relative) and leave the work tree dirty; they are refreshed on purpose, with this set.
 */
export const WRITE_DOCS_SCREENSHOTS = process.env.TINYFORGE_DOCS_SCREENSHOTS === '1';
export const CHROMIUM = process.env.TINYFORGE_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export interface Harness {
  app: App;
  shell: BrowserShell;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  dataDir: string;
  /** Opens a route of the app (e.g. `#/containers?kind=project`), authenticating on first use. */
  open(route?: string): Promise<void>;
  /** Into e2e/artifacts; with `docs`, also into docs/screenshots when TINYFORGE_DOCS_SCREENSHOTS=1. */
  screenshot(name: string, options?: { docs?: boolean }): Promise<string>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run scripts/test-host.sh (installs Debian's chromium)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export async function startHarness(config: Partial<AppConfig> = {}): Promise<Harness> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error('out/renderer is missing: run `npm run build` before the e2e tests');
  const dataDir = config.dataDir ?? mkdtempSync(join(tmpdir(), 'tinyforge-e2e-'));
  const app = await createApp({ shell: 'browser', log: () => {}, ...config, dataDir });
  const shell = await startBrowserShell({ app, rendererDir: RENDERER_DIR, port: 0 });
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  let authenticated = false;

  return {
    app,
    shell,
    browser,
    context,
    page,
    dataDir,
    async open(route = '#/') {
      if (!authenticated) {
        // The token URL sets the session cookie and redirects to the app.
        await page.goto(shell.url);
        authenticated = true;
      }
      await page.goto(`${shell.origin}/${route}`);
    },
    async screenshot(name: string, options: { docs?: boolean } = {}) {
      mkdirSync(ARTIFACTS, { recursive: true });
      const file = join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: false });
      if (options.docs && WRITE_DOCS_SCREENSHOTS) {
        mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
        copyFileSync(file, join(DOCS_SCREENSHOTS, `${name}.png`));
      }
      return file;
    },
    async close() {
      await browser.close().catch(() => undefined);
      await shell.close();
      await app.close();
      if (!config.dataDir) rmSync(dataDir, { recursive: true, force: true });
      if (pageErrors.length > 0) throw new Error(`the page threw: ${pageErrors.join(' | ')}`);
    },
  };
}
