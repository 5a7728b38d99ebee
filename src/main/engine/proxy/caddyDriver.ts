// The default proxy: a managed Caddy container on the host, driven through its admin API. Routes
// live in one server (`tinyforge`, port 80) and carry an `@id`, so a route is changed in place with
// PATCH /id/<id>: Caddy builds the new config and swaps it in atomically while requests already in
// flight finish on the old one, so a blue-green switch drops nothing. Config is autosaved to a
// volume and the container runs `caddy run --resume`, so routes survive a restart or a re-creation.
import type Dockerode from 'dockerode';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { LABEL } from '../docker/labels';
import type { ProxyDriver, ProxyRoute } from './proxyDriver';

export interface CaddyDriverOptions {
  /** The host's dockerode client, or a getter for the current one (sessions change on reconnect). */
  docker: Dockerode | (() => Dockerode);
  image: string;
  /** Container, network and volume names; one managed Caddy per host. */
  name?: string;
  network?: string;
  /** Host port for plain HTTP (0: any free port, for tests). */
  httpPort?: number;
  /** Bound on each admin call. */
  callTimeoutMs?: number;
}

const SERVER = 'tinyforge';
const ROUTE_ID_PREFIX = 'tf-route-';

const routeSchema = z.object({
  '@id': z.string().optional(),
  match: z.array(z.object({ host: z.array(z.string()).optional() }).passthrough()).optional(),
  handle: z
    .array(
      z
        .object({
          handler: z.string(),
          upstreams: z.array(z.object({ dial: z.string() }).passthrough()).optional(),
        })
        .passthrough(),
    )
    .optional(),
});
const routesSchema = z.array(routeSchema).nullable();

function caddyRoute(route: ProxyRoute) {
  return {
    '@id': `${ROUTE_ID_PREFIX}${route.id}`,
    match: [{ host: [route.host] }],
    handle: [{ handler: 'reverse_proxy', upstreams: [{ dial: `${route.upstream.host}:${route.upstream.port}` }] }],
    terminal: true,
  };
}

function fromCaddyRoute(raw: z.infer<typeof routeSchema>): ProxyRoute | null {
  const id = raw['@id'];
  const host = raw.match?.[0]?.host?.[0];
  const dial = raw.handle?.find((h) => h.handler === 'reverse_proxy')?.upstreams?.[0]?.dial;
  if (!id?.startsWith(ROUTE_ID_PREFIX) || !host || !dial) return null;
  const colon = dial.lastIndexOf(':');
  const port = Number(dial.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port)) return null;
  return { id: id.slice(ROUTE_ID_PREFIX.length), host, upstream: { host: dial.slice(0, colon), port } };
}

export class CaddyDriver implements ProxyDriver {
  readonly kind = 'caddy' as const;
  readonly name: string;
  readonly network: string;
  private readonly dockerOf: () => Dockerode;
  private readonly image: string;
  private readonly httpPort: number;
  private readonly callTimeoutMs: number;
  private adminUrl: string | null = null;
  /** Where plain HTTP reaches the proxy on the host (127.0.0.1:<port>), once ensured. */
  httpAddress: string | null = null;

  private get docker(): Dockerode {
    return this.dockerOf();
  }

  constructor(options: CaddyDriverOptions) {
    const docker = options.docker;
    this.dockerOf = typeof docker === 'function' ? docker : () => docker;
    this.image = options.image;
    this.name = options.name ?? 'tinyforge-caddy';
    this.network = options.network ?? 'tinyforge-proxy';
    this.httpPort = options.httpPort ?? 80;
    this.callTimeoutMs = options.callTimeoutMs ?? 10_000;
  }

  /** Network, container (created, or started, or left running) and the `tinyforge` server. Idempotent. */
  async ensure(): Promise<void> {
    await this.ensureNetwork();
    const container = await this.ensureContainer();
    const info = await container.inspect();
    const admin = info.NetworkSettings.Ports?.['2019/tcp']?.[0]?.HostPort;
    const http = info.NetworkSettings.Ports?.['80/tcp']?.[0]?.HostPort;
    if (!admin || !http) throw new AppError('INTERNAL', `PROXY_UNAVAILABLE: the Caddy container ${this.name} publishes no admin or HTTP port.`);
    this.adminUrl = `http://127.0.0.1:${admin}`;
    this.httpAddress = `127.0.0.1:${http}`;
    await this.waitForAdmin();
    const server = await this.admin('GET', `/config/apps/http/servers/${SERVER}`, undefined, { allowMissing: true });
    if (server === null) {
      const apps = (await this.admin('GET', '/config/apps', undefined, { allowMissing: true })) as Record<string, unknown> | null;
      const definition = { listen: [':80'], routes: [], automatic_https: { disable: true } };
      if (apps === null) await this.admin('POST', '/config/apps', { http: { servers: { [SERVER]: definition } } });
      else if (!apps.http) await this.admin('POST', '/config/apps/http', { servers: { [SERVER]: definition } });
      else await this.admin('POST', `/config/apps/http/servers/${SERVER}`, definition);
    }
  }

