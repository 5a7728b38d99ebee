// Keeps a host's proxy in step with what the store says it should route, controller style. Desired
// state: every container row holding a proxy_route_id (the deployer's write path sets them). Each
// pass makes the proxy usable (the managed Caddy re-created or restarted if it is gone, joined to
// the workload networks again) and puts back any route that is missing or differs. A route whose
// container no longer runs is repointed to another running instance of the same stage that passes
// the stage's health check, if there is one. Stages with a deploy in flight are left to the
// deployer. Triggered after every reconcile pass of the host; single-flight.
import type Dockerode from 'dockerode';
import { isHealthyStatus } from '../docker/healthProbe';
import type { HealthProbe } from '../docker/healthProbe';
import type { DeployRepo } from '../store/deployRepo';
import type { DeployerRows, RoutedInstance, StageInstance } from '../store/deployerRows';
import type { AttachableProxy, ProxyRoute, RoutedTarget, ServiceRoutes } from './proxyDriver';

export interface ProxyReconcilerDeps {
  hostId: string;
  proxy: () => AttachableProxy;
  docker: () => Dockerode;
  rows: DeployerRows;
  /** The blue-green target (a project stage, a site) a routed row's target key names; null if none. */
  targetOf: (key: string) => RoutedTarget | null;
  deploys: DeployRepo;
  /** Routes of the host that are not blue-green targets' (stacks' published services). */
  serviceRoutes?: () => Promise<ServiceRoutes>;
  domain: () => string;
  probe: HealthProbe;
  log: (message: string) => void;
}

export interface ProxyPassResult {
  /** Routes written to the proxy (missing or different). */
  restored: string[];
  /** Routes moved to another instance of their target: [route id, from row, to row]. */
  repointed: [string, string, string][];
}

export function sameRoute(a: ProxyRoute, b: ProxyRoute): boolean {
  return a.host === b.host && a.upstream.host === b.upstream.host && a.upstream.port === b.upstream.port && (a.healthPath ?? null) === (b.healthPath ?? null);
}

export class ProxyReconciler {
  private loop: Promise<void> | null = null;
  private dirty = false;
  private closed = false;
  lastError: string | null = null;

  constructor(private readonly deps: ProxyReconcilerDeps) {}

  /** Resolves once no pass runs (the one running now, and any it was asked to repeat), without asking for one. */
  async idle(): Promise<void> {
    while (this.loop) await this.loop;
  }

