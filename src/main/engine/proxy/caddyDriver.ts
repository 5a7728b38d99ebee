// The default proxy: managed Caddy containers on the host, driven through their admin APIs. Two of
// them: the front (`<name>-front`) publishes the HTTP port, holds the clients' connections and
// passes everything to the routing Caddy (`<name>`), and is configured once; routes live in the
// routing Caddy's one server (`tinyforge`, port 80 inside the proxy network) and carry an `@id`, so
// a route is changed in place with PATCH /id/<id>: Caddy builds the new config and swaps it in
// while requests in flight finish on the old one. Why the front: see frontServer. Config is
// autosaved to each container's volume and both run with `--resume`, so routes survive a restart
// or a re-creation.
//
// The admin API is published on the Docker host's loopback only, and reached through the host's
// own connection (a TCP dial: net.connect locally, an SSH direct-tcpip channel for a remote host),
// never through this machine's 127.0.0.1, which is a different machine for an SSH host.
import type Dockerode from 'dockerode';
import { DialAgent } from '../docker/dialAgent';
import { localDial } from '../docker/dialer';
import type { TcpDial } from '../docker/dialer';
import { dialRequest } from '../docker/dialRequest';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { LABEL } from '../docker/labels';
import { pullImage } from '../deployer/pullImage';
import type { PullOptions } from '../deployer/pullImage';
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
  /** TCP from the Docker host (defaults to this machine: the local host). */
  dial?: TcpDial;
  /** Bounds on pulling the Caddy image (pullImage.ts has the defaults). */
  pull?: Omit<PullOptions, 'onProgress'>;
}

const SERVER = 'tinyforge';
const FRONT_SERVER = 'tinyforge-front';

/**
 * The front Caddy's one route: everything to the routing Caddy, over kept-alive connections, a GET
 * retried there for up to 5 s. Why two: Caddy applies any config change by starting new servers,
 * and Caddy 2.6 rebinds their ports with SO_REUSEPORT, so the kernel resets a client connection
 * still queued on the old socket during the ~2 ms of the swap. Route switches happen on the routing
 * Caddy only; the front, which holds the clients' connections, is configured once and never
 * reloads. What a reload of the routing one costs the front (an idle pooled connection closed, or a
 * new one reset while queued) it retries itself, so clients see nothing.
 */
function frontServer(routingName: string) {
  return {
    listen: [':80'],
    automatic_https: { disable: true },
    routes: [
      {
        handle: [
          {
            handler: 'reverse_proxy',
            upstreams: [{ dial: `${routingName}:80` }],
            load_balancing: { try_duration: '5s', try_interval: '20ms' },
          },
        ],
      },
    ],
  };
}
/** What admin() answers for a path Caddy does not hold, where an empty answer would mean success. */
const NOT_HELD = Symbol('not held');
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
          health_checks: z.object({ active: z.object({ uri: z.string().optional() }).passthrough().optional() }).passthrough().optional(),
        })
        .passthrough(),
    )
    .optional(),
});
const routesSchema = z.array(routeSchema).nullable();

/**
 * Health checks on the upstream, so Caddy itself stops sending traffic to an instance that turns
 * unhealthy after the switch (the deployer checked it only before): active probes of the stage's
 * health path, every second. With its one upstream down, Caddy answers 503 at once. No passive
 * checks: with a single upstream they would take the stage down for their whole fail_duration after
 * one failed request (a reset connection, the app's own 503 under a spike), an outage of their own
 * making.
 */
function healthChecks(route: ProxyRoute) {
  if (!route.healthPath) return undefined;
  return { active: { uri: route.healthPath, interval: '1s', timeout: '2s' } };
}

function caddyRoute(route: ProxyRoute) {
  return {
    '@id': `${ROUTE_ID_PREFIX}${route.id}`,
    match: [{ host: [route.host] }],
    handle: [
      {
        handler: 'reverse_proxy',
        upstreams: [{ dial: `${route.upstream.host}:${route.upstream.port}` }],
        ...(route.healthPath ? { health_checks: healthChecks(route) } : {}),
      },
    ],
    terminal: true,
  };
}

