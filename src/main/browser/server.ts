// The browser shell: serves the built renderer and the contract over a WebSocket, on loopback only.
// Access needs the random token printed at startup: the first visit trades it for an HttpOnly,
// SameSite=Strict cookie; the WebSocket upgrade checks that cookie, the Origin and the Host header
// (the last against DNS rebinding), so another site open in the same browser cannot drive the engine.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { WebSocket, WebSocketServer } from 'ws';
import type { App } from '../engine/app';
import { dispatchCall } from '../engine/rpc/handlers';

export interface BrowserShellOptions {
  app: Pick<App, 'handlers' | 'events'>;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token (tests); random otherwise. */
  token?: string;
}

export interface BrowserShell {
  /** The URL to open: it carries the token. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export const SESSION_COOKIE = 'tf_session';
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; object-src 'none'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

function sameSecret(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export async function startBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  const { app } = options;
  const token = options.token ?? randomBytes(32).toString('base64url');
  const rendererDir = resolve(options.rendererDir);
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`The renderer is not built: ${join(rendererDir, 'index.html')} is missing. Run \`npm run build\` first.`);
  }

  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const authed = (req: IncomingMessage) => sameSecret(cookieValue(req.headers.cookie, SESSION_COOKIE), token);

  const server = createServer((req, res) => {
    securityHeaders(res);
    if (!allowedHosts().has(req.headers.host ?? '')) return plain(res, 421, 'Misdirected request: use 127.0.0.1.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method not allowed.');
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);

    const offered = url.searchParams.get('token');
    if (offered !== null) {
      if (!sameSecret(offered, token)) return plain(res, 403, 'Wrong access token. Open the exact URL the browser shell printed.');
      res.setHeader('Set-Cookie', `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      res.setHeader('Location', '/');
      res.statusCode = 303;
      return res.end();
    }
    if (!authed(req)) {
      return plain(res, 401, 'Tinyforge: open the URL printed by the browser shell (it carries the access token).');
    }
    serveStatic(rendererDir, url.pathname, res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== '/rpc') return refuse(404, 'Not Found');
    if (!allowedHosts().has(req.headers.host ?? '')) return refuse(421, 'Misdirected Request');
    if (!allowedOrigins().has(req.headers.origin ?? '')) return refuse(403, 'Forbidden');
    if (!authed(req)) return refuse(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text frames only');
      let message: unknown;
      try {
        message = JSON.parse(data.toString());
      } catch {
        return ws.close(1007, 'invalid JSON');
      }
      const m = message as { id?: unknown; call?: unknown; input?: unknown };
      if (typeof m !== 'object' || m === null || typeof m.id !== 'number' || !Number.isSafeInteger(m.id)) {
        return ws.close(1008, 'a call needs a numeric id');
      }
      void dispatchCall(app.handlers, m.call, m.input).then((result) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ id: m.id, result }));
      });
    });
  });

  const unsubscribe = app.events.subscribe((event, payload) => {
    const frame = JSON.stringify({ event, payload });
    for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(frame);
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    // Loopback only: this shell has no TLS and trusts whoever holds the token.
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    async close() {
      unsubscribe();
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}

function serveStatic(root: string, pathname: string, res: ServerResponse): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return plain(res, 400, 'Bad path.');
  }
  const relative = normalize(decoded === '/' ? '/index.html' : decoded).replace(/^([/\\])+/, '');
  const file = resolve(root, relative);
  if (file !== root && !file.startsWith(root + sep)) return plain(res, 403, 'Forbidden.');
  if (!existsSync(file) || !statSync(file).isFile()) return plain(res, 404, 'Not found.');
  res.statusCode = 200;
  res.setHeader('Content-Type', CONTENT_TYPES[extname(file)] ?? 'application/octet-stream');
  res.setHeader('Cache-Control', extname(file) === '.html' ? 'no-store' : 'no-cache');
  createReadStream(file).pipe(res);
}
