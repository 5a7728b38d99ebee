// The browser shell as a user starts it (`npm run serve` runs `node out/main/browser.js`): it prints
// a URL with a token, serves the app there, refuses anyone without the token, and stops cleanly.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCKER_SOCKET } from '../src/main/engine/testing/dockerHost';
import { tempDir } from '../src/main/engine/testing/fixtures';
import { launchChromium, ROOT } from './harness';

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

  it('prints a loopback URL carrying a token, and serves the app there', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{40,}$/);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(url);
      await page.waitForSelector('[data-testid="nav-containers"]');
      expect(new URL(page.url()).search).toBe('');
      const other = await browser.newPage();
      const refused = await other.goto(new URL(url).origin + '/');
      expect(refused?.status()).toBe(401);
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