function fromCaddyRoute(raw: z.infer<typeof routeSchema>): ProxyRoute | null {
  const id = raw['@id'];
  const host = raw.match?.[0]?.host?.[0];
  const proxy = raw.handle?.find((h) => h.handler === 'reverse_proxy');
  const dial = proxy?.upstreams?.[0]?.dial;
  if (!id?.startsWith(ROUTE_ID_PREFIX) || !host || !dial) return null;
  const colon = dial.lastIndexOf(':');
  const port = Number(dial.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port)) return null;
  const route: ProxyRoute = { id: id.slice(ROUTE_ID_PREFIX.length), host, upstream: { host: dial.slice(0, colon), port } };
  const healthPath = proxy?.health_checks?.active?.uri;
  if (healthPath) route.healthPath = healthPath;
  return route;
}

export class CaddyDriver implements ProxyDriver {
  readonly kind = 'caddy' as const;
  readonly name: string;
  /** The front container: it holds the clients' connections (see frontServer). */
  readonly frontName: string;
  readonly network: string;
  private readonly dockerOf: () => Dockerode;
  private readonly image: string;
  private readonly httpPort: number;
  private readonly callTimeoutMs: number;
  private readonly agent: DialAgent;
  private readonly pull: Omit<PullOptions, 'onProgress'>;
  /** The admin API's published port on the Docker host's loopback, once ensured. */
  private adminPort: number | null = null;
  /** The front container (id and start time) whose config ensure() last checked. */
  private frontChecked: string | null = null;
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
    this.frontName = `${this.name}-front`;
    this.network = options.network ?? 'tinyforge-proxy';
    this.httpPort = options.httpPort ?? 80;
    this.callTimeoutMs = options.callTimeoutMs ?? 10_000;
    this.agent = new DialAgent(options.dial ?? localDial, `caddy admin ${this.name}`);
    this.pull = options.pull ?? {};
  }

  /**
   * Network, both containers (created, or started, or left running), the `tinyforge` server on the
   * routing Caddy and the front's one route to it. Idempotent: the front's config is written only
   * when it is missing or names another upstream, so ensure() never reloads it in passing.
   */
  async ensure(): Promise<void> {
    await this.ensureNetwork();
    const back = await (await this.ensureContainer(this.name, false)).inspect();
    const admin = back.NetworkSettings.Ports?.['2019/tcp']?.[0]?.HostPort;
    if (!admin) throw new AppError('PROXY_UNAVAILABLE', `PROXY_UNAVAILABLE: the Caddy container ${this.name} publishes no admin port.`);
    this.adminPort = Number(admin);
    await this.waitForAdmin(this.adminPort);
    const server = await this.admin('GET', `/config/apps/http/servers/${SERVER}`, undefined, { allowMissing: true });
    if (server === null) await this.putServer(this.adminPort, SERVER, { listen: [':80'], routes: [], automatic_https: { disable: true } });

    const front = await (await this.ensureContainer(this.frontName, true)).inspect();
    const frontAdmin = front.NetworkSettings.Ports?.['2019/tcp']?.[0]?.HostPort;
    const http = front.NetworkSettings.Ports?.['80/tcp']?.[0]?.HostPort;
    if (!frontAdmin || !http) throw new AppError('PROXY_UNAVAILABLE', `PROXY_UNAVAILABLE: the Caddy container ${this.frontName} publishes no admin or HTTP port.`);
    // The same front container, running since it was checked: its config has not moved (nothing
    // but ensure() writes it). Spares each deploy's route step two admin calls.
    const checked = `${front.Id} ${front.State.StartedAt}`;
    if (this.frontChecked !== checked) {
      await this.waitForAdmin(Number(frontAdmin));
      const current = (await this.admin('GET', `/config/apps/http/servers/${FRONT_SERVER}`, undefined, { allowMissing: true, port: Number(frontAdmin) })) as {
        routes?: { handle?: { upstreams?: { dial?: string }[] }[] }[];
      } | null;
      if (current?.routes?.[0]?.handle?.[0]?.upstreams?.[0]?.dial !== `${this.name}:80`) await this.putServer(Number(frontAdmin), FRONT_SERVER, frontServer(this.name));
      this.frontChecked = checked;
    }
    this.httpAddress = `127.0.0.1:${http}`;
  }

  /** Sets one server of a Caddy's http app, creating the app's path as far as it is missing. */
  private async putServer(port: number, name: string, definition: unknown): Promise<void> {
    const apps = (await this.admin('GET', '/config/apps', undefined, { allowMissing: true, port })) as Record<string, unknown> | null;
    if (apps === null) await this.admin('POST', '/config/apps', { http: { servers: { [name]: definition } } }, { port });
    else if (!apps.http) await this.admin('POST', '/config/apps/http', { servers: { [name]: definition } }, { port });
    else await this.admin('POST', `/config/apps/http/servers/${name}`, definition, { port });
  }

  /** Creates the route, or switches an existing one in place (one PATCH: atomic in Caddy). */
  async upsertRoute(route: ProxyRoute): Promise<ProxyRoute> {
    const id = `${ROUTE_ID_PREFIX}${route.id}`;
    // The switch of a live route is the common case: try it first, one admin call on the deploy's
    // critical path; only a route Caddy does not hold yet costs a second call.
    const patched = await this.admin('PATCH', `/id/${id}`, caddyRoute(route), { allowMissing: true, missing: NOT_HELD });
    if (patched === NOT_HELD) await this.admin('POST', `/config/apps/http/servers/${SERVER}/routes`, caddyRoute(route));
    return route;
  }

  async removeRoute(id: string): Promise<void> {
    await this.admin('DELETE', `/id/${ROUTE_ID_PREFIX}${id}`, undefined, { allowMissing: true });
  }

  async listRoutes(): Promise<ProxyRoute[]> {
    const raw = await this.admin('GET', `/config/apps/http/servers/${SERVER}/routes`, undefined, { allowMissing: true });
    const parsed = routesSchema.safeParse(raw);
    if (!parsed.success) throw new AppError('PROXY_REFUSED', `PROXY_REFUSED: Caddy answered routes in an unexpected shape: ${parsed.error.message}`);
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
    this.adminPort = null;
    this.agent.destroy();
  }

  private async ensureNetwork(): Promise<void> {
    const existing = await this.docker.listNetworks({ filters: { name: [this.network] } });
    if (existing.some((n) => n.Name === this.network)) return;
    await this.docker.createNetwork({ Name: this.network, Driver: 'bridge', Labels: { [LABEL.managed]: 'true', [LABEL.role]: 'proxy' } });
  }

  /**
   * One of the two containers: `front` publishes the HTTP port; the routing one publishes only its
   * admin API (on the Docker host's loopback, as the front does). Both run the image's command with
   * `--resume`, so the config saved in their volume comes back after a restart.
   */
  private async ensureContainer(name: string, front: boolean): Promise<Dockerode.Container> {
    const container = this.docker.getContainer(name);
    try {
      const info = await container.inspect();
      const bound = info.HostConfig.PortBindings?.['80/tcp']?.[0]?.HostPort;
      // Bindings are fixed at creation. Re-create the front when the HTTP port setting changed, and
      // a routing Caddy from before the front existed (it published the HTTP port itself). Config
      // lives in the volume, so routes come back with the container.
      const stale = front ? this.httpPort !== 0 && bound !== String(this.httpPort) : bound !== undefined;
      if (!stale) {
        if (!info.State.Running) await container.start();
        return container;
      }
      await container.remove({ force: true });
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    }
    await this.ensureImage();
    const created = await this.docker.createContainer({
      name,
      Image: this.image,
      Labels: { [LABEL.managed]: 'true', [LABEL.role]: 'proxy' },
      Cmd: await this.resumingCommand(),
      ExposedPorts: { '80/tcp': {}, '2019/tcp': {} },
      HostConfig: {
        // The admin APIs are reachable from this machine only.
        PortBindings: {
          ...(front ? { '80/tcp': [{ HostIp: this.httpPort === 0 ? '127.0.0.1' : '', HostPort: this.httpPort === 0 ? '' : String(this.httpPort) }] } : {}),
          '2019/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
        },
        RestartPolicy: { Name: 'unless-stopped' },
        Mounts: [{ Type: 'volume', Source: `${name}-config`, Target: '/config' }],
        NetworkMode: this.network,
      },
    });
    await created.start();
    return created;
  }

  /** The image's own command with `--resume` (the official image's does not resume by itself). */
  private async resumingCommand(): Promise<string[] | undefined> {
    const cmd = (await this.docker.getImage(this.image).inspect()).Config?.Cmd ?? undefined;
    if (!cmd || cmd.length === 0 || cmd.includes('--resume')) return cmd;
    return [...cmd, '--resume'];
  }

  private async ensureImage(): Promise<void> {
    try {
      await this.docker.getImage(this.image).inspect();
      return;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    }
    // Bounded: ensure() runs inside the single-flight proxy reconcile and every deploy's route
    // step, so a registry that accepts and then says nothing must not hang them all for good.
    await pullImage(this.docker, this.image, this.pull);
  }

  private async waitForAdmin(port: number): Promise<void> {
    const deadline = Date.now() + Math.max(this.callTimeoutMs, 15_000);
    let last: unknown;
    while (Date.now() < deadline) {
      try {
        // Short tries: until Caddy listens, Docker's port proxy may accept and then say nothing.
        await this.admin('GET', '/config/', undefined, { timeoutMs: 1_000, port });
        return;
      } catch (error) {
        last = error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new AppError('PROXY_UNAVAILABLE', `PROXY_UNAVAILABLE: Caddy's admin API did not answer on the Docker host's 127.0.0.1:${port}: ${(last as Error)?.message ?? 'timeout'}`);
  }

  /** A call to the routing Caddy's admin API, or to the front's with `port`. */
  private async admin(method: string, path: string, body?: unknown, options: { allowMissing?: boolean; missing?: unknown; timeoutMs?: number; port?: number } = {}): Promise<unknown> {
    const missing = 'missing' in options ? options.missing : null;
    const port = options.port ?? this.adminPort;
    if (port === null) throw new AppError('PROXY_UNAVAILABLE', 'PROXY_UNAVAILABLE: the Caddy proxy is not ensured yet.');
    let response: { status: number; text: string };
    try {
      response = await dialRequest({
        agent: this.agent,
        host: '127.0.0.1',
        port,
        method,
        path,
        body: body === undefined ? undefined : JSON.stringify(body),
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        timeoutMs: options.timeoutMs ?? this.callTimeoutMs,
      });
    } catch (error) {
      // A dial refused (the host's connection is down) or a stream cut mid-call (an SSH session
      // killed): either way the call ends here, with the cause, instead of waiting on a dead link.
      // A write cut mid-call may or may not have landed; the next upsert converges.
      throw new AppError('PROXY_UNAVAILABLE', `PROXY_UNAVAILABLE: Caddy's admin API could not be reached for ${method} ${path}: ${(error as Error).message}`);
    }
    const text = response.text;
    if (response.status === 404 && options.allowMissing) return missing;
    if (response.status < 200 || response.status >= 300) {
      let message = text;
      try {
        message = (JSON.parse(text) as { error?: string }).error ?? text;
      } catch {
        // Not JSON: keep the text.
      }
      if (response.status === 400 && /unknown object ID|invalid traversal path/i.test(message) && options.allowMissing) return missing;
      throw new AppError('PROXY_REFUSED', `PROXY_REFUSED: Caddy refused ${method} ${path} (${response.status}): ${message.trim().slice(0, 300)}`);
    }
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new AppError('PROXY_REFUSED', `PROXY_REFUSED: Caddy answered ${method} ${path} with something that is not JSON.`);
    }
  }
}