  /** Creates the route, or switches an existing one in place (one PATCH: atomic in Caddy). */
  async upsertRoute(route: ProxyRoute): Promise<ProxyRoute> {
    const id = `${ROUTE_ID_PREFIX}${route.id}`;
    const exists = (await this.admin('GET', `/id/${id}`, undefined, { allowMissing: true })) !== null;
    if (exists) await this.admin('PATCH', `/id/${id}`, caddyRoute(route));
    else await this.admin('POST', `/config/apps/http/servers/${SERVER}/routes`, caddyRoute(route));
    return route;
  }

  async removeRoute(id: string): Promise<void> {
    await this.admin('DELETE', `/id/${ROUTE_ID_PREFIX}${id}`, undefined, { allowMissing: true });
  }

  async listRoutes(): Promise<ProxyRoute[]> {
    const raw = await this.admin('GET', `/config/apps/http/servers/${SERVER}/routes`, undefined, { allowMissing: true });
    const parsed = routesSchema.safeParse(raw);
    if (!parsed.success) throw new AppError('INTERNAL', `PROXY_UNAVAILABLE: Caddy answered routes in an unexpected shape: ${parsed.error.message}`);
    return (parsed.data ?? []).map(fromCaddyRoute).filter((r): r is ProxyRoute => r !== null);
  }

  /** Joins the proxy to a workload's network so it can reach that workload's containers by name. */
  async attach(network: string): Promise<void> {
    const info = await this.docker.getContainer(this.name).inspect();
    if (info.NetworkSettings.Networks?.[network]) return;
    await this.docker.getNetwork(network).connect({ Container: this.name });
  }

  async close(): Promise<void> {
    // The container is the host's proxy and keeps serving; nothing of ours is left open.
    this.adminUrl = null;
  }

  private async ensureNetwork(): Promise<void> {
    const existing = await this.docker.listNetworks({ filters: { name: [this.network] } });
    if (existing.some((n) => n.Name === this.network)) return;
    await this.docker.createNetwork({ Name: this.network, Driver: 'bridge', Labels: { [LABEL.managed]: 'true', [LABEL.role]: 'proxy' } });
  }

  private async ensureContainer(): Promise<Dockerode.Container> {
    const container = this.docker.getContainer(this.name);
    try {
      const info = await container.inspect();
      if (!info.State.Running) await container.start();
      return container;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    }
    await this.ensureImage();
    const created = await this.docker.createContainer({
      name: this.name,
      Image: this.image,
      Labels: { [LABEL.managed]: 'true', [LABEL.role]: 'proxy' },
      ExposedPorts: { '80/tcp': {}, '2019/tcp': {} },
      HostConfig: {
        // The admin API is reachable from this machine only.
        PortBindings: {
          '80/tcp': [{ HostIp: this.httpPort === 0 ? '127.0.0.1' : '', HostPort: this.httpPort === 0 ? '' : String(this.httpPort) }],
          '2019/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
        },
        RestartPolicy: { Name: 'unless-stopped' },
        Mounts: [{ Type: 'volume', Source: `${this.name}-config`, Target: '/config' }],
        NetworkMode: this.network,
      },
    });
    await created.start();
    return created;
  }

  private async ensureImage(): Promise<void> {
    try {
      await this.docker.getImage(this.image).inspect();
      return;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    }
    const docker = this.docker;
    const stream = await docker.pull(this.image);
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())));
  }

  private async waitForAdmin(): Promise<void> {
    const deadline = Date.now() + Math.max(this.callTimeoutMs, 15_000);
    let last: unknown;
    while (Date.now() < deadline) {
      try {
        // Short tries: until Caddy listens, Docker's port proxy may accept and then say nothing.
        await this.admin('GET', '/config/', undefined, { timeoutMs: 1_000 });
        return;
      } catch (error) {
        last = error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new AppError('INTERNAL', `PROXY_UNAVAILABLE: Caddy's admin API did not answer at ${this.adminUrl}: ${(last as Error)?.message ?? 'timeout'}`);
  }

  private async admin(method: string, path: string, body?: unknown, options: { allowMissing?: boolean; timeoutMs?: number } = {}): Promise<unknown> {
    if (!this.adminUrl) throw new AppError('INTERNAL', 'PROXY_UNAVAILABLE: the Caddy proxy is not ensured yet.');
    const response = await fetch(`${this.adminUrl}${path}`, {
      method,
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs ?? this.callTimeoutMs),
    });
    const text = await response.text();
    if (response.status === 404 && options.allowMissing) return null;
    if (!response.ok) {
      let message = text;
      try {
        message = (JSON.parse(text) as { error?: string }).error ?? text;
      } catch {
        // Not JSON: keep the text.
      }
      if (response.status === 400 && /unknown object ID|invalid traversal path/i.test(message) && options.allowMissing) return null;
      throw new AppError('INTERNAL', `PROXY_REFUSED: Caddy refused ${method} ${path} (${response.status}): ${message.trim().slice(0, 300)}`);
    }
    if (text.trim() === '') return null;
    return JSON.parse(text) as unknown;
  }
}
