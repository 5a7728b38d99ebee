// Builders shared by the engine's tests and benches: a store on a real SQLite file in a temp dir,
// and observed containers as Docker's list call would report them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { ConnectionState, ContainerHealth, ContainerState, ContainerView, HostView, Provenance, StageInput, StopKind } from '../../../shared/types';
import type { ObservedContainer } from '../docker/observed';
import { ContainerRepo } from '../store/containerRepo';
import { openDatabase } from '../store/db';
import { SettingsRepo } from '../store/settingsRepo';
import { WorkloadRepo } from '../store/workloadRepo';

export interface TestStore {
  dir: string;
  file: string;
  db: Database;
  containers: ContainerRepo;
  workloads: WorkloadRepo;
  settings: SettingsRepo;
  cleanup(): void;
}

export function tempDir(prefix = 'tinyforge-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function openTestStore(): TestStore {
  const dir = tempDir();
  const file = join(dir, 'tinyforge.db');
  const db = openDatabase(file);
  return {
    dir,
    file,
    db,
    containers: new ContainerRepo(db),
    workloads: new WorkloadRepo(db),
    settings: new SettingsRepo(db),
    cleanup() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
export function observed(overrides: Partial<ObservedContainer> = {}): ObservedContainer {
  counter += 1;
  const id = overrides.dockerId ?? `${counter.toString(16).padStart(12, '0')}${'a'.repeat(52)}`;
  return {
    dockerId: id,
    name: `c-${counter}`,
    image: 'tinyforge-test/busybox:latest',
    state: 'running',
    health: 'none',
    exitCode: null,
    labels: {},
    createdAt: 1_700_000_000_000,
    status: 'Up 5 minutes',
    ...overrides,
  };
}

export function stage(name: string) {
  return {
    name,
    imageTag: 'latest',
    env: {},
    port: 80,
    healthCheckPath: '/health',
    healthTimeoutSec: 60,
    subdomain: null,
    maxInstances: 2,
  };
}

/** The one-stage project most engine tests need: `api`, stage `production` (port 80, /health). */
export function createTestProject(
  workloads: WorkloadRepo,
  overrides: { name?: string; hostId?: string; stage?: Partial<StageInput> } = {},
): { projectId: string; stageId: string } {
  const project = workloads.createProject({
    hostId: overrides.hostId ?? 'local',
    name: overrides.name ?? 'api',
    imageRepository: 'acme/api',
    stages: [{ ...stage('production'), ...overrides.stage }],
  });
  return { projectId: project.id, stageId: project.kind === 'project' ? project.stages[0]!.id : '' };
}

/** A container row of a stage as the deployer leaves it (or, with `provenance`, as a pass or a user left it); it holds a route when `routeId` is given. */
export function insertStageRow(
  db: Database,
  row: {
    id: string;
    projectId: string;
    stageId: string;
    name: string;
    state?: string;
    routeId?: string | null;
    createdAt?: number;
    hostId?: string;
    provenance?: Provenance;
  },
): void {
  db.prepare(
    `INSERT INTO containers (id, host_id, workload_id, kind, role, stage_id, docker_id, name, state, first_seen_at, last_seen_at, created_at, proxy_route_id, provenance)
     VALUES (?, ?, ?, 'project', 'production', ?, ?, ?, ?, 1, 1, ?, ?, ?)`,
  ).run(
    row.id,
    row.hostId ?? 'local',
    row.projectId,
    row.stageId,
    `docker-${row.id}`,
    row.name,
    row.state ?? 'running',
    row.createdAt ?? 1,
    row.routeId ?? null,
    row.provenance ?? 'created',
  );
}

/** A host as hosts.list shows it; named by its id (`local` is the local host). */
export function hostView(id: string, state: ConnectionState, reason: string | null = null): HostView {
  return {
    id,
    name: id,
    kind: id === 'local' ? 'local' : 'ssh',
    state,
    reason,
    reasonCode: reason === null ? null : 'DOCKER_UNREACHABLE',
    reasonDetails: null,
    since: 1_700_000_000_000,
    dockerVersion: state === 'up' ? '27.0.1' : null,
    latencyMs: state === 'up' ? 3 : null,
    ssh: null,
    hostKey: null,
    offeredHostKey: null,
    needsPassphrase: false,
    localSocketPath: null,
    proxy: { kind: 'caddy', domain: 'localhost', httpPort: 80, image: 'caddy:2', npm: null, npmPassword: 'none' },
  };
}

let containerCount = 0;
/** A container as containers.list shows it: a project's, on the local host unless said. */
export function containerView(
  state: ContainerState,
  fields: { hostId?: string; health?: ContainerHealth; exitCode?: number | null; provenance?: Provenance; stopKind?: StopKind | null } = {},
): ContainerView {
  containerCount += 1;
  return {
    id: `row-${containerCount}`,
    hostId: fields.hostId ?? 'local',
    workloadId: 'w1',
    workloadName: 'shop',
    kind: 'project',
    role: 'production',
    stageId: 'stage-1',
    dockerId: `${containerCount}`.padStart(64, 'a'),
    name: `shop-production-${containerCount}`,
    image: 'ghcr.io/acme/shop:1.0.0',
    state,
    health: fields.health ?? 'none',
    exitCode: fields.exitCode ?? null,
    createdAt: 1_700_000_000_000,
    startedAt: 1_700_000_000_000,
    finishedAt: null,
    firstSeenAt: 1_700_000_000_000,
    lastSeenAt: 1_700_000_000_000,
    missingSince: null,
    provenance: fields.provenance ?? 'created',
    trustedAt: null,
    stopKind: fields.stopKind ?? null,
  };
}

/** The record of a deploy of a project stage as the runner starts one: the stage is its target. */
export function stageDeploy(projectId: string, stageId: string, image: string) {
  return { hostId: 'local', workloadId: projectId, targetKey: stageId, stageId, kind: 'deploy' as const, image, oldContainerId: null };
}

/** What a promise rejects with; fails the test when it resolves instead. */
export async function rejectionOf<E = { code?: string; message?: string; details?: unknown }>(promise: Promise<unknown>): Promise<E> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as E,
  );
}
