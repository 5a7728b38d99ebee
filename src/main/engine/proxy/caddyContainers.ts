// The managed proxy's two containers, as Docker creates them. Two, because of two hazards of a
// single Caddy:
// - Caddy applies any config change by starting new servers, and Caddy 2.6 rebinds their ports with
//   SO_REUSEPORT, so the kernel resets a client connection still queued on the old socket during
//   the ~2 ms of the swap: with one Caddy, about one fresh connection per ten route switches failed.
// - Caddy must join every workload network to reach its upstreams, and its admin API (0.0.0.0:2019
//   in the images) would then be open to every container deployed, which could rewrite every route.
// So: the routing Caddy (`<name>`) holds the routes, joins the workload networks, is reloaded on
// every switch, and listens for admin calls on a unix socket only, in a volume it shares with the
// front. The front (`<name>-front`) publishes the HTTP port and, on the Docker host's loopback, an
// admin port that it passes to that socket; it never joins a workload network, its config is a
// file written once, and its own admin API is off, so it never reloads. What a reload of the
// routing Caddy costs the front (an idle pooled connection closed, a new one reset while queued) it
// retries itself (GET requests, and any request whose connection never opened).
import type Dockerode from 'dockerode';
import { pack } from 'tar-stream';
import { LABEL } from '../docker/labels';

/** The Host the front sends with admin calls; the routing Caddy's admin API accepts only it. */
const ADMIN_HOST = 'tinyforge-admin';
const ADMIN_DIR = '/run/tinyforge-admin';
const ADMIN_SOCKET = `unix/${ADMIN_DIR}/admin.sock`;
/** Exists in Caddy's images (the official one keeps its Caddyfile there). */
const CONFIG_DIR = '/etc/caddy';
const ROUTING_CONFIG = 'tinyforge-routing.json';
const FRONT_CONFIG = 'tinyforge-front.json';
/** The routing Caddy's server that holds the routes. */
export const ROUTING_SERVER = 'tinyforge';

export interface ProxyLayout {
  /** The routing container; the front is `<name>-front`. */
  name: string;
  image: string;
  network: string;
  /** Host port for plain HTTP (0: any free port on 127.0.0.1, for tests). */
  httpPort: number;
}

export type ProxyRole = 'routing' | 'front';

export const containerName = (layout: ProxyLayout, role: ProxyRole) => (role === 'front' ? `${layout.name}-front` : layout.name);

export function routingConfig() {
  return {
    admin: { listen: ADMIN_SOCKET, origins: [ADMIN_HOST] },
    apps: { http: { servers: { [ROUTING_SERVER]: { listen: [':80'], routes: [], automatic_https: { disable: true } } } } },
  };
}

export function frontConfig(routingName: string) {
  const proxyTo = (dial: string, extra: Record<string, unknown> = {}) => ({ handler: 'reverse_proxy', upstreams: [{ dial }], ...extra });
  return {
    admin: { disabled: true },
    apps: {
      http: {
        servers: {
          front: {
            listen: [':80'],
            automatic_https: { disable: true },
            routes: [{ handle: [proxyTo(`${routingName}:80`, { load_balancing: { try_duration: '5s', try_interval: '20ms' } })] }],
          },
          admin: {
            listen: [':2019'],
            automatic_https: { disable: true },
            // The socket is re-created on each reload of the routing Caddy: a dial that finds it
            // missing for that instant is tried again.
            routes: [
              {
                handle: [
                  proxyTo(ADMIN_SOCKET, {
                    headers: { request: { set: { Host: [ADMIN_HOST] } } },
                    load_balancing: { try_duration: '3s', try_interval: '20ms' },
                  }),
                ],
              },
            ],
          },
        },
      },
    },
  };
}

/** How a container of the layout is created (not started: its config file goes in first). */
export function createOptions(layout: ProxyLayout, role: ProxyRole): Dockerode.ContainerCreateOptions {
  const front = role === 'front';
  const config = `${CONFIG_DIR}/${front ? FRONT_CONFIG : ROUTING_CONFIG}`;
  return {
    name: containerName(layout, role),
    Image: layout.image,
    Labels: { [LABEL.managed]: 'true', [LABEL.role]: 'proxy' },
    // The routing Caddy resumes its saved config (routes survive a restart); the front's config is
    // its file, always.
    Cmd: front ? ['/usr/bin/caddy', 'run', '--config', config] : ['/usr/bin/caddy', 'run', '--resume', '--config', config],
    ExposedPorts: front ? { '80/tcp': {}, '2019/tcp': {} } : {},
    HostConfig: {
      PortBindings: front
        ? {
            '80/tcp': [{ HostIp: layout.httpPort === 0 ? '127.0.0.1' : '', HostPort: layout.httpPort === 0 ? '' : String(layout.httpPort) }],
            // Admin calls: from this machine (or through the SSH connection) only.
            '2019/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
          }
        : {},
      RestartPolicy: { Name: 'unless-stopped' },
      Mounts: [
        { Type: 'volume', Source: `${layout.name}-admin`, Target: ADMIN_DIR },
        ...(front ? [] : [{ Type: 'volume' as const, Source: `${layout.name}-state`, Target: '/config' }]),
      ],
      NetworkMode: layout.network,
    },
  };
}

/**
 * Whether an existing container is the one createOptions would make now: a front bound to another
 * HTTP port, or a container from an older layout (another command), is re-created.
 */
export function isCurrent(layout: ProxyLayout, role: ProxyRole, info: Dockerode.ContainerInspectInfo): boolean {
  const want = createOptions(layout, role);
  if (JSON.stringify(info.Config.Cmd ?? []) !== JSON.stringify(want.Cmd)) return false;
  if (role === 'routing') return true;
  // @types/dockerode types PortBindings as `any`; this is the shape the Engine API documents.
  const bindings = info.HostConfig.PortBindings as Record<string, { HostPort?: string }[] | null> | undefined;
  const bound = bindings?.['80/tcp']?.[0]?.HostPort ?? '';
  return layout.httpPort === 0 || bound === String(layout.httpPort);
}

/** The tar archive Docker's archive API takes: one JSON config file for CONFIG_DIR. */
export async function configArchive(layout: ProxyLayout, role: ProxyRole): Promise<{ tar: Buffer; path: string }> {
  const body = JSON.stringify(role === 'front' ? frontConfig(layout.name) : routingConfig());
  const tar = pack();
  tar.entry({ name: role === 'front' ? FRONT_CONFIG : ROUTING_CONFIG, mode: 0o644 }, body);
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of tar) chunks.push(chunk as Buffer);
  return { tar: Buffer.concat(chunks), path: CONFIG_DIR };
}
