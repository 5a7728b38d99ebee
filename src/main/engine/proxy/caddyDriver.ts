// The default proxy: two managed Caddy containers on the host (caddyContainers.ts says which and
// why), driven through the routing Caddy's admin API. Routes live in its one server (`tinyforge`)
// and carry an `@id`, so a route is changed in place with PATCH /id/<id>: Caddy builds the new
// config and swaps it in while requests in flight finish on the old one. Its config is autosaved to
// a volume and it runs with `--resume`, so routes survive a restart or a re-creation.
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
import { pullImage } from '../docker/pullImage';
import type { PullOptions } from '../docker/pullImage';
import type { PullAuth } from '../docker/pullImage';
import { ROUTING_SERVER, configArchive, containerName, createOptions, isCurrent } from './caddyContainers';
import type { ProxyLayout, ProxyRole } from './caddyContainers';
import type { ProxyDriver, ProxyRoute } from './proxyDriver';
import { ignoreNotFound } from '../docker/dockerErrors';

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
  pull?: Omit<PullOptions, 'onProgress' | 'auth'>;
  /** The saved login for the Caddy image's registry (a mirror of caddy in a private registry). */
  registryAuth?: (image: string) => PullAuth | null;
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
          health_checks: z
            .object({ active: z.object({ uri: z.string().optional() }).passthrough().optional() })
            .passthrough()
            .optional(),
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
  /** The front container: it holds the clients' connections (see caddyContainers.ts). */
  readonly frontName: string;
  readonly network: string;
  private readonly layout: ProxyLayout;
  private readonly dockerOf: () => Dockerode;
  /** The image both containers run (named in a deploy's error when it cannot be had). */
  readonly image: string;
  private readonly httpPort: number;
  private readonly callTimeoutMs: number;
  private readonly agent: DialAgent;
  private readonly pull: Omit<PullOptions, 'onProgress' | 'auth'>;
  private readonly registryAuth: ((image: string) => PullAuth | null) | undefined;
  /** The admin API's published port on the Docker host's loopback, once ensured. */
  private adminPort: number | null = null;
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
    this.layout = { name: this.name, image: this.image, network: this.network, httpPort: this.httpPort };
    this.callTimeoutMs = options.callTimeoutMs ?? 10_000;
    this.agent = new DialAgent(options.dial ?? localDial, `caddy admin ${this.name}`);
    this.pull = options.pull ?? {};
    this.registryAuth = options.registryAuth;
  }

  /** Network, both containers (created, started, or left running), the admin API answering. Idempotent. */
  async ensure(): Promise<void> {
    await this.ensureNetwork();
    await this.ensureContainer('routing');
    const front = await (await this.ensureContainer('front')).inspect();
    const admin = front.NetworkSettings.Ports?.['2019/tcp']?.[0]?.HostPort;
    const http = front.NetworkSettings.Ports?.['80/tcp']?.[0]?.HostPort;
    if (!admin || !http) throw new AppError('PROXY_UNAVAILABLE', `the Caddy container ${this.frontName} publishes no admin or HTTP port.`);
    this.adminPort = Number(admin);
    this.httpAddress = `127.0.0.1:${http}`;
    await this.waitForAdmin(this.adminPort);
  }

  /** Creates the route, or switches an existing one in place (one PATCH: atomic in Caddy). */
  async upsertRoute(route: ProxyRoute): Promise<ProxyRoute> {
    const id = `${ROUTE_ID_PREFIX}${route.id}`;
    // The switch of a live route is the common case: try it first, one admin call on the deploy's
    // critical path; only a route Caddy does not hold yet costs a second call.
    const patched = await this.admin('PATCH', `/id/${id}`, caddyRoute(route), { allowMissing: true, missing: NOT_HELD });
    if (patched === NOT_HELD) await this.admin('POST', `/config/apps/http/servers/${ROUTING_SERVER}/routes`, caddyRoute(route));
    return route;
  }

  async removeRoute(id: string): Promise<void> {
    await this.admin('DELETE', `/id/${ROUTE_ID_PREFIX}${id}`, undefined, { allowMissing: true });
  }

  async listRoutes(): Promise<ProxyRoute[]> {
    const raw = await this.admin('GET', `/config/apps/http/servers/${ROUTING_SERVER}/routes`, undefined, { allowMissing: true });
    const parsed = routesSchema.safeParse(raw);
    if (!parsed.success) throw new AppError('PROXY_REFUSED', `Caddy answered routes in an unexpected shape: ${parsed.error.message}`);
    return (parsed.data ?? []).map(fromCaddyRoute).filter((r): r is ProxyRoute => r !== null);
  }

  /** Joins the proxy to a workload's network so it can reach that workload's containers by name. */
  async attach(network: string): Promise<void> {
    const info = await this.docker.getContainer(this.name).inspect();
    if (info.NetworkSettings.Networks?.[network]) return;
    await this.docker.getNetwork(network).connect({ Container: this.name });
  }

  /** Leaves a network (compose's `down` cannot remove a network the proxy is still on). */
  async detach(network: string): Promise<void> {
    const info = await this.docker
      .getContainer(this.name)
      .inspect()
      .catch((error: unknown) => ignoreNotFound(error));
    if (!info?.NetworkSettings.Networks?.[network]) return;
    await this.docker
      .getNetwork(network)
      .disconnect({ Container: this.name, Force: true })
      .catch((error: unknown) => ignoreNotFound(error));
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

  /** One container of the layout: left running, started, or (missing or outdated) created. */
  private async ensureContainer(role: ProxyRole): Promise<Dockerode.Container> {
    const container = this.docker.getContainer(containerName(this.layout, role));
    try {
      const info = await container.inspect();
      if (isCurrent(this.layout, role, info)) {
        if (!info.State.Running) await container.start();
        return container;
      }
      // Another HTTP port, or an older layout: bindings and commands are fixed at creation. The
      // routing Caddy's state volume keeps its routes (and the proxy reconcile restores them).
      await container.remove({ force: true });
    } catch (error) {
      ignoreNotFound(error);
    }
    await this.ensureImage();
    const created = await this.docker.createContainer(createOptions(this.layout, role));
    const { tar, path } = await configArchive(this.layout, role);
    await created.putArchive(tar, { path });
    await created.start();
    return created;
  }

  private async ensureImage(): Promise<void> {
    try {
      await this.docker.getImage(this.image).inspect();
      return;
    } catch (error) {
      ignoreNotFound(error);
    }
    // Bounded: ensure() runs inside the single-flight proxy reconcile and every deploy's route
    // step, so a registry that accepts and then says nothing must not hang them all for good.
    await pullImage(this.docker, this.image, { ...this.pull, auth: this.registryAuth?.(this.image) ?? null });
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
    throw new AppError(
      'PROXY_UNAVAILABLE',
      `Caddy's admin API did not answer on the Docker host's 127.0.0.1:${port}: ${(last as Error)?.message ?? 'timeout'}`,
    );
  }

  /** A call to the routing Caddy's admin API, or to the front's with `port`. */
  private async admin(
    method: string,
    path: string,
    body?: unknown,
    options: { allowMissing?: boolean; missing?: unknown; timeoutMs?: number; port?: number } = {},
  ): Promise<unknown> {
    const missing = 'missing' in options ? options.missing : null;
    const port = options.port ?? this.adminPort;
    if (port === null) throw new AppError('PROXY_UNAVAILABLE', 'the Caddy proxy is not ensured yet.');
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
      throw new AppError('PROXY_UNAVAILABLE', `Caddy's admin API could not be reached for ${method} ${path}: ${(error as Error).message}`);
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
      throw new AppError('PROXY_REFUSED', `Caddy refused ${method} ${path} (${response.status}): ${message.trim().slice(0, 300)}`);
    }
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new AppError('PROXY_REFUSED', `Caddy answered ${method} ${path} with something that is not JSON.`);
    }
  }
}
