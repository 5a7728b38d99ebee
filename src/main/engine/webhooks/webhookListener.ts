// The HTTP listener senders post to: `POST /hooks/<workloadId>`. It owns only the transport: the
// route, the throttle gate before any byte is parsed, the body limit (from Content-Length, then
// counted while streaming: 413 before any HMAC is computed), the slow-client deadline, and the
// listen/close lifecycle. What a delivery means is the receiver's business (webhookService.ts).
// Settings changes restart it (apply); a port already taken is a state with a clear error, not a crash.
//
// A plain TCP server accepts the connections and hands them to an HTTP server that never listens
// itself: an address the throttle refuses gets a fixed 429 written straight to its socket, with no
// HTTP parser, request or response objects made for it, so a flood of refused connections costs the
// engine as little as a connection can. Every connection serves one request (`connection: close`;
// senders open one per delivery anyway), which lets one deadline per connection cover headers and
// body alike: whatever has not arrived whole within the limit is answered 408 and closed.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { Server as TcpServer, Socket } from 'node:net';
import type { WebhookListenerView } from '../../../shared/contract/webhooks';
import type { ListenerSettings } from '../store/webhookRepo';
import type { Headers } from './signature';

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

export interface ListenerDeps {
  /** True when the address sent too many bad signatures lately: refused before its body is read. */
  blocked(address: string): boolean;
  /** A complete body within the limit: what to answer. */
  receive(delivery: { workloadId: string; headers: Headers; body: Buffer; address: string }): Answer;
  /** The listener started, stopped or failed. */
  changed(): void;
  log(message: string): void;
  maxBodyBytes: number;
  /** The whole request (headers and body) must arrive within this. */
  timeoutMs: number;
}

const HOOK_PATH = /^\/hooks\/([A-Za-z0-9_-]{1,64})\/?$/;

/** IPv4 clients on a dual-stack socket appear as ::ffff:a.b.c.d; the throttle counts them as a.b.c.d. */
export function socketAddress(socket: Socket): string {
  const raw = socket.remoteAddress ?? 'unknown';
  return raw.startsWith('::ffff:') ? raw.slice(7) : raw;
}

function rawAnswer(status: string, error: string): string {
  const body = JSON.stringify({ error });
  return `HTTP/1.1 ${status}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${body.length}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n${body}`;
}

const TOO_MANY = rawAnswer('429 Too Many Requests', 'too-many-bad-signatures');
const TIMED_OUT = rawAnswer('408 Request Timeout', 'request-timeout');

/** Writes a fixed answer and closes, reading (and dropping) what the client still sends so the close is not a reset. */
function answerRaw(socket: Socket, answer: string): void {
  socket.on('error', () => undefined);
  socket.end(answer);
  socket.resume();
  setTimeout(() => socket.destroy(), 1_000).unref();
}

function send(res: ServerResponse, answer: Answer): void {
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    connection: 'close',
  });
  res.end(payload);
}

