// A container's detail from one `docker inspect`: the pure mapping (dates, exit reason, health log,
// ports, mounts, networks) and the secret-aware environment. The handler does the I/O.
import type Dockerode from 'dockerode';
import type { ContainerDetail, ContainerEnvEntry, ExitReason } from '../../../shared/containerDetail';
import type { ContainerView } from '../../../shared/types';
import { isSecretEnvKey, splitEnv } from './secretEnv';

/** Docker's zero time (`0001-01-01T00:00:00Z`) means "never". */
export function dockerTime(value: string | undefined | null): number | null {
  if (!value || value.startsWith('0001-')) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

const SIGNALS: Record<number, string> = {
  1: 'SIGHUP',
  2: 'SIGINT',
  3: 'SIGQUIT',
  4: 'SIGILL',
  6: 'SIGABRT',
  8: 'SIGFPE',
  9: 'SIGKILL',
  11: 'SIGSEGV',
  13: 'SIGPIPE',
  14: 'SIGALRM',
  15: 'SIGTERM',
};

/**
 * Why a stopped container stopped. OOM first: the kernel's kill also reads as 137 (SIGKILL). A
 * code above 128 is a signal by the shell convention Docker follows; 0 and other codes are the
 * process's own. Null while running or never started.
 */
export function exitReason(state: { Running?: boolean; OOMKilled?: boolean; ExitCode?: number; FinishedAt?: string; StartedAt?: string }): ExitReason | null {
  if (state.Running) return null;
  if (state.OOMKilled) return { kind: 'oom' };
  if (dockerTime(state.StartedAt) === null || dockerTime(state.FinishedAt) === null) return null;
  const code = state.ExitCode ?? 0;
  if (code > 128 && code < 160) return { kind: 'signal', signal: code - 128, name: SIGNALS[code - 128] ?? null };
  return { kind: 'code', code };
}

/** Environment entries in Docker's order; a secret-looking key carries no value. */
export function envEntries(env: readonly string[] | undefined): ContainerEnvEntry[] {
  return (env ?? []).map((entry) => {
    const { key, value } = splitEnv(entry);
    const secret = isSecretEnvKey(key);
    return { key, value: secret ? null : value, secret };
  });
}

/** One variable's value as Docker has it now; undefined when the container has no such key. */
export function envValue(env: readonly string[] | undefined, key: string): string | undefined {
  for (const entry of env ?? []) {
    const split = splitEnv(entry);
    if (split.key === key) return split.value;
  }
  return undefined;
}

/** The most health-check runs shown, and the longest output kept of each (Docker keeps 5 runs of up to 4 KiB). */
const HEALTH_OUTPUT_CHARS = 4_096;

/**
 * The digest the container's image was pulled as: the reference itself when it names one, else the
 * image's repo digest for the same repository (an image built or imported here has none).
 */
export function imageDigest(imageRef: string, repoDigests: readonly string[]): string | null {
  if (imageRef.includes('@sha256:')) return imageRef;
  // `registry:5000/team/api:1.2` -> `registry:5000/team/api`: a colon after the last slash is the tag's.
  const slash = imageRef.lastIndexOf('/');
  const colon = imageRef.lastIndexOf(':');
  const repository = colon > slash ? imageRef.slice(0, colon) : imageRef;
  return repoDigests.find((d) => d.startsWith(`${repository}@`)) ?? null;
}

export function toContainerDetail(row: ContainerView, info: Dockerode.ContainerInspectInfo, repoDigests: readonly string[] = []): ContainerDetail {
  const state = info.State as Dockerode.ContainerInspectInfo['State'] & { Health?: { Status: string; FailingStreak: number; Log?: HealthLogEntry[] } };
  const health = state.Health;
  const imageRef = info.Config?.Image ?? row.image;
  const published = info.NetworkSettings?.Ports ?? {};
  const ports = Object.entries(published)
    .flatMap(([spec, bindings]) => {
      const [port, protocol = 'tcp'] = spec.split('/');
      const containerPort = Number(port);
      if (!bindings || bindings.length === 0) return [{ containerPort, protocol, hostIp: null, hostPort: null }];
      return bindings.map((b) => ({ containerPort, protocol, hostIp: b.HostIp || null, hostPort: b.HostPort ? Number(b.HostPort) : null }));
    })
    .sort((a, b) => a.containerPort - b.containerPort || (a.hostPort ?? 0) - (b.hostPort ?? 0));
  return {
    id: row.id,
    hostId: row.hostId,
    dockerId: info.Id,
    name: info.Name.replace(/^\//, ''),
    image: imageRef,
    imageId: info.Image,
    digest: imageDigest(imageRef, repoDigests),
    status: state.Status,
    running: state.Running,
    createdAt: dockerTime(info.Created),
    startedAt: dockerTime(state.StartedAt),
    finishedAt: dockerTime(state.FinishedAt),
    restartCount: info.RestartCount ?? 0,
    exitCode: state.Running || dockerTime(state.StartedAt) === null ? null : state.ExitCode,
    exitReason: exitReason(state),
    error: state.Error ? state.Error : null,
    health: health
      ? {
          status: health.Status,
          failingStreak: health.FailingStreak ?? 0,
          log: (health.Log ?? []).map((run) => ({
            start: dockerTime(run.Start),
            end: dockerTime(run.End),
            exitCode: run.ExitCode,
            output: (run.Output ?? '').slice(-HEALTH_OUTPUT_CHARS),
          })),
        }
      : null,
    command: [...(info.Config?.Entrypoint ? toArray(info.Config.Entrypoint) : []), ...toArray(info.Config?.Cmd)],
    ports,
    mounts: (info.Mounts ?? []).map((m) => ({
      type: m.Type ?? 'volume',
      source: m.Type === 'volume' && m.Name ? m.Name : m.Source,
      destination: m.Destination,
      readOnly: m.RW === false,
    })),
    networks: Object.entries(info.NetworkSettings?.Networks ?? {})
      .map(([name, n]) => ({
        name,
        ipAddress: n.IPAddress || null,
        aliases: ((n.Aliases as string[] | null | undefined) ?? []).filter((a) => a !== info.Id.slice(0, 12)),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    labels: { ...(info.Config?.Labels ?? {}) },
    env: envEntries(info.Config?.Env),
  };
}

interface HealthLogEntry {
  Start?: string;
  End?: string;
  ExitCode: number;
  Output?: string;
}

function toArray(value: string | string[] | undefined | null): string[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
