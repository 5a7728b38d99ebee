// The proxy driver for an existing Nginx Proxy Manager, through its REST API, as the original
// tinyforge did. One route is one NPM proxy host with a single domain name; the route id is NPM's
// numeric host id.
//
// The calls and bodies follow NPM 2.12's published schemas (backend/schema/paths/tokens/post.json,
// nginx/proxy-hosts/{get,post}.json, nginx/proxy-hosts/hostID/{put,delete}.json,
// components/proxy-host-object.json), its error envelope `{error:{code,message}}` (backend/app.js,
// lib/error.js) and its e2e test bodies (test/cypress/e2e/api/ProxyHosts.cy.js). 2.11 speaks the same
// calls (schema/endpoints/proxy-hosts.json) but answers flags as 0/1, which the answers' schemas here
// accept. Forks that moved the token into a cookie (NPMplus) are refused with a clear error; an
// account with 2FA (NPM 2.13.6+) likewise. The recorded contract is in npmDriver.test.ts and
// fixtures/npm-2.12/.
//
// Writes: a new route is one POST with the full body NPM's own UI sends. Switching a route is one PUT
// of only the fields we own (domain_names, forward_scheme, forward_host, forward_port): NPM's update
// patches the row, so the certificate, SSL and access list a user set on the host in NPM survive a
// deploy. One PUT is what makes the switch atomic (see proxyDriver.ts).
//
// Over 400 lines: login and token renewal, the four route calls and the reading of NPM's error
// answers are one client of one API; split, each part would need the others' private state.
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import type { ErrorCode } from '../../../shared/errors';
import type { ProxyDriver, ProxyRoute } from './proxyDriver';

/** The settings of a proxy host the driver creates; later switches leave them to the user. */
export interface NpmHostSettings {
  certificate_id: number;
  ssl_forced: boolean;
  http2_support: boolean;
  hsts_enabled: boolean;
  hsts_subdomains: boolean;
  access_list_id: number;
  block_exploits: boolean;
  caching_enabled: boolean;
  allow_websocket_upgrade: boolean;
}

export interface NpmDriverOptions {
  /** NPM's admin address, e.g. http://npm.lan:81; `/api` is added. */
  url: string;
  /** The NPM user's email and password. The password is sent to NPM only, never logged. */
  identity: string;
  secret: string;
  /** Bound on each HTTP call, body included. */
  timeoutMs?: number;
  /** Log in again this long before the token expires. */
  refreshMarginMs?: number;
  /** For new hosts, e.g. a wildcard certificate's id with ssl_forced. */
  hostSettings?: Partial<NpmHostSettings>;
  /** The clock tokens expire by (tests move it). */
  now?: () => number;
}

const DEFAULT_SETTINGS: NpmHostSettings = {
  certificate_id: 0,
  ssl_forced: false,
  http2_support: false,
  hsts_enabled: false,
  hsts_subdomains: false,
  access_list_id: 0,
  block_exploits: false,
  caching_enabled: false,
  allow_websocket_upgrade: true,
};

// Answers are validated for what the driver reads and left open for the rest: newer NPMs add fields
// (trust_forwarded_proto), and a host created in the UI carries fields we never touch.
const flagSchema = z.union([z.boolean(), z.literal(0), z.literal(1)]);
const errorBodySchema = z.looseObject({ error: z.looseObject({ message: z.string() }) });
const healthSchema = z.looseObject({
  status: z.literal('OK'),
  version: z.looseObject({ major: z.int().min(0), minor: z.int().min(0), revision: z.int().min(0) }),
});
const tokenSchema = z.looseObject({
  token: z.string().min(1),
  expires: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'is not a date'),
});
const challengeSchema = z.looseObject({ requires_2fa: z.literal(true) });
const proxyHostSchema = z.looseObject({
  id: z.int().min(1),
  domain_names: z.array(z.string().min(1)).min(1),
  forward_scheme: z.enum(['http', 'https']),
  forward_host: z.string().min(1),
  forward_port: z.int().min(1).max(65535),
  enabled: flagSchema.optional(),
  meta: z.looseObject({ nginx_online: z.boolean().optional(), nginx_err: z.string().nullable().optional() }).nullable().optional(),
});
const proxyHostListSchema = z.array(proxyHostSchema);
type NpmProxyHost = z.infer<typeof proxyHostSchema>;

interface Answer {
  status: number;
  body: unknown;
}

interface Session {
  token: string;
  refreshAt: number;
}

const API_HOSTS = '/api/nginx/proxy-hosts';