export class WebhookListener {
  private front: TcpServer | null = null;
  private readonly sockets = new Set<Socket>();
  /** Each connection's deadline, cleared once its request arrived whole (or was refused). */
  private readonly deadlines = new WeakMap<Socket, NodeJS.Timeout>();
  private settings: ListenerSettings | null = null;
  private state: WebhookListenerView['state'] = 'off';
  private error: WebhookListenerView['error'] = null;
  private boundPort: number | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ListenerDeps) {}

  view(): WebhookListenerView {
    const s = this.settings;
    const host = s && s.address.includes(':') ? `[${s.address}]` : s?.address;
    return {
      enabled: s?.enabled ?? false,
      address: s?.address ?? '127.0.0.1',
      port: s?.port ?? 0,
      state: this.state,
      error: this.error,
      baseUrl: this.state === 'listening' && s ? `http://${host}:${this.boundPort}` : null,
    };
  }

  /** Stops the running server (if any) and starts one with these settings; changes run one at a time. */
  apply(settings: ListenerSettings): Promise<WebhookListenerView> {
    const work = this.queue.then(async () => {
      await this.stop();
      this.settings = settings;
      if (settings.enabled) await this.start(settings);
      this.deps.changed();
    });
    this.queue = work.catch(() => undefined);
    return work.then(() => this.view());
  }

  async close(): Promise<void> {
    await this.queue;
    await this.stop();
  }

  private async start(settings: ListenerSettings): Promise<void> {
    this.state = 'starting';
    this.error = null;
    const http: Server = createServer((req, res) => this.handle(req, res));
    const front = createTcpServer((socket) => this.accept(socket, http));
    try {
      await new Promise<void>((resolve, reject) => {
        front.once('error', reject);
        front.listen({ host: settings.address, port: settings.port }, () => {
          front.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      this.state = 'failed';
      this.error =
        code === 'EADDRINUSE'
          ? { code: 'PORT_IN_USE', message: `port ${settings.port} on ${settings.address} is taken by another program: choose another port.` }
          : code === 'EADDRNOTAVAIL'
            ? { code: 'ADDRESS_UNAVAILABLE', message: `${settings.address} is not an address of this computer: choose one it has.` }
            : { code: 'LISTEN_FAILED', message: `the listener could not start on ${settings.address}:${settings.port}: ${(error as Error).message}` };
      this.deps.log(`webhook listener: ${this.error.message}`);
      return;
    }
    front.on('error', (error) => this.deps.log(`webhook listener error: ${String(error)}`));
    this.front = front;
    const bound = front.address();
    this.boundPort = typeof bound === 'object' && bound ? bound.port : settings.port;
    this.state = 'listening';
    this.deps.log(`webhook listener on ${settings.address}:${this.boundPort}`);
  }

  private accept(socket: Socket, http: Server): void {
    if (this.deps.blocked(socketAddress(socket))) return answerRaw(socket, TOO_MANY);
    this.sockets.add(socket);
    socket.once('close', () => {
      this.sockets.delete(socket);
      clearTimeout(this.deadlines.get(socket));
    });
    this.deadlines.set(
      socket,
      setTimeout(() => answerRaw(socket, TIMED_OUT), this.deps.timeoutMs),
    );
    http.emit('connection', socket);
  }

  private settle(socket: Socket): void {
    clearTimeout(this.deadlines.get(socket));
    this.deadlines.delete(socket);
  }

  private async stop(): Promise<void> {
    const front = this.front;
    this.front = null;
    this.boundPort = null;
    this.state = 'off';
    this.error = null;
    if (!front) return;
    await new Promise<void>((resolve) => {
      front.close(() => resolve());
      // Half-sent requests would hold close() open: a restart must not wait on a sender.
      for (const socket of this.sockets) socket.destroy();
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const address = socketAddress(req.socket);
    const path = (req.url ?? '').split('?', 1)[0]!;
    const match = HOOK_PATH.exec(path);
    if (!match) return this.refuseUnread(req, res, { status: 404, body: { error: 'not-found' } });
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return this.refuseUnread(req, res, { status: 405, body: { error: 'method-not-allowed' } });
    }
    // Checked again here: the address may have crossed the limit since it connected.
    if (this.deps.blocked(address)) return this.refuseUnread(req, res, { status: 429, body: { error: 'too-many-bad-signatures' } });
    const limit = this.deps.maxBodyBytes;
    const declared = req.headers['content-length'];
    if (declared !== undefined && (!/^\d+$/.test(declared) || Number(declared) > limit)) {
      const numeric = /^\d+$/.test(declared);
      return this.refuseUnread(req, res, { status: numeric ? 413 : 400, body: { error: numeric ? 'body-too-large' : 'bad-content-length', limit } });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        // A chunked body (no Content-Length) that outgrows the limit: answered before its end, and
        // nothing of it is hashed.
        over = true;
        chunks.length = 0;
        this.refuseUnread(req, res, { status: 413, body: { error: 'body-too-large', limit } });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (over || res.headersSent) return;
      this.settle(req.socket);
      let answer: Answer;
      try {
        answer = this.deps.receive({ workloadId: match[1]!, headers: req.headers, body: Buffer.concat(chunks, size), address });
      } catch (error) {
        this.deps.log(`webhook delivery failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        answer = { status: 500, body: { error: 'internal' } };
      }
      send(res, answer);
    });
    req.on('error', () => res.destroy());
  }

  /** Answers without reading the body, then closes the connection (the unread body cannot be skipped safely). */
  private refuseUnread(req: IncomingMessage, res: ServerResponse, answer: Answer): void {
    this.settle(req.socket);
    send(res, answer);
    res.once('finish', () => req.socket.destroySoon());
    req.resume();
  }
}
