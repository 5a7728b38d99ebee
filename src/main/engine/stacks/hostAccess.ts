// The host-access policy: the compose options that hand a container the host (its processes,
// network, devices, root file system, Docker socket, or an unconfined kernel interface). Each is
// refused unless the stack allows host access, and listed either way. Labels in the `tinyforge.`
// namespace are refused always: the app stamps them itself and the reconciler trusts them as
// claims. Works on the interpolated file; a value that depends on a variable the `.env` does not
// set cannot be judged, so it counts as host access too (the user sets it in `.env`, or allows).
import { posix } from 'node:path';
import type { ComposeProblemCode } from '../../../shared/contract/stacks';
import type { Interpolated } from './composeInterpolation';
import type { PathKey } from './composeDocument';

export interface PolicyFinding {
  kind: 'host-access' | 'refused';
  code: ComposeProblemCode;
  path: PathKey[];
  at: 'key' | 'value';
  /** The sentence after `path: `. */
  message: string;
  params: Record<string, string | number>;
  /** The service it concerns ('' for a top-level option) and the option as the stack page lists it. */
  service: string;
  option: string;
}

/** How a string at a path was interpolated; undefined for a string without `$`. */
export type InterpolationAt = (path: readonly PathKey[]) => Interpolated | undefined;

const TICK = "tick 'allow host access' to use it";
const FALSE_WORDS = new Set(['false', '0', 'no', 'off', 'n', 'f', '']);
const NAMESPACES: Record<string, string> = {
  privileged: '',
  pid: "the host's processes",
  ipc: "the host's shared memory",
  network_mode: "the host's network stack",
  uts: "the host's name",
  userns_mode: "the host's user namespace (root in the container is root on the host)",
  cgroup: "the host's control groups",
};
const SOCKETS = ['/var/run/docker.sock', '/run/docker.sock', '/run/containerd/containerd.sock', '/var/run/containerd/containerd.sock'];
const SOCKET_NAMES = new Set(['docker.sock', 'containerd.sock', 'podman.sock']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export function checkHostAccess(data: Obj, at: InterpolationAt): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  const services = isObj(data.services) ? data.services : {};
  const topVolumes = isObj(data.volumes) ? data.volumes : {};
  const topFiles = { secrets: isObj(data.secrets) ? data.secrets : {}, configs: isObj(data.configs) ? data.configs : {} };

  const uncertain = (path: PathKey[]) => at(path)?.unresolved ?? [];
  const push = (f: Omit<PolicyFinding, 'kind'> & { kind?: PolicyFinding['kind'] }) => findings.push({ kind: 'host-access', ...f });
  const unknownValue = (service: string, path: PathKey[], atKind: 'key' | 'value', code: ComposeProblemCode, option: string, vars: string[]) =>
    push({
      service,
      path,
      at: atKind,
      code,
      option,
      params: { variables: vars.join(',') },
      message: `depends on ${vars.map((v) => `\${${v}}`).join(', ')}, which .env does not set, so the app cannot tell whether it gives the container the host; set ${vars.length > 1 ? 'them' : 'it'} in .env, or ${TICK}`,
    });

  for (const [service, svc] of Object.entries(services)) {
    if (!isObj(svc)) continue;
    const base: PathKey[] = ['services', service];

    for (const key of ['privileged', 'use_api_socket']) {
      if (!(key in svc)) continue;
      const path = [...base, key];
      const code = key === 'privileged' ? 'privileged' : 'api-socket';
      const vars = uncertain(path);
      if (vars.length > 0) unknownValue(service, path, 'key', code, key, vars);
      else if (truthy(svc[key])) {
        const what =
          key === 'privileged'
            ? 'gives the container full control of the host'
            : 'gives the container the Docker API socket, which controls every container on the host';
        push({ service, path, at: 'key', code, option: key, params: {}, message: `${what}; ${TICK}` });
      }
    }

    for (const key of Object.keys(NAMESPACES).filter((k) => k !== 'privileged')) {
      const value = svc[key];
      if (typeof value !== 'string') continue;
      const path = [...base, key];
      const vars = uncertain(path);
      if (vars.length > 0) unknownValue(service, path, 'key', 'namespace-host', `${key}: ${value}`, vars);
      else if (value.trim().toLowerCase() === 'host') {
        push({
          service,
          path,
          at: 'key',
          code: 'namespace-host',
          option: `${key}: host`,
          params: { option: key },
          message: `shares ${NAMESPACES[key]} with the container; ${TICK}`,
        });
      }
    }

    eachString(svc.cap_add, [...base, 'cap_add'], (entry, path) => {
      const cap = entry.trim().toUpperCase().replace(/^CAP_/, '');
      const vars = uncertain(path);
      if (vars.length > 0) unknownValue(service, path, 'value', 'capability', `cap_add: ${entry}`, vars);
      else if (cap === 'SYS_ADMIN' || cap === 'ALL') {
        push({
          service,
          path,
          at: 'value',
          code: 'capability',
          option: `cap_add: ${entry}`,
          params: { capability: cap },
          message: `${cap === 'ALL' ? 'every capability' : 'SYS_ADMIN'} gives the container administrator rights over the host; ${TICK}`,
        });
      }
    });

    if (Array.isArray(svc.devices)) {
      svc.devices.forEach((entry, i) => {
        const device = typeof entry === 'string' ? entry : isObj(entry) ? String(entry.source) : JSON.stringify(entry);
        push({
          service,
          path: [...base, 'devices', i],
          at: 'value',
          code: 'device',
          option: `devices: ${device}`,
          params: { device },
          message: `gives the container the host device ${device}; ${TICK}`,
        });
      });
    }

    eachString(svc.security_opt, [...base, 'security_opt'], (entry, path) => {
      const vars = uncertain(path);
      if (vars.length > 0) return unknownValue(service, path, 'value', 'security-opt', `security_opt: ${entry}`, vars);
      const [rawKey = '', ...rest] = entry.trim().toLowerCase().split(/[:=]/);
      const value = rest.join(':');
      const unconfined =
        (['seccomp', 'apparmor', 'systempaths'].includes(rawKey) && value === 'unconfined') ||
        (rawKey === 'label' && (value === 'disable' || value.includes('spc_t')));
      if (unconfined) {
        push({
          service,
          path,
          at: 'value',
          code: 'security-opt',
          option: `security_opt: ${entry}`,
          params: { option: entry },
          message: `turns off the kernel's confinement of the container (${rawKey}); ${TICK}`,
        });
      }
    });

    if (Array.isArray(svc.volumes)) {
      svc.volumes.forEach((entry, i) => {
        const path: PathKey[] = [...base, 'volumes', i];
        if (typeof entry === 'string') {
          const option = `volumes: ${entry}`;
          const source = shortSource(entry);
          // An unknown variable in the source could be anything, `/` included; in the target it is harmless.
          if (source === undefined || source.includes('$')) {
            const vars = uncertain(path);
            if (vars.length > 0) return bindUnknown(service, path, option, vars);
          }
          // One part is an anonymous volume at a container path: nothing of the host.
          if (source === undefined) return;
          if (isHostPath(source)) bindFinding(service, path, option, source);
          else namedVolume(service, path, option, source);
        } else if (isObj(entry)) {
          const sourcePath = [...path, 'source'];
          const source = typeof entry.source === 'string' ? entry.source : undefined;
          if (source === undefined) return;
          const option = `volumes: ${String(entry.type)} ${source}`;
          const vars = uncertain(sourcePath);
          if (vars.length > 0) return bindUnknown(service, sourcePath, option, vars);
          if (entry.type === 'bind') bindFinding(service, sourcePath, option, source);
          else if (entry.type === 'volume') namedVolume(service, sourcePath, option, source);
        }
      });
    }

    for (const kind of ['secrets', 'configs'] as const) {
      if (!Array.isArray(svc[kind])) continue;
      (svc[kind] as unknown[]).forEach((entry, i) => {
        const name = typeof entry === 'string' ? entry : isObj(entry) && typeof entry.source === 'string' ? entry.source : undefined;
        const def = name === undefined ? undefined : topFiles[kind][name];
        if (!isObj(def) || typeof def.file !== 'string') return;
        const filePath: PathKey[] = [kind, name!, 'file'];
        const vars = uncertain(filePath);
        const option = `${kind}: ${name} (${def.file})`;
        if (vars.length > 0) return bindUnknown(service, [...base, kind, i], option, vars);
        const danger = classifyHostPath(def.file);
        if (danger)
          push({
            service,
            path: [...base, kind, i],
            at: 'value',
            option,
            ...danger,
            message: `mounts ${kind.slice(0, -1)} ${name}, whose file ${danger.message}`,
          });
      });
    }

    if (isObj(svc.extends) && typeof svc.extends.file === 'string') {
      const file = svc.extends.file;
      push({
        service,
        path: [...base, 'extends', 'file'],
        at: 'value',
        code: 'outside-file',
        option: `extends: ${file}`,
        params: { file },
        message: `reads ${file}, a compose file the app cannot check; ${TICK}`,
      });
    }

    labelFindings(findings, service, svc.labels, [...base, 'labels'], at);
    if (isObj(svc.deploy)) labelFindings(findings, service, svc.deploy.labels, [...base, 'deploy', 'labels'], at);
    // An image's labels become its containers' labels.
    if (isObj(svc.build)) labelFindings(findings, service, svc.build.labels, [...base, 'build', 'labels'], at);
  }

  for (const kind of ['networks', 'volumes'] as const) {
    const defs = data[kind];
    if (!isObj(defs)) continue;
    for (const [name, def] of Object.entries(defs)) if (isObj(def)) labelFindings(findings, '', def.labels, [kind, name, 'labels'], at);
  }

  if (Array.isArray(data.include)) {
    data.include.forEach((entry, i) => {
      const file = typeof entry === 'string' ? entry : isObj(entry) ? JSON.stringify(entry.path) : String(entry);
      push({
        service: '',
        path: ['include', i],
        at: 'value',
        code: 'outside-file',
        option: `include: ${file}`,
        params: { file },
        message: `brings in ${file}, a compose file the app cannot check; ${TICK}`,
      });
    });
  }
  return findings;

  function bindUnknown(service: string, path: PathKey[], option: string, vars: string[]) {
    push({
      service,
      path,
      at: 'value',
      code: 'bind-unknown',
      option,
      params: { variables: vars.join(',') },
      message: `the host path depends on ${vars.map((v) => `\${${v}}`).join(', ')}, which .env does not set, so the app cannot check it; set ${vars.length > 1 ? 'them' : 'it'} in .env, or ${TICK}`,
    });
  }

  function bindFinding(service: string, path: PathKey[], option: string, source: string) {
    const danger = classifyHostPath(source);
    if (danger) push({ service, path, at: 'value', option, ...danger, message: `binds ${danger.message}` });
  }

  /** A named volume of the local driver can itself be a bind (`o: bind`, `device: /`). */
  function namedVolume(service: string, path: PathKey[], option: string, name: string) {
    const def = topVolumes[name];
    if (!isObj(def) || !isObj(def.driver_opts)) return;
    const opts = def.driver_opts;
    const o = typeof opts.o === 'string' ? opts.o.split(',').map((s) => s.trim()) : [];
    if (!o.includes('bind') && !o.includes('rbind')) return;
    if (typeof opts.device !== 'string') return;
    const vars = uncertain(['volumes', name, 'driver_opts', 'device']);
    if (vars.length > 0) return bindUnknown(service, path, option, vars);
    const danger = classifyHostPath(opts.device);
    if (danger) push({ service, path, at: 'value', option, ...danger, message: `mounts volume ${name}, whose device binds ${danger.message}` });
  }
}