export class NpmDriver implements ProxyDriver {
  readonly kind = 'npm' as const;
  /** NPM's version as `ensure()` read it, e.g. 2.12.3. */
  version: string | null = null;
  private readonly base: string;
  private readonly identity: string;
  private readonly secret: string;
  private readonly timeoutMs: number;
  private readonly refreshMarginMs: number;
  private readonly settings: NpmHostSettings;
  private readonly now: () => number;
  private readonly lifetime = new AbortController();
  private session: Session | null = null;
  private login: Promise<Session> | null = null;

  constructor(options: NpmDriverOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new AppError('VALIDATION', `"${options.url}" is not a URL; give NPM's admin address, e.g. http://npm.lan:81.`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new AppError('VALIDATION', `${options.url} is not an http(s) address.`);
    }
    this.base = url.href.replace(/\/+$/, '').replace(/\/api$/, '');
    if (!options.identity.trim() || !options.secret) {
      throw new AppError('VALIDATION', 'the NPM email and password are both required.');
    }
    this.identity = options.identity.trim();
    this.secret = options.secret;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.refreshMarginMs = options.refreshMarginMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
    this.settings = { ...DEFAULT_SETTINGS, ...options.hostSettings };
    // NPM silently turns these off on a host without a certificate (internal/host.js cleanSslHstsData).
    const s = this.settings;
    if (!s.certificate_id && (s.ssl_forced || s.http2_support || s.hsts_enabled || s.hsts_subdomains)) {
      throw new AppError('VALIDATION', 'ssl_forced, http2_support and HSTS need a certificate_id; NPM would ignore them.');
    }
  }

  /** NPM answers, is a 2.x, and takes our credentials. */
  async ensure(): Promise<void> {
    const op = 'read its version';
    const answer = await this.send(op, 'GET', '/api/', undefined, null);
    if (answer.status < 200 || answer.status > 299) throw this.failure(op, answer);
    const health = this.parse(op, healthSchema, answer.body);
    const { major, minor, revision } = health.version;
    if (major !== 2) {
      throw this.error('CONFLICT', `NPM at ${this.base} is ${major}.${minor}.${revision}; this driver speaks NPM 2.x's API (checked against 2.11 and 2.12).`);
    }
    this.version = `${major}.${minor}.${revision}`;
    await this.token();
  }

  async upsertRoute(route: ProxyRoute): Promise<ProxyRoute> {
    this.checkRoute(route);
    const known = hostId(route.id);
    if (known !== null) {
      const switched = await this.switchHost(known, route);
      if (switched) return switched;
      // The host was deleted in NPM: converge as for a route never created.
    }
    const hosts = await this.hosts();
    const serving = hosts.filter((h) => h.domain_names.some((d) => sameName(d, route.host)));
    const own = serving.find((h) => h.domain_names.length === 1);
    if (own) {
      // Ours from an upsert whose answer was lost (a crash, a timeout), or one a user made for this
      // exact name: either way the route belongs here, switched in place.
      const switched = await this.switchHost(own.id, route);
      if (switched) return switched;
    } else if (serving.length > 0) {
      const other = serving[0]!;
      throw this.error(
        'CONFLICT',
        `${route.host} is served by NPM proxy host #${other.id} together with ${other.domain_names.filter((d) => !sameName(d, route.host)).join(', ')}; tinyforge routes single-name hosts only. Remove ${route.host} from that host in NPM, then deploy again.`,
      );
    }
    const op = `create the proxy host for ${route.host}`;
    const answer = await this.authed(op, 'POST', API_HOSTS, this.createBody(route));
    if (answer.status < 200 || answer.status > 299) throw this.failure(op, answer);
    return this.confirm(op, answer.body, route, null);
  }

  async removeRoute(id: string): Promise<void> {
    const known = hostId(id);
    if (known === null) return; // never created here: nothing to remove
    const op = `delete proxy host #${known}`;
    const answer = await this.authed(op, 'DELETE', `${API_HOSTS}/${known}`);
    if (answer.status === 404) return;
    if (answer.status < 200 || answer.status > 299) throw this.failure(op, answer);
    this.parse(op, z.literal(true), answer.body);
  }

  async listRoutes(): Promise<ProxyRoute[]> {
    // A host with several names is listed under its first (NPM sorts them).
    return (await this.hosts()).map((h) => ({
      id: String(h.id),
      host: h.domain_names[0]!,
      upstream: { host: h.forward_host, port: h.forward_port },
    }));
  }

  async close(): Promise<void> {
    this.lifetime.abort();
    this.session = null;
  }

  /** One PUT; null when NPM has no host with that id. */
  private async switchHost(id: number, route: ProxyRoute): Promise<ProxyRoute | null> {
    const op = `switch proxy host #${id} (${route.host}) to ${route.upstream.host}:${route.upstream.port}`;
    const body = {
      domain_names: [route.host],
      forward_scheme: 'http',
      forward_host: route.upstream.host,
      forward_port: route.upstream.port,
    };
    const answer = await this.authed(op, 'PUT', `${API_HOSTS}/${id}`, body);
    if (answer.status === 404) return null;
    if (answer.status < 200 || answer.status > 299) throw this.failure(op, answer);
    return this.confirm(op, answer.body, route, id);
  }

