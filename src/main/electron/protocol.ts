// The `app://` scheme that serves the built renderer. A custom standard scheme gives the page a
// real origin to check IPC senders against (file:// pages all share one), and lets us attach the
// CSP as a response header that the page cannot remove.
import { realpath, readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from './origin';

/**
 * What vite's production build needs and nothing more: one module script and one stylesheet from
 * the app's own origin, with no inline code or eval. React sets `style={...}` through the CSSOM,
 * which `style-src 'self'` does not block. Images may be inlined by vite as data: URIs.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "object-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Must run before the app is ready. `standard` gives app://tinyforge a real origin (relative URLs,
 * same-origin checks) and `secure` makes it a secure context. `corsEnabled` stays off: it would let
 * other origins read these files.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
}

/** Must run after the app is ready: serves `rendererDir` (out/renderer) on app://tinyforge/. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => rendererResponse(request, rendererDir));
}

/**
 * Maps a request URL to a file under `rendererDir`, or null when the URL is for another host or
 * tries to leave the folder. The URL parser already folds `..` and `%2e%2e` segments; what survives
 * to here are encoded separators (`..%2f`, `%5c`), which decode into a traversal.
 */
export function rendererFilePath(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username || url.password) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname.split('/').some((segment) => segment === '..')) return null;
  if (pathname === '' || pathname.endsWith('/')) pathname += 'index.html';
  const root = resolve(rendererDir);
  const file = resolve(root, `.${pathname}`);
  return isInside(root, file) ? file : null;
}

export async function rendererResponse(request: Request, rendererDir: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
  const file = rendererFilePath(rendererDir, request.url);
  if (!file) return plain(403, 'Forbidden');
  const served = (await readInside(rendererDir, file)) ?? (await spaFallback(rendererDir, file));
  if (!served) return plain(404, 'Not found');
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(served.body), {
    status: 200,
    headers: securityHeaders(MIME_TYPES[extname(served.path).toLowerCase()] ?? 'application/octet-stream'),
  });
}

/** A reload on a client-side route (app://tinyforge/workloads/42) gets the app, not a 404. */
async function spaFallback(rendererDir: string, file: string): Promise<{ path: string; body: Buffer } | null> {
  if (extname(file) !== '') return null;
  return readInside(rendererDir, resolve(rendererDir, 'index.html'));
}

/** Reads a regular file whose real path (symlinks resolved) is still inside the folder. */
async function readInside(rendererDir: string, file: string): Promise<{ path: string; body: Buffer } | null> {
  try {
    const [root, real] = await Promise.all([realpath(rendererDir), realpath(file)]);
    if (!isInside(root, real) || !(await stat(real)).isFile()) return null;
    return { path: real, body: await readFile(real) };
  } catch {
    return null;
  }
}

function isInside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

function securityHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: securityHeaders('text/plain; charset=utf-8') });
}