function eachString(list: unknown, path: PathKey[], fn: (entry: string, path: PathKey[]) => void) {
  if (!Array.isArray(list)) return;
  list.forEach((entry, i) => {
    if (typeof entry === 'string') fn(entry, [...path, i]);
  });
}

/** The part of `SOURCE:TARGET[:MODE]` before the first colon outside a `${...}`; none for a bare target. */
function shortSource(entry: string): string | undefined {
  let depth = 0;
  for (let i = 0; i < entry.length; i++) {
    if (entry[i] === '$' && entry[i + 1] === '{') {
      depth++;
      i++;
    } else if (entry[i] === '}' && depth > 0) depth--;
    else if (entry[i] === ':' && depth === 0) return entry.slice(0, i);
  }
  return undefined;
}

function truthy(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  // Compose casts strings itself; anything that is not plainly false is treated as true.
  if (typeof value === 'string') return !FALSE_WORDS.has(value.trim().toLowerCase());
  return false;
}

/** A short-syntax volume source that compose reads as a host path rather than a volume name. */
function isHostPath(source: string): boolean {
  return source.startsWith('/') || source.startsWith('.') || source.startsWith('~');
}

/**
 * Whether a host path hands over the host: `/` itself, a container runtime's socket, a folder that
 * holds one (`/var/run`), or a relative path that climbs out of the stack's folder (compose reads
 * it from there, so `../../..` can reach `/`). Normalised first: `/var/run/../../` is `/`.
 */