  private createBody(route: ProxyRoute) {
    const s = this.settings;
    return {
      domain_names: [route.host],
      forward_scheme: 'http',
      forward_host: route.upstream.host,
      forward_port: route.upstream.port,
      access_list_id: s.access_list_id,
      certificate_id: s.certificate_id,
      ssl_forced: s.ssl_forced,
      caching_enabled: s.caching_enabled,
      block_exploits: s.block_exploits,
      allow_websocket_upgrade: s.allow_websocket_upgrade,
      http2_support: s.http2_support,
      hsts_enabled: s.hsts_enabled,
      hsts_subdomains: s.hsts_subdomains,
      advanced_config: '',
      locations: [],
      meta: { letsencrypt_agree: false, dns_challenge: false },
    };
  }

  /** The host NPM answered must be the one we asked for: a route is returned only when it is. */
  private confirm(op: string, body: unknown, route: ProxyRoute, id: number | null): ProxyRoute {
    const host = this.parse(op, proxyHostSchema, body);
    const wrong: string[] = [];
    if (id !== null && host.id !== id) wrong.push(`host #${host.id}`);
    if (!host.domain_names.some((d) => sameName(d, route.host))) wrong.push(`names ${host.domain_names.join(', ')}`);
    if (host.forward_host !== route.upstream.host || host.forward_port !== route.upstream.port || host.forward_scheme !== 'http') {
      wrong.push(`upstream ${host.forward_scheme}://${host.forward_host}:${host.forward_port}`);
    }
    if (wrong.length > 0) {
      throw this.error(
        'PROXY_REFUSED',
        `NPM's answer to "${op}" describes ${wrong.join(', ')}, not what was sent. Check the proxy host in NPM before deploying again.`,
      );
    }
    if (host.meta?.nginx_online === false) {
      throw this.error(
        'PROXY_REFUSED',
        `NPM saved proxy host #${host.id} but nginx refused its config, so ${route.host} is offline: ${host.meta.nginx_err ?? 'no detail'}. Fix the host in NPM.`,
      );
    }
    return { id: String(host.id), host: route.host, upstream: { host: host.forward_host, port: host.forward_port } };
  }

  private async hosts(): Promise<NpmProxyHost[]> {
    const op = 'list proxy hosts';
    const answer = await this.authed(op, 'GET', API_HOSTS);
    if (answer.status < 200 || answer.status > 299) throw this.failure(op, answer);
    return this.parse(op, proxyHostListSchema, answer.body);
  }

  private checkRoute(route: ProxyRoute): void {
    const problems: string[] = [];
    if (!route.host.trim() || route.host.length > 253) problems.push(`host name "${route.host}"`);
    if (!route.upstream.host.trim() || route.upstream.host.length > 255) problems.push(`upstream host "${route.upstream.host}"`);
    const port = route.upstream.port;
    if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push(`upstream port ${port}`);
    if (problems.length > 0) throw new AppError('VALIDATION', `invalid ${problems.join(', ')}.`);
  }

  // --- authentication --------------------------------------------------------------------------

  /** A token that is not about to expire; one login at a time however many calls wait for it. */
  private async token(): Promise<string> {
    if (this.session && this.now() < this.session.refreshAt) return this.session.token;
    this.login ??= this.logIn().finally(() => {
      this.login = null;
    });
    return (await this.login).token;
  }

  private async logIn(): Promise<Session> {
    const op = `log in as ${this.identity}`;
    const answer = await this.send(op, 'POST', '/api/tokens', { identity: this.identity, secret: this.secret }, null);
    if (answer.status === 401 || answer.status === 403) {
      throw this.error(
        'FORBIDDEN',
        `NPM at ${this.base} refused the login for ${this.identity}: ${npmMessage(answer)}. Check the email and password in the proxy settings.`,
      );
    }
    if (answer.status < 200 || answer.status > 299) throw this.failure(op, answer);
    if (challengeSchema.safeParse(answer.body).success) {
      throw this.error('FORBIDDEN', `the NPM user ${this.identity} has two-factor authentication; give tinyforge an NPM user without it.`);
    }
    const parsed = tokenSchema.safeParse(answer.body);
    if (!parsed.success) {
      throw this.error(
        'PROXY_REFUSED',
        `NPM's answer to "${op}" carries no usable token (${issues(parsed.error)}). Forks that keep the token in a cookie only (NPMplus) are not supported.`,
      );
    }
    const now = this.now();
    const expires = Date.parse(parsed.data.expires);
    if (expires <= now) {
      throw this.error(
        'PROXY_REFUSED',
        `NPM issued a token that expires at ${parsed.data.expires}, already past by this machine's clock (${new Date(now).toISOString()}); check both clocks.`,
      );
    }
    // Refresh a margin before expiry, but never later than halfway through a short-lived token.
    const session = { token: parsed.data.token, refreshAt: expires - Math.min(this.refreshMarginMs, (expires - now) / 2) };
    this.session = session;
    return session;
  }