  /** Asks for a pass; one asked during a pass causes exactly one more. Never rejects. */
  trigger(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.loop) {
      this.dirty = true;
      return this.loop;
    }
    this.loop = (async () => {
      await Promise.resolve();
      try {
        do {
          this.dirty = false;
          try {
            await this.pass();
            this.lastError = null;
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            // Said once per cause: a pass follows every Docker event, and the cause (a missing NPM
            // password, a proxy that is down) usually outlives many of them.
            if (message !== this.lastError) this.deps.log(`proxy reconcile of host ${this.deps.hostId} failed: ${message}`);
            this.lastError = message;
          }
        } while (this.dirty && !this.closed);
      } finally {
        this.loop = null;
      }
    })();
    return this.loop;
  }

  async pass(): Promise<ProxyPassResult> {
    const result: ProxyPassResult = { restored: [], repointed: [] };
    const { hostId, rows } = this.deps;
    // Nothing to serve: every routed container is gone and no other instance of its stage runs.
    // Bringing the proxy back then would only hold dead routes (and would re-create a Caddy that
    // someone removed along with everything it served).
    const services = (await this.deps.serviceRoutes?.()) ?? { routes: [], stray: () => false };
    const servable =
      services.routes.length > 0 ||
      rows.routed(hostId).some((r) => r.state !== 'missing' || rows.instances(r.targetKey, hostId).some((i) => i.state === 'running'));
    if (!servable) return result;
    const proxy = this.deps.proxy();
    if (proxy.kind === 'none') return result;
    await proxy.ensure();
    const present = new Map((await proxy.listRoutes()).map((r) => [r.id, r]));
    const attached = new Set<string>();
    await this.serviceRoutes(proxy, present, services, attached, result);
    // Read after the awaits above, not before: a deploy that started and switched its route while
    // they ran would otherwise be "corrected" back to its old container (which it then stops).
    const routed = rows.routed(hostId);
    const busy = this.busyTargets();
    for (const row of routed) {
      if (this.closed) break;
      if (busy.has(row.targetKey)) continue;
      const target = this.deps.targetOf(row.targetKey);
      if (!target || target.port === null) continue;
      const network = target.network;
      let serving: StageInstance = row;
      if (row.state !== 'running') serving = (await this.healthyOther(row, target)) ?? row;
      // A container that is gone has nothing to route to: its route is not put back (a proxy of
      // another kind would get a dead route); Caddy's health checks already answer 503 for it.
      if (serving.state === 'missing') continue;
      if (!attached.has(network)) {
        await proxy.attach?.(network);
        attached.add(network);
      }
      const want = target.route(row.proxyRouteId, this.deps.domain(), serving.name, target.port);
      const have = present.get(want.id);
      if (have && serving === row) {
        // The serving instance was checked with the health path of its deploy; a target edited since
        // may name a path it does not answer, and writing that here would take it out of service.
        // The next deploy (which checks the new path first) brings the route's checks up to date.
        if (have.healthPath) want.healthPath = have.healthPath;
        else delete want.healthPath;
      }
      if (!have || !sameRoute(have, want)) {
        // The probes and the attach above awaited: a deploy may have begun (or even switched) since
        // the target was read. Its route is the deployer's; checked with no await before the write.
        if (!this.stillOwns(row)) continue;
        const written = await proxy.upsertRoute(want);
        result.restored.push(written.id);
        if (serving !== row) {
          rows.moveRoute(row.id, serving.id, written.id);
          result.repointed.push([written.id, row.id, serving.id]);
          this.deps.log(`proxy: ${want.host} repointed from ${row.name} (${row.state}) to ${serving.name}`);
        }
      }
    }
    return result;
  }

  /**
   * Puts back the service routes that are missing or point elsewhere (compose recreated the
   * service's container), and, on the managed proxy only (every route there is the app's), drops
   * the ones whose record is gone. A shared proxy (npm) keeps whatever the records lack.
   */
  private async serviceRoutes(
    proxy: AttachableProxy,
    present: Map<string, ProxyRoute>,
    services: ServiceRoutes,
    attached: Set<string>,
    result: ProxyPassResult,
  ): Promise<void> {
    for (const { route, network, named } of services.routes) {
      if (this.closed) return;
      // Joined even when the route is in place: a re-created Caddy keeps its routes (its state
      // volume) but not its networks.
      if (!attached.has(network)) {
        await proxy.attach?.(network);
        attached.add(network);
      }
      const have = present.get(route.id);
      if (have && sameRoute(have, route)) continue;
      const written = await proxy.upsertRoute(route);
      if (written.id !== route.id) named(written.id);
      result.restored.push(written.id);
    }
    if (proxy.kind !== 'caddy') return;
    for (const id of present.keys()) {
      if (this.closed) return;
      if (services.stray(id)) await proxy.removeRoute(id);
    }
  }

  /** Targets of this host with a deploy running now: their routes are the deployer's to write. */
  private busyTargets(): Set<string> {
    return new Set(
      this.deps.deploys
        .running()
        .filter((d) => d.hostId === this.deps.hostId)
        .map((d) => d.targetKey),
    );
  }

  /** No deploy of the row's target runs, and the row still holds the route it held when read. */
  private stillOwns(row: RoutedInstance): boolean {
    if (this.busyTargets().has(row.targetKey)) return false;
    const now = this.deps.rows.instances(row.targetKey, this.deps.hostId).find((i) => i.id === row.id);
    return now?.proxyRouteId === row.proxyRouteId;
  }

  /** Another running instance of the target that answers its health path now, newest first. */
  private async healthyOther(row: RoutedInstance, target: RoutedTarget): Promise<StageInstance | null> {
    const network = target.network;
    const others = this.deps.rows
      .instances(target.key, this.deps.hostId)
      .filter((i) => i.id !== row.id && i.state === 'running' && i.dockerId)
      .reverse();
    for (const other of others) {
      try {
        const info = await this.deps.docker().getContainer(other.dockerId).inspect();
        if (!info.State.Running) continue;
        if (target.healthPath === null) return other;
        const ip = info.NetworkSettings.Networks?.[network]?.IPAddress;
        if (ip && isHealthyStatus(await this.deps.probe(ip, target.port!, target.healthPath))) return other;
      } catch {
        // Gone or not answering: not a candidate.
      }
    }
    return null;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.loop?.catch(() => undefined);
  }
}
