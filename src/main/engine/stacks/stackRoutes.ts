// A stack's services published through the host's reverse proxy. A route names a service and a
// container port; which container it reaches is decided on every proxy pass, from the app's own
// records: a running container of the service that the app's compose run created (labels are
// claims: a container that only carries the stack's labels is never routed to). So the route follows
// the service when compose recreates its container, and comes back with the managed Caddy.
import type Dockerode from 'dockerode';
import { AppError } from '../../../shared/errors';
import type { StackRouteView, StackView, WorkloadView } from '../../../shared/types';
import { LABEL } from '../docker/labels';
import type { AttachableProxy, ProxyRoute, ServiceRoute, ServiceRoutes } from '../proxy/proxyDriver';
import { sameRoute } from '../proxy/proxyReconciler';
import type { StackRouteRepo, StackRouteRow } from '../store/stackRouteRepo';
import { publicNameHolder } from '../proxy/publicNames';
import { checkStackFiles } from './composeChecks';

/** The prefix of every stack route's id the app makes: how the managed proxy tells a stray one of ours. */
const ROUTE_ID_PREFIX = 'stack-';
/** Networks a proxy cannot join to reach a container by name. */
const UNJOINABLE = new Set(['host', 'none', 'bridge']);

export interface StackRoutesDeps {
  hostId: string;
  routes: StackRouteRepo;
  docker: () => Dockerode;
  /** The host's proxy kind as its settings say (no driver is built to know it). */
  proxyKind: () => 'caddy' | 'npm' | 'none';
  proxy: () => AttachableProxy;
  domain: () => string;
  stack: (workloadId: string) => StackView;
  /** Every workload of the host: stages' public names are taken too. */
  workloads: () => WorkloadView[];
  /** Runs a proxy pass now and waits for it. */
  reconcileProxy: () => Promise<void>;
  /** Waits for the proxy pass running now, if any, without asking for one. */
  proxyIdle: () => Promise<void>;
  /** An operation runs on the stack now: its containers come and go, and its routes wait for it. */
  busy: (workloadId: string) => boolean;
}

type Target = { route: ProxyRoute; network: string } | { unreachable: true } | null;

export class StackRoutes {
  constructor(private readonly deps: StackRoutesDeps) {}

  /** The stack's published services, each with what its route reaches now. */
  async list(workloadId: string): Promise<StackRouteView[]> {
    const rows = this.deps.routes.ofStack(workloadId);
    if (rows.length === 0) return [];
    const kind = this.deps.proxyKind();
    let held: Map<string, ProxyRoute> | null = null;
    if (kind !== 'none') {
      try {
        held = new Map((await this.deps.proxy().listRoutes()).map((r) => [r.id, r]));
      } catch {
        held = null;
      }
    }
    const views: StackRouteView[] = [];
    for (const row of rows) {
      const target = await this.target(row).catch(() => null);
      const view: StackRouteView = {
        id: row.id,
        service: row.service,
        port: row.port,
        subdomain: row.subdomain,
        host: this.host(row),
        upstream: null,
        state: 'waiting',
      };
      if (kind === 'none') view.state = 'no-proxy';
      else if (target && 'unreachable' in target) view.state = 'unreachable';
      else if (target) {
        view.upstream = target.route.upstream.host;
        const have = held?.get(row.proxyRouteId);
        if (held === null) view.state = 'proxy-down';
        else view.state = have && sameRoute(have, target.route) ? 'routed' : 'pending';
      }
      views.push(view);
    }
    return views;
  }

  /**
   * Publishes `service:port` as `<subdomain>.<domain>`: checked first (a service the saved file
   * declares, a name nobody on the host holds, a host with a proxy), recorded, then routed by a proxy
   * pass, which this waits for.
   */
  async publish(workloadId: string, input: { service: string; port: number; subdomain: string }): Promise<StackRouteView[]> {
    const stack = this.deps.stack(workloadId);
    if (this.deps.proxyKind() === 'none') {
      throw new AppError(
        'PROXY_UNAVAILABLE',
        `host ${stack.hostId} has no reverse proxy: choose Caddy or Nginx Proxy Manager in its proxy settings first. Nothing was published.`,
        {
          hostId: stack.hostId,
        },
      );
    }
    const declared = checkStackFiles({ ...stack, allowHostAccess: true }).services;
    if (!declared.includes(input.service)) {
      throw new AppError('VALIDATION', `the stack's saved compose file has no service ${input.service}; nothing was published.`, undefined, [
        { path: 'service', message: `must be one of ${declared.join(', ') || 'the services of the saved file'}` },
      ]);
    }
    const host = this.host(input);
    const holder = publicNameHolder({ workloads: { list: () => this.deps.workloads() }, stackRoutes: this.deps.routes }, this.deps.hostId, input.subdomain, {
      workloadId,
    });
    if (holder) {
      throw new AppError('CONFLICT', `${host} is already the public name of ${holder}; choose another subdomain. Nothing was published.`, { host }, [
        { path: 'subdomain', message: 'is taken on this host' },
      ]);
    }
    this.deps.routes.add({ workloadId, hostId: this.deps.hostId, ...input });
    await this.deps.reconcileProxy();
    return this.list(workloadId);
  }

