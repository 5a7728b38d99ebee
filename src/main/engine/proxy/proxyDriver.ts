// What the deployer asks of a reverse proxy: route one host name to one upstream, switch that
// upstream in place, and forget the route. Three drivers implement it: the managed Caddy container
// (caddyDriver.ts, the default), an existing Nginx Proxy Manager (npmDriver.ts) and none.
//
// "Atomic", which every upsertRoute of an existing route must be (DESIGN.md, proxy): before the call
// resolves, requests for the host go to the old upstream; after it, to the new one; at no instant is
// the host unrouted, and no request in flight is cut. The deployer relies on it to drain and stop the
// old container right after the switch. What each driver does to keep that promise:
// - caddy: one admin-API PATCH of the route, found by its `@id`. Caddy builds the new config beside
//   the running one and swaps it in; requests in flight finish on the old config.
// - npm: one PUT /api/nginx/proxy-hosts/:id. NPM rewrites that host's server block and runs
//   `nginx -s reload`, which is graceful: new workers take new connections with the new config while
//   the old workers finish theirs. Never DELETE then POST: between the two, the host name would fall
//   through to NPM's default site.
// - none: there is no proxy; nothing to switch.

/** One host name routed to one upstream. */
export interface ProxyRoute {
  /**
   * The driver's key for the route. Store the id upsertRoute returns and pass it back next time:
   * caddy keeps the id it was given; npm answers with NPM's numeric proxy-host id as a string and
   * treats an id it does not know (empty, or not a number) as a route still to be created.
   */
  id: string;
  /** A fully qualified host name, e.g. api.example.com. */
  host: string;
  /** A container name or IP on the proxy's network, and the port it listens on (plain HTTP). */
  upstream: { host: string; port: number };
  /**
   * The stage's health path: a driver that can (caddy) keeps probing the upstream with it and stops
   * sending traffic to an instance that fails. Absent: no health checks.
   */
  healthPath?: string;
}

/**
 * What the proxy needs of a blue-green target (a project stage, a site) to route it: the key its
 * instance rows carry, the network and port its instances listen on, their health path, and the
 * route an instance gets. The runner's targets are these and more.
 */
export interface RoutedTarget {
  key: string;
  network: string;
  /** The container port routed to; null: nothing is routed. */
  port: number | null;
  healthPath: string | null;
  /** The route `routeId` to `upstream:port` under `domain`. */
  route(routeId: string, domain: string, upstream: string, port: number): ProxyRoute;
}

/**
 * A route the proxy must hold besides the blue-green targets' ones: a stack's published service,
 * pointed at whichever of its containers the app created and runs now.
 */
export interface ServiceRoute {
  route: ProxyRoute;
  /** The network the proxy joins to reach `route.upstream.host` by name. */
  network: string;
  /** The proxy named the route with a key of its own (NPM): keep it for the next write. */
  named(proxyRouteId: string): void;
}

/** The service routes of a host as a pass needs them. */
export interface ServiceRoutes {
  /** The routes that have a container to point at now. */
  routes: ServiceRoute[];
  /** A route the proxy holds under an id of this kind that no record names any more (its stack went): the managed proxy drops it. */
  stray(routeId: string): boolean;
}

export interface ProxyDriver {
  readonly kind: 'caddy' | 'npm' | 'none';
  /** Makes the proxy usable (caddy: container and server up; npm: reachable, a 2.x, logged in). Idempotent. */
  ensure(): Promise<void>;
  /** Creates the route, or switches an existing one atomically (see above). Resolves with the stored route. */
  upsertRoute(route: ProxyRoute): Promise<ProxyRoute>;
  /** Removes the route; a route that is already gone is not an error. */
  removeRoute(id: string): Promise<void>;
  /**
   * The routes the proxy holds. On a shared proxy (npm) that includes routes the app did not create:
   * match them by the ids you stored, and never remove a route because your records lack it.
   */
  listRoutes(): Promise<ProxyRoute[]>;
  /** Cancels requests in flight and releases what the driver holds; the driver is unusable after. */
  close(): Promise<void>;
}

/** The driver for "no proxy": workloads are reached on their published ports. No I/O at all. */
export class NoneProxyDriver implements ProxyDriver {
  readonly kind = 'none' as const;

  async ensure(): Promise<void> {}

  async upsertRoute(route: ProxyRoute): Promise<ProxyRoute> {
    return { id: route.id, host: route.host, upstream: { host: route.upstream.host, port: route.upstream.port } };
  }

  async removeRoute(_id: string): Promise<void> {}

  async listRoutes(): Promise<ProxyRoute[]> {
    return [];
  }

  async close(): Promise<void> {}
}

/**
 * A driver as the engine holds it: one that, like Caddy's, may have to join a workload's network to
 * reach its containers, and names the image it runs when it runs one (for errors).
 */
export type AttachableProxy = ProxyDriver & {
  /** Joins the proxy (the managed Caddy) to a network, so it reaches the containers there by name. */
  attach?(network: string): Promise<void>;
  /** Leaves a network, so whoever owns it (compose's `down`) can remove it. */
  detach?(network: string): Promise<void>;
  readonly image?: string;
};
