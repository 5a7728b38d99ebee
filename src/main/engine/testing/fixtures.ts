// Builders shared by the engine's tests and benches: a store on a real SQLite file in a temp dir,
// and observed containers as Docker's list call would report them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
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