export function classifyHostPath(raw: string): { code: ComposeProblemCode; params: Record<string, string>; message: string } | undefined {
  const source = raw.trim();
  if (source === '') return undefined;
  if (source.startsWith('/')) {
    const path = posix.normalize(source).replace(/\/+$/, '') || '/';
    if (path === '/') return { code: 'bind-root', params: { source }, message: `the host's whole file system (${source}) into the container; ${TICK}` };
    if (SOCKET_NAMES.has(posix.basename(path)) || SOCKETS.includes(path)) {
      return { code: 'bind-socket', params: { source }, message: `${source}, which controls every container on the host; ${TICK}` };
    }
    if (SOCKETS.some((s) => s.startsWith(`${path}/`))) {
      return { code: 'bind-socket', params: { source }, message: `${source}, which holds the host's Docker socket; ${TICK}` };
    }
    return undefined;
  }
  // `~` is a home folder: climbing above it leaves the user's own files.
  const relative = source.startsWith('~') ? source.replace(/^~[^/]*/, '.') : source;
  const normal = posix.normalize(relative);
  if (normal === '..' || normal.startsWith('../')) {
    return {
      code: 'bind-outside-folder',
      params: { source },
      message: `${source}, which climbs out of ${source.startsWith('~') ? 'the home folder' : "the stack's folder"}; ${TICK}`,
    };
  }
  return undefined;
}

function labelFindings(findings: PolicyFinding[], service: string, labels: unknown, path: PathKey[], at: InterpolationAt) {
  const refuse = (label: string, labelPath: PathKey[], atKind: 'key' | 'value') =>
    findings.push({
      kind: 'refused',
      code: 'app-label',
      path: labelPath,
      at: atKind,
      service,
      option: `labels: ${label}`,
      params: { label },
      message: `labels under "tinyforge." belong to the app, which sets its own; remove ${label}`,
    });
  const ours = (key: string) => key.trim().toLowerCase().startsWith('tinyforge.');
  if (isObj(labels)) {
    // Compose does not interpolate keys: what is written is the label.
    for (const key of Object.keys(labels)) if (ours(key)) refuse(key, [...path, key], 'key');
  } else if (Array.isArray(labels)) {
    labels.forEach((entry, i) => {
      if (typeof entry !== 'string') return;
      const info = at([...path, i]);
      // On a host without the variable, `${UNSET}tinyforge.x=1` is the label tinyforge.x.
      const keys = [entry, info?.valueIfUnset ?? entry].map((e) => e.split('=')[0] ?? '');
      const key = keys.find(ours);
      if (key !== undefined) refuse(key.trim(), [...path, i], 'value');
    });
  }
}
