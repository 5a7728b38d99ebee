// 0011: a stack's services published through the host's reverse proxy. A route names the service
// and container port, not a container: compose replaces a service's container on every recreate,
// and the proxy reconcile points the route at whichever container of the service the app created
// and runs now. `proxy_route_id` is the proxy's own key for the route (Caddy keeps the one it is
// given; Nginx Proxy Manager answers with a number of its own). Never edit once landed.
import type { Migration } from '../migrate';

export const migration0011: Migration = {
  version: 11,
  name: 'stack-routes',
  up: `
    CREATE TABLE stack_routes (
      id TEXT PRIMARY KEY,
      workload_id TEXT NOT NULL REFERENCES workloads(id) ON DELETE CASCADE,
      host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
      service TEXT NOT NULL CHECK (length(service) BETWEEN 1 AND 255),
      port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
      subdomain TEXT NOT NULL CHECK (length(subdomain) BETWEEN 1 AND 63),
      proxy_route_id TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      UNIQUE (workload_id, service, port)
    ) STRICT;
    -- One public name per host: two routes for the same name would take turns in the proxy.
    CREATE UNIQUE INDEX stack_routes_host_subdomain ON stack_routes(host_id, subdomain);
  `,
};
