// The browser shell as a user starts it (`npm run serve` runs `node out/main/browser.js`): it prints
// a URL with a token, serves the app there, refuses anyone without the token, and stops cleanly.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCKER_SOCKET } from '../src/main/engine/testing/dockerHost';
import { tempDir } from '../src/main/engine/testing/fixtures';
import { ARTIFACTS, launchChromium, ROOT } from './harness';

const CLI = join(ROOT, 'out/main/browser.js');
let engine: ChildProcess;
let url: string;

beforeAll(async () => {
  engine = spawn(process.execPath, [CLI, '--port', '0', '--data-dir', tempDir(), '--docker-socket', DOCKER_SOCKET], { stdio: ['ignore', 'pipe', 'pipe'] });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    engine.stdout!.on('data', (d) => {
      out += String(d);
      const m = /Open: (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    engine.once('exit', (code) => reject(new Error(`the browser shell exited with ${code}: ${out}`)));
  });
});
afterAll(() => {
  if (engine.exitCode === null) engine.kill('SIGKILL');
});

describe('npm run serve', () => {
  it('is the command the README gives, and runs the built browser shell', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.serve).toContain('node out/main/browser.js');
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').slice(0, 12).join('\n')).toMatch(/npm run serve/);
  });

  it('prints a loopback URL carrying a token; the page keeps the token and drops it from the address bar', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{40,}$/);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(url);
      await page.waitForSelector('[data-testid="host-row"], [data-testid="health-card"]');
      expect(new URL(page.url()).search).toBe('');
      // A reload, and a fresh visit to the bare origin in the same browser, still get in.
      await page.goto(`${new URL(url).origin}/#/hosts`);
      await page.waitForSelector('[data-testid="host-row"]');
      expect(await page.getByTestId('engine-unauthorized').count()).toBe(0);
    } finally {
      await browser.close();
    }
  });

  it('gives a browser without the token nothing but the way in', async () => {
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${new URL(url).origin}/#/containers`);
      await page.waitForSelector('[data-testid="engine-unauthorized"]');
      expect(await page.getByTestId('engine-unauthorized').innerText()).toMatch(/URL the browser shell printed/);
      expect(await page.locator('[data-testid="container-row"]').count()).toBe(0);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'browser-shell-no-token-en.png') });
      const forged = await (await browser.newContext()).newPage();
      await forged.goto(`${new URL(url).origin}/?token=${'x'.repeat(43)}#/containers`);
      await forged.waitForSelector('[data-testid="engine-unauthorized"]');
      expect(await forged.evaluate(() => localStorage.getItem('tinyforge.accessToken'))).toBeNull();
    } finally {
      await browser.close();
    }
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => engine.once('exit', (code) => resolve(code)));
    engine.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