  /** Takes a published service off the proxy, then forgets it; a proxy that refuses changes nothing. */
  async unpublish(workloadId: string, routeId: string): Promise<StackRouteView[]> {
    this.deps.stack(workloadId);
    const row = this.deps.routes.require(workloadId, routeId);
    if (this.deps.proxyKind() !== 'none') await this.deps.proxy().removeRoute(row.proxyRouteId);
    this.deps.routes.remove(row.id);
    return this.list(workloadId);
  }

  /**
   * Before a stack is deleted: its routes leave the proxy. A proxy that cannot be reached does not
   * hold up the delete (the stack has no containers left to serve): the managed proxy's next pass
   * drops the strays, and what a shared proxy keeps is said in the log.
   */
  async forget(workloadId: string, log: (message: string) => void): Promise<void> {
    if (this.deps.proxyKind() === 'none') return;
    for (const row of this.deps.routes.ofStack(workloadId)) {
      await this.deps
        .proxy()
        .removeRoute(row.proxyRouteId)
        .catch((error: unknown) =>
          log(`could not remove ${this.host(row)} from the proxy of host ${this.deps.hostId}: ${error instanceof Error ? error.message : String(error)}`),
        );
    }
  }

  /** What the proxy pass should hold for the host's stacks. */
  async desired(): Promise<ServiceRoutes> {
    const rows = this.deps.routes.ofHost(this.deps.hostId);
    const ids = new Set(rows.map((r) => r.proxyRouteId));
    const routes: ServiceRoute[] = [];
    for (const row of rows) {
      if (this.deps.busy(row.workloadId)) continue;
      const target = await this.target(row);
      if (!target || 'unreachable' in target) continue;
      routes.push({ ...target, named: (id) => this.deps.routes.setProxyId(row.id, id) });
    }
    return { routes, stray: (id) => id.startsWith(ROUTE_ID_PREFIX) && !ids.has(id) };
  }

  /**
   * Takes the managed proxy off the compose project's networks, so `down` can remove them (Docker
   * refuses to remove a network with a container still on it).
   */
  async releaseNetworks(project: string): Promise<void> {
    if (this.deps.proxyKind() !== 'caddy') return;
    const proxy = this.deps.proxy();
    if (!proxy.detach) return;
    // A pass that began before the operation was recorded may still join a network: it ends first.
    // Any pass after it sees the stack busy and leaves its routes alone.
    await this.deps.proxyIdle();
    const networks = await this.deps.docker().listNetworks({ filters: { label: [`${LABEL.composeProject}=${project}`] } });
    for (const network of networks) await proxy.detach(network.Name);
  }

  /** The route a row should have now: to its service's newest running container of the app's, on a network the proxy can join. */
  private async target(row: StackRouteRow): Promise<Target> {
    const stack = this.deps.stack(row.workloadId);
    for (const container of this.deps.routes.serving(this.deps.hostId, row.workloadId, row.service)) {
      const info = await this.deps
        .docker()
        .getContainer(container.dockerId)
        .inspect()
        .catch(() => null);
      if (!info?.State.Running) continue;
      const joinable = Object.keys(info.NetworkSettings.Networks ?? {}).filter((n) => !UNJOINABLE.has(n));
      if (joinable.length === 0) return { unreachable: true };
      const network = joinable.includes(`${stack.composeProjectName}_default`) ? `${stack.composeProjectName}_default` : joinable.sort()[0]!;
      return {
        network,
        route: { id: row.proxyRouteId, host: this.host(row), upstream: { host: info.Name.replace(/^\//, ''), port: row.port } },
      };
    }
    return null;
  }

  private host(row: Pick<StackRouteRow, 'subdomain'>): string {
    return `${row.subdomain}.${this.deps.domain()}`;
  }
}
