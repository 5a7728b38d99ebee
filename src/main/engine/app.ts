// The composition root: builds every engine service from a config and closes them in reverse order.
// Both shells and the tests go through createApp; nothing here starts work at import time.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { version as packageVersion } from '../../../package.json';
import type { Database } from 'better-sqlite3';
import type { HealthView, HostView } from '../../shared/types';
import { EventBus } from './events';
import { HostRuntime } from './hostRuntime';
import { createHandlers } from './api';
import type { Handlers } from './rpc/handlers';
import { ContainerRepo } from './store/containerRepo';
import { acquireDataDirLock } from './store/dataDirLock';
import { openDatabase } from './store/db';
import { HostRepo } from './store/hostRepo';
import { SettingsRepo } from './store/settingsRepo';
import { WorkloadRepo } from './store/workloadRepo';

export interface AppConfig {
  /** Where the SQLite database lives. Created when missing. */
  dataDir: string;
  shell: 'electron' | 'browser';
  /**
   * better-sqlite3's native binding for this runtime. Electron has its own ABI, so the desktop shell
   * passes a binding built for Electron; Node (tests, browser shell) uses the package's own.
   */
  sqliteNativeBinding?: string;
  /** Overrides the saved setting for the local Docker socket (tests). */
  dockerSocketPath?: string;
  /** Full-resync tick; the saved setting (30 s by default) unless a test wants another. */
  resyncIntervalMs?: number;
  version?: string;
  log?: (message: string) => void;
}

export interface App {
  readonly config: AppConfig;
  readonly handlers: Handlers;
  readonly events: EventBus;
  /** The engine's services, for tests and benches; the shells use handlers only. */
  readonly services: AppServices;
  close(): Promise<void>;
}

export interface AppServices {
  db: Database;
  containers: ContainerRepo;
  workloads: WorkloadRepo;
  settings: SettingsRepo;
  hosts: HostRepo;
  runtime(hostId: string): HostRuntime | undefined;
  /** Rebuilds the local host's connection (after its socket path changed). */
  restartLocal(): Promise<void>;
  hostViews(): HostView[];
  health(): HealthView;
}

export async function createApp(config: AppConfig): Promise<App> {
  const log = config.log ?? ((message: string) => console.log(`[tinyforge] ${message}`));
  mkdirSync(config.dataDir, { recursive: true });
  const lock = acquireDataDirLock(config.dataDir);
  let db: Database;
  try {
    db = openDatabase(join(config.dataDir, 'tinyforge.db'), { nativeBinding: config.sqliteNativeBinding });
  } catch (error) {
    lock.release();
    throw error;
  }
  const events = new EventBus();
  const containers = new ContainerRepo(db);
  const workloads = new WorkloadRepo(db);
  const settings = new SettingsRepo(db);
  const hosts = new HostRepo(db);
  const runtimes = new Map<string, HostRuntime>();
  let closing: Promise<void> | null = null;
  // Restarts run one after another, and never after close() began: two at once would leave the
  // first runtime running unclosed beside the second, writing the same rows.
  let restarting: Promise<void> = Promise.resolve();

  const buildLocal = () => {
    const saved = settings.get();
    return new HostRuntime({
      hostId: 'local',
      socketPath: config.dockerSocketPath ?? saved.dockerSocketPath,
      db,
      containers,
      workloads,
      events,
      resyncIntervalMs: config.resyncIntervalMs ?? saved.resyncIntervalSec * 1000,
      log,
    });
  };

  const services: AppServices = {
    db,
    containers,
    workloads,
    settings,
    hosts,
    runtime: (hostId) => runtimes.get(hostId),
    restartLocal: () => {
      restarting = restarting.then(async () => {
        if (closing) return;
        const previous = runtimes.get('local');
        runtimes.delete('local');
        await previous?.close();
        if (closing) return;
        const local = buildLocal();
        runtimes.set('local', local);
        await local.start();
      });
      return restarting;
    },
    hostViews: () =>
      hosts.list().map((h) => {
        const status = runtimes.get(h.id)?.connection.status;
        return {
          id: h.id,
          name: h.name,
          kind: h.kind,
          state: status?.state ?? 'down',
          reason: status ? status.reason : 'not connected',
          since: status?.since ?? Date.now(),
          dockerVersion: status?.dockerVersion ?? null,
        };
      }),
    health: () => ({
      hosts: services.hostViews(),
      reports: [...runtimes.values()].map((r) => r.reconciler.report()),
      containers: containers.counts(),
      workloads: workloads.countsByKind(),
    }),
  };

  const local = buildLocal();
  runtimes.set('local', local);
  await local.start();

  const handlers = createHandlers({ config: { version: packageVersion, ...config }, services, events });

  return {
    config,
    handlers,
    events,
    services,
    close() {
      // A restart in flight first, then the hosts (their reconcilers stop writing), then the
      // database they write to, then the folder lock.
      closing ??= (async () => {
        await restarting.catch(() => undefined);
        await Promise.all([...runtimes.values()].map((r) => r.close()));
        runtimes.clear();
        db.close();
        lock.release();
      })();
      return closing;
    },
  };
}
