// Complete contract values for tests, so a test names only the fields its story is about and a new
// field in the contract is filled in one place.
import type { StatsHistory, StatsSeries } from '../../shared/stats';
import type { ContainerView, HostView } from '../../shared/types';

export function localHost(partial: Partial<HostView> = {}): HostView {
  return {
    id: 'local',
    name: 'Local',
    kind: 'local',
    state: 'up',
    reason: null,
    reasonCode: null,
    reasonDetails: null,
    since: 1,
    dockerVersion: '27.0',
    latencyMs: 2,
    ssh: null,
    hostKey: null,
    offeredHostKey: null,
    needsPassphrase: false,
    localSocketPath: null,
    proxy: { kind: 'caddy', domain: 'localhost', httpPort: 80, image: 'caddy:2', npm: null, npmPassword: 'none' },
    ...partial,
  };
}

export function sshHost(partial: Partial<HostView> = {}): HostView {
  return localHost({
    id: 'h-prod',
    name: 'prod',
    kind: 'ssh',
    dockerVersion: null,
    latencyMs: null,
    ssh: {
      address: '10.0.0.5',
      port: 22,
      username: 'deploy',
      auth: 'key',
      privateKeyPath: '~/.ssh/id_ed25519',
      socketPath: '/var/run/docker.sock',
      exposeSocket: false,
    },
    ...partial,
  });
}

let seq = 0;
export function containerView(partial: Partial<ContainerView> & { name: string }): ContainerView {
  seq += 1;
  return {
    id: `c${seq}`,
    hostId: 'local',
    workloadId: 'w1',
    workloadName: 'shop',
    kind: 'project',
    role: 'production',
    stageId: null,
    dockerId: `deadbeefdb${seq}`,
    image: 'ghcr.io/acme/shop:1.0',
    state: 'running',
    health: 'none',
    exitCode: null,
    createdAt: null,
    startedAt: null,
    finishedAt: null,
    firstSeenAt: 0,
    lastSeenAt: seq,
    missingSince: null,
    provenance: 'created',
    trustedAt: null,
    stopKind: null,
    ...partial,
  };
}

/** A container's history series with every column `cpu`, unless `partial` says otherwise. */
export function statsSeries(containerId: string, cpu: (number | null)[], partial: Partial<StatsSeries> = {}): StatsSeries {
  return {
    containerId,
    name: containerId,
    memLimit: null,
    cpu,
    cpuMax: cpu,
    mem: cpu,
    memMax: cpu,
    netRx: cpu,
    netTx: cpu,
    blkRead: cpu,
    blkWrite: cpu,
    ...partial,
  };
}

/** A workload's 1 h history of three points and two containers, a and b. */
export function statsHistory(partial: Partial<StatsHistory> = {}): StatsHistory {
  return {
    scope: 'workload',
    id: 'w1',
    range: '1h',
    stepSec: 5,
    from: 0,
    to: 10_000,
    times: [0, 5_000, 10_000],
    series: [statsSeries('a', [1, 2, 3]), statsSeries('b', [4, 5, 6])],
    markers: [],
    ...partial,
  };
}