  /** A call with the token; a 401 (NPM says "Token has expired") earns one fresh login and one retry. */
  private async authed(op: string, method: string, path: string, body?: unknown): Promise<Answer> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.token();
      const answer = await this.send(op, method, path, body, token);
      if (answer.status !== 401) return answer;
      if (this.session?.token === token) this.session = null;
      if (attempt === 1) {
        throw this.error('FORBIDDEN', `NPM refused a fresh token for ${this.identity} to ${op}: ${npmMessage(answer)}. Check the NPM user and NPM's clock.`);
      }
    }
  }

  // --- transport ---------------------------------------------------------------------------------

  private async send(op: string, method: string, path: string, body: unknown, token: string | null): Promise<Answer> {
    if (this.lifetime.signal.aborted) throw this.error('PROXY_UNAVAILABLE', `the NPM driver is closed; cannot ${op}.`);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const signal = AbortSignal.any([AbortSignal.timeout(this.timeoutMs), this.lifetime.signal]);
    let status: number;
    let type: string;
    let text: string;
    try {
      const response = await fetch(`${this.base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
        redirect: 'manual',
      });
      status = response.status;
      type = response.headers.get('content-type') ?? '';
      text = await response.text();
    } catch (err) {
      if (this.lifetime.signal.aborted) throw this.error('PROXY_UNAVAILABLE', `the NPM driver closed while trying to ${op}.`);
      if ((err as Error).name === 'TimeoutError') {
        throw this.error(
          'PROXY_UNAVAILABLE',
          `NPM at ${this.base} did not answer within ${this.timeoutMs} ms to ${op}. It may still apply a change; the next deploy converges.`,
        );
      }
      const cause = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
      throw this.error('PROXY_UNAVAILABLE', `cannot reach NPM at ${this.base} to ${op}: ${cause}.`);
    }
    if (text === '') return { status, body: undefined };
    if (!/\bjson\b/i.test(type)) {
      if (status >= 200 && status <= 299) {
        throw this.error(
          'PROXY_REFUSED',
          `NPM's answer to "${op}" is ${type || 'untyped'}, not JSON. Is ${this.base} NPM's admin address (port 81 by default)?`,
        );
      }
      return { status, body: undefined };
    }
    try {
      return { status, body: JSON.parse(text) };
    } catch {
      throw this.error('PROXY_REFUSED', `NPM's answer to "${op}" (HTTP ${status}) is not valid JSON.`);
    }
  }

  private parse<T>(op: string, schema: z.ZodType<T>, body: unknown): T {
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    throw this.error('PROXY_REFUSED', `NPM's answer to "${op}" is not what NPM 2.x sends (${issues(parsed.error)}). Nothing was changed here.`);
  }

  /** An error answer as a coded error carrying NPM's own message. */
  private failure(op: string, answer: Answer): AppError {
    const message = npmMessage(answer);
    switch (answer.status) {
      case 400:
        if (/already in use/i.test(message)) {
          return this.error('CONFLICT', `NPM refused to ${op}: ${message}. Another proxy host in NPM serves that name.`);
        }
        return this.error('VALIDATION', `NPM refused to ${op}: ${message}.`);
      case 403:
        return this.error('FORBIDDEN', `NPM refused to ${op}: ${message}. The NPM user ${this.identity} needs the "Manage" permission on proxy hosts.`);
      case 404:
        return this.error('NOT_FOUND', `NPM could not ${op}: ${message}.`);
      default:
        return this.error('PROXY_REFUSED', `NPM failed to ${op} (HTTP ${answer.status}): ${message}.`);
    }
  }

  /** Every message passes here: whatever NPM echoes, the password never leaves in an error. */
  private error(code: ErrorCode, message: string): AppError {
    return new AppError(code, this.secret.length >= 4 ? message.split(this.secret).join('***') : message);
  }
}

function npmMessage(answer: Answer): string {
  const parsed = errorBodySchema.safeParse(answer.body);
  return parsed.success ? parsed.data.error.message : `HTTP ${answer.status}`;
}

function issues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : 'the answer'}: ${i.message}`)
    .join('; ');
}

/** NPM's ids are positive integers; any other id names a route not created yet. */
function hostId(id: string): number | null {
  return /^[1-9][0-9]{0,9}$/.test(id) ? Number(id) : null;
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
