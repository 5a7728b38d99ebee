// The HTTP listener senders post to: `POST /hooks/<workloadId>`. It owns only the transport: the
// route, the throttle gate before any body is read, the body limit (from Content-Length, then
// counted while streaming: 413 before any HMAC is computed), the slow-client timeout, and the
// listen/close lifecycle. What a delivery means is the receiver's business (webhookService.ts).
// Settings changes restart it (apply); a port already taken is a state with a clear error, not a crash.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
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
export function clientAddress(req: IncomingMessage): string {
  const raw = req.socket.remoteAddress ?? 'unknown';
  return raw.startsWith('::ffff:') ? raw.slice(7) : raw;
}

function send(res: ServerResponse, answer: Answer, close = false): void {
  if (res.headersSent) return;
  const payload = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(payload);
}

export class WebhookListener {
  private server: Server | null = null;
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

  /** The port bound now (tests listen on port 0 through a setting of their own). */
  port(): number | null {
    return this.boundPort;
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
    const server = createServer(
      {
        // Node's own clock for slow clients: a request whose headers or body trickle in is answered
        // 408 and closed; the check interval is shortened so the limit holds to within a second.
        requestTimeout: this.deps.timeoutMs,
        headersTimeout: this.deps.timeoutMs,
        connectionsCheckingInterval: Math.min(1_000, this.deps.timeoutMs),
        keepAliveTimeout: 5_000,
      },
      (req, res) => this.handle(req, res),
    );
    // Idle sockets (no request at all) are timed out too.
    server.setTimeout(this.deps.timeoutMs * 2, (socket) => socket.destroy());
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host: settings.address, port: settings.port }, () => {
          server.off('error', reject);
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
    server.on('error', (error) => this.deps.log(`webhook listener error: ${String(error)}`));
    this.server = server;
    const bound = server.address();
    this.boundPort = typeof bound === 'object' && bound ? bound.port : settings.port;
    this.state = 'listening';
    this.deps.log(`webhook listener on ${settings.address}:${this.boundPort}`);
  }

  private async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.boundPort = null;
    this.state = 'off';
    this.error = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Keep-alive and half-sent requests would hold close() open: a restart must not wait on a sender.
      server.closeAllConnections();
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const address = clientAddress(req);
    const path = (req.url ?? '').split('?', 1)[0]!;
    const match = HOOK_PATH.exec(path);
    if (!match) return this.refuseUnread(req, res, { status: 404, body: { error: 'not-found' } });
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return this.refuseUnread(req, res, { status: 405, body: { error: 'method-not-allowed' } });
    }
    if (this.deps.blocked(address)) return this.refuseUnread(req, res, { status: 429, body: { error: 'too-many-bad-signatures' } });
    const limit = this.deps.maxBodyBytes;
    const declared = req.headers['content-length'];
    if (declared !== undefined && (!/^\d+$/.test(declared) || Number(declared) > limit)) {
      return this.refuseUnread(req, res, {
        status: /^\d+$/.test(declared) ? 413 : 400,
        body: { error: /^\d+$/.test(declared) ? 'body-too-large' : 'bad-content-length', limit },
      });
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
    send(res, answer, true);
    res.once('finish', () => req.socket.destroySoon());
    req.resume();
  }
}
