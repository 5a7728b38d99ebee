// A compose file drafted from running containers, for a foreign project whose own files cannot be
// read on the host. Pure: it works on what `docker inspect` said about each container and its image.
// It keeps what a user set (an image's own command, entrypoint, env and labels are left out, so the
// draft says only what differs), and it keeps the data: a named volume is declared `external` under
// its full Docker name, so the adopted stack mounts the very same volume instead of a new, empty one
// that compose would name after the project. Labels in compose's and the app's own namespaces are
// dropped: compose writes the first itself and the app refuses the second in a user's file.
import { Document } from 'yaml';

/** The part of `docker inspect` of a container the draft reads. */
export interface DraftContainer {
  service: string;
  config: {
    Image: string;
    Cmd?: string[] | null;
    Entrypoint?: string[] | string | null;
    Env?: string[] | null;
    Labels?: Record<string, string> | null;
    User?: string;
    WorkingDir?: string;
  };
  hostConfig: {
    PortBindings?: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null;
    RestartPolicy?: { Name?: string; MaximumRetryCount?: number } | null;
  };
  mounts: { Type?: string; Name?: string; Source?: string; Destination: string; RW?: boolean }[];
}

/** The part of `docker image inspect` the draft compares with. */
export interface DraftImage {
  Cmd?: string[] | null;
  Entrypoint?: string[] | string | null;
  Env?: string[] | null;
  Labels?: Record<string, string> | null;
  User?: string;
  WorkingDir?: string;
}

const DROPPED_LABEL = /^(com\.docker\.compose\.|tinyforge\.)/;
/** Docker names an anonymous volume with 64 hex digits. */
const ANONYMOUS_VOLUME = /^[0-9a-f]{64}$/;

/** Compose interpolates `$` in every value: a running container's literal `$` is written `$$`. */
function literal<T>(value: T): T {
  if (typeof value === 'string') return value.replace(/\$/g, '$$$$') as T;
  if (Array.isArray(value)) return value.map(literal) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, literal(v)])) as T;
  return value;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function envMap(env: string[] | null | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of env ?? []) {
    const at = entry.indexOf('=');
    if (at > 0) map.set(entry.slice(0, at), entry.slice(at + 1));
  }
  return map;
}

/** `127.0.0.1:8080:80`, `8080:80/udp`, `80` (a port published on a random host port). */
function portEntries(bindings: DraftContainer['hostConfig']['PortBindings']): string[] {
  const ports: string[] = [];
  for (const [containerPort, hosts] of Object.entries(bindings ?? {}).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) {
    const [port, proto = 'tcp'] = containerPort.split('/');
    const suffix = proto === 'tcp' ? '' : `/${proto}`;
    for (const host of hosts ?? []) {
      const ip = host.HostIp ?? '';
      const hostPort = host.HostPort ?? '';
      const target = `${port}${suffix}`;
      if (ip === '' || ip === '0.0.0.0') ports.push(hostPort === '' ? target : `${hostPort}:${target}`);
      else ports.push(`${ip.includes(':') ? `[${ip}]` : ip}:${hostPort}:${target}`);
    }
  }
  return ports;
}

export interface DraftResult {
  text: string;
  /** Full names of the named volumes the draft mounts as external. */
  volumes: string[];
}

/** A compose file that runs each service as its first container runs now (one per service). */
export function draftCompose(project: string, containers: { container: DraftContainer; image: DraftImage | null }[]): DraftResult {
  const services: Record<string, Record<string, unknown>> = {};
  const external = new Set<string>();
  for (const { container, image } of containers) {
    if (services[container.service]) continue;
    const { config, hostConfig } = container;
    const service: Record<string, unknown> = { image: config.Image };
    if (config.Entrypoint && !same(config.Entrypoint, image?.Entrypoint)) service.entrypoint = config.Entrypoint;
    // Docker resets the image's Cmd when the entrypoint changes, so a changed entrypoint keeps its command too.
    if (config.Cmd && (!same(config.Cmd, image?.Cmd) || service.entrypoint !== undefined)) service.command = config.Cmd;
    if (config.User && config.User !== (image?.User ?? '')) service.user = config.User;
    if (config.WorkingDir && config.WorkingDir !== (image?.WorkingDir ?? '')) service.working_dir = config.WorkingDir;
    const imageEnv = envMap(image?.Env);
    const environment = Object.fromEntries([...envMap(config.Env)].filter(([k, v]) => imageEnv.get(k) !== v).sort(([a], [b]) => a.localeCompare(b)));
    if (Object.keys(environment).length > 0) service.environment = environment;
    const ports = portEntries(hostConfig.PortBindings);
    if (ports.length > 0) service.ports = ports;
    const volumes: string[] = [];
    for (const m of [...container.mounts].sort((a, b) => a.Destination.localeCompare(b.Destination))) {
      const ro = m.RW === false ? ':ro' : '';
      if (m.Type === 'bind' && m.Source) volumes.push(`${m.Source}:${m.Destination}${ro}`);
      else if (m.Type === 'volume' && m.Name && !ANONYMOUS_VOLUME.test(m.Name)) {
        external.add(m.Name);
        volumes.push(`${m.Name}:${m.Destination}${ro}`);
      } else if (m.Type === 'volume') volumes.push(m.Destination);
    }
    if (volumes.length > 0) service.volumes = volumes;
    const restart = hostConfig.RestartPolicy?.Name ?? '';
    if (restart !== '' && restart !== 'no') {
      const retries = hostConfig.RestartPolicy?.MaximumRetryCount ?? 0;
      service.restart = restart === 'on-failure' && retries > 0 ? `on-failure:${retries}` : restart;
    }
    const imageLabels = image?.Labels ?? {};
    const labels = Object.fromEntries(
      Object.entries(config.Labels ?? {})
        .filter(([k, v]) => !DROPPED_LABEL.test(k) && imageLabels[k] !== v)
        .sort(([a], [b]) => a.localeCompare(b)),
    );
    if (Object.keys(labels).length > 0) service.labels = labels;
    services[container.service] = literal(service);
  }
  const sortedServices = Object.fromEntries(Object.entries(services).sort(([a], [b]) => a.localeCompare(b)));
  const body: Record<string, unknown> = { services: sortedServices };
  if (external.size > 0) body.volumes = Object.fromEntries([...external].sort().map((name) => [name, { external: true }]));
  const doc = new Document(body);
  doc.commentBefore =
    ` Drafted by Tinyforge from the running containers of compose project ${project}.\n` +
    ' Check it before the first deploy: networks, health checks, build contexts and\n' +
    ' dependencies between services cannot be read back from a container.';
  return { text: doc.toString({ lineWidth: 0 }), volumes: [...external].sort() };
}
