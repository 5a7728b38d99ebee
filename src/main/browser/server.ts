// The browser shell: serves the built renderer and the contract over a WebSocket, on loopback only.
// The renderer's files are public code and served to any loopback client; the engine is not. The
// WebSocket upgrade needs the Host (against DNS rebinding) and Origin of this server, and the access
// token as a WebSocket subprotocol. The page takes the token from the URL the shell prints and keeps
// it in localStorage, which is scoped to this exact origin (port included). A cookie would not do:
// browsers send 127.0.0.1's cookies to every port, so any other local server the user visits
// would receive it.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { WebSocket, WebSocketServer } from 'ws';
import { toRecordTable } from '../../shared/recordTable';
import { CLOSE_UNAUTHORIZED, RPC_PROTOCOL, answerFrame, eventFrame, offeredToken, parseCallFrame } from '../../shared/wire';
import type { App } from '../engine/app';
import { dispatchCall } from '../engine/rpc/handlers';

export interface BrowserShellOptions {
  app: Pick<App, 'handlers' | 'events' | 'closeConnection'>;
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

export { CLOSE_UNAUTHORIZED, RPC_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../../shared/wire';
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

// Above the largest call the contract accepts (a compose file and env file at their limits,
// multi-byte characters included), so a valid call is never cut off by the transport.
const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

function sameSecret(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function tokenOf(req: IncomingMessage): string | undefined {
  const header = req.headers['sec-websocket-protocol'];
  if (typeof header !== 'string') return undefined;
  return offeredToken(header.split(',').map((p) => p.trim())) ?? undefined;
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
  const authed = (req: IncomingMessage) => sameSecret(tokenOf(req), token);

  const server = createServer((req, res) => {
    securityHeaders(res);
    if (!allowedHosts().has(req.headers.host ?? '')) return plain(res, 421, 'Misdirected request: use 127.0.0.1.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method not allowed.');
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    serveStatic(rendererDir, url.pathname, res);
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    // Answer with the plain protocol name: the token is never echoed back.
    handleProtocols: (protocols) => (protocols.has(RPC_PROTOCOL) ? RPC_PROTOCOL : false),
  });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    // Node drops its own error handler from upgraded sockets: without this, a client that resets
    // the connection after our refusal crashes the process.
    socket.on('error', () => socket.destroy());
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
    };
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== '/rpc') return refuse(404, 'Not Found');
    if (!allowedHosts().has(req.headers.host ?? '')) return refuse(421, 'Misdirected Request');
    if (!allowedOrigins().has(req.headers.origin ?? '')) return refuse(403, 'Forbidden');
    const ok = authed(req);
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => ws.terminate());
      // Refused inside the socket, so the page can tell "wrong token" from "engine gone" by the code.
      if (!ok) return ws.close(CLOSE_UNAUTHORIZED, 'open the URL printed by the browser shell');
      wss.emit('connection', ws, req);
    });
  });

  const authenticated = new Set<WebSocket>();
  /** Authenticated sockets by the connection id their calls carry, for directed events. */
  const byConnection = new Map<string, WebSocket>();
  let nextConnection = 1;
  wss.on('connection', (ws: WebSocket) => {
    authenticated.add(ws);
    // One CallContext per socket: what its calls open (log streams) belongs to it and ends with it.
    const caller = { connectionId: `ws:${nextConnection++}` };
    byConnection.set(caller.connectionId, ws);
    ws.on('close', () => {
      authenticated.delete(ws);
      byConnection.delete(caller.connectionId);
      void app.closeConnection(caller.connectionId);
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text frames only');
      // With ws's default binaryType ('nodebuffer') a message, fragmented or not, arrives as one Buffer.
      const m = parseCallFrame((data as Buffer).toString());
      if ('close' in m) return ws.close(m.close, m.reason);
      void dispatchCall(app.handlers, m.call, m.input, caller).then((result) => {
        if (ws.readyState !== WebSocket.OPEN) return;
        // Long lists of like records go as a table (fields once): see recordTable.ts.
        const table = result.ok ? toRecordTable(result.value) : null;
        ws.send(answerFrame(m.id, table ? { table } : { result }));
      });
    });
  });

  const unsubscribe = app.events.subscribe((event, payload) => {
    const frame = eventFrame(event, payload);
    // wss.clients holds only sockets that passed the token check (the others never reach 'connection'
    // but are tracked too), so send to the authenticated set.
    for (const client of authenticated) if (client.readyState === WebSocket.OPEN) client.send(frame);
  });
  const unsubscribeDirected = app.events.subscribeDirected(
    (connectionId, event, payload) => {
      // Another socket's id, or one already closed: not ours to deliver, and never to anyone else.
      const client = byConnection.get(connectionId);
      if (client?.readyState === WebSocket.OPEN) client.send(eventFrame(event, payload));
    },
    // ws.send never refuses: what the kernel will not take yet (a client that stopped reading)
    // waits in this process. Log streams pause on this measure until the client catches up.
    (connectionId) => byConnection.get(connectionId)?.bufferedAmount ?? 0,
  );

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
      unsubscribeDirected();
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

/**
 * The bundler names every file under assets/ after a hash of its content, so such a file never
 * changes: the browser may keep it for good, and then also keeps V8's compiled code for it, which
 * is most of what a reload costs. index.html names the current files and is never stored; anything
 * else is revalidated.
 */
export function cacheControlFor(relativePath: string): string {
  if (/^assets\/[^/]+-[A-Za-z0-9_-]{8,}\.(js|css)$/.test(relativePath.replace(/\\/g, '/'))) return 'public, max-age=31536000, immutable';
  return extname(relativePath) === '.html' ? 'no-store' : 'no-cache';
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
  res.setHeader('Cache-Control', cacheControlFor(relative));
  // pipeline closes the file when the client goes away mid-download.
  pipeline(createReadStream(file), res, () => undefined);
}
