import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./testing/fakeElectron')).fakeElectron);

import { fakeElectron, resetFakeElectron } from './testing/fakeElectron';
import { CONTENT_SECURITY_POLICY, registerAppScheme, rendererFilePath, rendererResponse, serveRenderer } from './protocol';

let root: string;
let rendererDir: string;

beforeAll(() => {
  // root/secret.txt sits beside the renderer folder: every test below tries to reach it.
  root = mkdtempSync(join(tmpdir(), 'tf-protocol-'));
  rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(rendererDir, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(root, 'secret.txt'), 'SECRET');
  writeFileSync(join(root, 'renderer-evil.txt'), 'SECRET');
  symlinkSync(join(root, 'secret.txt'), join(rendererDir, 'assets', 'link.txt'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeEach(() => resetFakeElectron());

// A plain object, not a Request: undici refuses to build one for a URL with credentials, Chromium does not.
const get = (url: string, method = 'GET') => rendererResponse({ url, method } as Request, rendererDir);

describe('registerAppScheme', () => {
  it('registers app:// as standard and secure, without CORS or CSP bypass', () => {
    registerAppScheme();

    const [schemes] = fakeElectron.protocol.registerSchemesAsPrivileged.mock.calls[0]!;
    expect(schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    const privileges = (schemes as Array<{ privileges: Record<string, unknown> }>)[0]!.privileges;
    expect(privileges.bypassCSP).toBeUndefined();
    expect(privileges.corsEnabled).toBeUndefined();
    expect(privileges.allowServiceWorkers).toBeUndefined();
  });
});

describe('serveRenderer', () => {
  it('answers app:// requests from the renderer folder', async () => {
    serveRenderer(rendererDir);
    const handler = fakeElectron.protocol.handlers.get('app')!;

    const response = await handler(new Request('app://tinyforge/index.html'));

    expect(await response.text()).toContain('<title>app</title>');
  });
});

describe('the CSP header', () => {
  it('is strict and allows no inline code or eval', () => {
    const directives = CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim());
    expect(directives).toEqual(
      expect.arrayContaining([
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
      ]),
    );
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|wasm-unsafe-eval|\*/);
  });

  it('comes with every response, including errors', async () => {
    for (const url of ['app://tinyforge/index.html', 'app://tinyforge/missing.js', 'app://tinyforge/..%2fsecret.txt']) {
      const response = await get(url);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});

describe('serving files', () => {
  it('serves index.html for the root', async () => {
    const response = await get('app://tinyforge/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('serves assets with their MIME type', async () => {
    const js = await get('app://tinyforge/assets/index-abc.js');
    const css = await get('app://tinyforge/assets/index-abc.css');
    expect([js.status, js.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect([css.status, css.headers.get('content-type')]).toEqual([200, 'text/css; charset=utf-8']);
    expect(await js.text()).toBe('console.log(1)');
  });

  it('serves the app for a client-side route, and 404 for a missing file', async () => {
    expect(await (await get('app://tinyforge/workloads/42')).text()).toContain('<title>app</title>');
    expect((await get('app://tinyforge/assets/missing.js')).status).toBe(404);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://tinyforge/index.html', 'HEAD');
    expect([head.status, await head.text()]).toEqual([200, '']);
    expect((await get('app://tinyforge/index.html', 'POST')).status).toBe(405);
  });
});

describe('path traversal', () => {
  it.each([
    'app://tinyforge/..%2fsecret.txt',
    'app://tinyforge/assets/..%2f..%2fsecret.txt',
    'app://tinyforge/%2e%2e%2fsecret.txt',
    'app://tinyforge/..%5csecret.txt',
    'app://tinyforge/assets%5c..%5c..%5csecret.txt',
    'app://tinyforge/..%252fsecret.txt',
    'app://tinyforge/%2e%2e/secret.txt',
    'app://tinyforge/../secret.txt',
    'app://tinyforge/../renderer-evil.txt',
    'app://tinyforge/assets/link.txt',
    'app://tinyforge/secret.txt%00.html',
    'app://tinyforge/%E0%A4%A',
  ])('never serves the file outside the renderer folder for %s', async (url) => {
    const response = await get(url);

    expect(response.status).not.toBe(200);
    expect(await response.text()).not.toContain('SECRET');
  });

  it('refuses an encoded traversal before touching the disk', () => {
    expect(rendererFilePath(rendererDir, 'app://tinyforge/..%2fsecret.txt')).toBeNull();
    expect(rendererFilePath(rendererDir, 'app://tinyforge/assets/..%2f..%2fsecret.txt')).toBeNull();
  });

  it.each(['app://evil/index.html', 'app://tinyforge.evil/index.html', 'app://user@tinyforge/index.html', 'http://tinyforge/index.html'])(
    'refuses %s (another host or scheme)',
    async (url) => {
      expect(rendererFilePath(rendererDir, url)).toBeNull();
      expect((await get(url)).status).toBe(403);
    },
  );

  it('maps a normal path inside the folder', () => {
    expect(rendererFilePath(rendererDir, 'app://tinyforge/assets/index-abc.js')).toBe(join(rendererDir, 'assets', 'index-abc.js'));
  });
});
