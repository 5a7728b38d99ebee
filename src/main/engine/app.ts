// The composition root: builds every engine service from a config and closes them in reverse order.
// Both shells and the tests go through createApp; nothing here starts work at import time.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { version as packageVersion } from '../../../package.json';
import type { Database } from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import type { HealthView, HostView, PullProgress } from '../../shared/types';
import { EventBus } from './events';
import { HostRuntime } from './hostRuntime';
import { LogStreams } from './logs/logStreams';
import { createHandlers } from './api';
import type { Handlers } from './rpc/handlers';
import { ContainerRepo } from './store/containerRepo';
import { Deployer } from './deployer/deployer';
import { CaddyDriver } from './proxy/caddyDriver';
import { acquireDataDirLock } from './store/dataDirLock';
import { DeployRepo } from './store/deployRepo';
import { DeployerRows } from './store/deployerRows';
import { SecretStore } from './store/secretStore';
import type { SecretCipher } from './store/secretStore';
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
  /** The OS keychain (Electron's safeStorage) for remembered passphrases; none in the browser shell. */
  secretCipher?: SecretCipher | null;
  /** The managed Caddy proxy deploys route through (defaults: caddy:2, port 80, *.localhost). */
  proxy?: { image?: string; httpPort?: number; name?: string; network?: string; domain?: string };
  /** Deploy timings: the old instance's drain (30 s) and its stop grace (10 s). */
  deploy?: { drainMs?: number; stopTimeoutSec?: number };
}

export interface App {
  readonly config: AppConfig;
  readonly handlers: Handlers;
  readonly events: EventBus;
  /** The engine's services, for tests and benches; the shells use handlers only. */
  readonly services: AppServices;
  /**
   * A shell's connection (a WebSocket, a window's webContents) went away: what it opened (log
   * streams) is closed. Shells call it; the connection id is the one they put in the CallContext.
   */
  closeConnection(connectionId: string): Promise<void>;
  close(): Promise<void>;
}

export interface AppServices {
  db: Database;
  containers: ContainerRepo;
  workloads: WorkloadRepo;
  settings: SettingsRepo;
  hosts: HostRepo;
  secrets: SecretStore;
  runtime(hostId: string): HostRuntime | undefined;
  /** Rebuilds a host's connection from its saved record (settings, pinned key or passphrase changed). */
  restartHost(hostId: string): Promise<void>;
  /** Closes a host's connection for good (before its record is removed). */
  stopHost(hostId: string): Promise<void>;
  /** The deployer of a host (the local host for now), created on first use. */
  deployer(hostId: string): Deployer;
  /** The reverse proxy deploys of a host route through, created on first use (no I/O until used). */
  proxy(hostId: string): CaddyDriver;
  deploys: DeployRepo;
  /** The live image pull of a running deploy (null when none is pulling); never creates a deployer. */
  livePull(hostId: string, deployId: string): PullProgress | null;
  /** Open log streams, by the connection that opened them. */
  logs: LogStreams;
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

  const logs = new LogStreams({ events });
  const secrets = new SecretStore(db, config.secretCipher ?? null);
  const deploys = new DeployRepo(db);
  const deployerRows = new DeployerRows(db);
  const deployers = new Map<string, Deployer>();
  const proxies = new Map<string, CaddyDriver>();
  /** The dockerode client of a host's current session, or DOCKER_UNREACHABLE. */
  const dockerFor = (hostId: string) => () => {
    const runtime = runtimes.get(hostId);
    if (!runtime || runtime.connection.status.state !== 'up') {
      throw new AppError('DOCKER_UNREACHABLE', `DOCKER_UNREACHABLE: host ${hostId} is not connected; nothing was changed.`);
    }
    return runtime.connection.docker;
  };

  const build = (hostId: string): HostRuntime | null => {
    const host = hosts.get(hostId);
    if (!host) return null;
    const saved = settings.get();
    return new HostRuntime({
      host,
      localSocketPath: config.dockerSocketPath ?? saved.dockerSocketPath,
      dataDir: config.dataDir,
      db,
      containers,
      workloads,
      secrets,
      events,
      resyncIntervalMs: config.resyncIntervalMs ?? saved.resyncIntervalSec * 1000,
      log,
    });
  };

  /** Runs host lifecycle changes one after another, and none once close() began. */
  const serially = (work: () => Promise<void>): Promise<void> => {
    restarting = restarting.then(async () => {
      if (!closing) await work();
    });
    return restarting;
  };

  const services: AppServices = {
    db,
    containers,
    workloads,
    settings,
    hosts,
    secrets,
    runtime: (hostId) => runtimes.get(hostId),
    restartHost: (hostId) =>
      serially(async () => {
        const previous = runtimes.get(hostId);
        runtimes.delete(hostId);
        await previous?.close();
        if (closing) return;
        const next = build(hostId);
        if (!next) return;
        runtimes.set(hostId, next);
        // An SSH handshake can take seconds: the caller learns the outcome from host.state events.
        if (next.host.kind === 'local') await next.start();
        else void next.start();
      }),
    deploys,
    logs,
    proxy: (hostId) => {
      const existing = proxies.get(hostId);
      if (existing) return existing;
      const proxy = new CaddyDriver({
        docker: dockerFor(hostId),
        image: config.proxy?.image ?? 'caddy:2',
        name: config.proxy?.name,
        network: config.proxy?.network,
        httpPort: config.proxy?.httpPort ?? 80,
      });
      proxies.set(hostId, proxy);
      return proxy;
    },
    deployer: (hostId) => {
      const existing = deployers.get(hostId);
      if (existing) return existing;
      if (hostId !== 'local') {
        throw new AppError(
          'CONFLICT',
          "CONFLICT: deploys to SSH hosts are not available yet: the proxy's admin API must first be reached through the SSH connection.",
        );
      }
      const docker = dockerFor(hostId);
      const proxy = services.proxy(hostId);
      const deployer = new Deployer({
        hostId,
        docker,
        proxy,
        deploys,
        rows: deployerRows,
        workloads,
        events,
        log,
        domain: config.proxy?.domain ?? 'localhost',
        drainMs: config.deploy?.drainMs,
        stopTimeoutSec: config.deploy?.stopTimeoutSec,
        onChange: (d) => events.emit('deploys.changed', { hostId: d.hostId, stageId: d.stageId, deployId: d.id, status: d.status }),
      });
      deployers.set(hostId, deployer);
      return deployer;
    },
    livePull: (hostId, deployId) => deployers.get(hostId)?.livePull(deployId) ?? null,
    stopHost: (hostId) =>
      serially(async () => {
        const runtime = runtimes.get(hostId);
        runtimes.delete(hostId);
        await runtime?.close();
      }),
    hostViews: () =>
      hosts.list().map((h) => {
        const runtime = runtimes.get(h.id);
        if (runtime) return runtime.view();
        return {
          id: h.id,
          name: h.name,
          kind: h.kind,
          state: 'down' as const,
          reason: 'not connected',
          since: Date.now(),
          dockerVersion: null,
          latencyMs: null,
          ssh: h.ssh,
          hostKey: h.hostKey,
          offeredHostKey: null,
          needsPassphrase: false,
          localSocketPath: null,
        };
      }),
    health: () => ({
      hosts: services.hostViews(),
      reports: [...runtimes.values()].map((r) => r.reconciler.report()),
      containers: containers.counts(),
      workloads: workloads.countsByKind(),
    }),
  };

  // The local host is awaited (its socket answers at once or not at all); SSH hosts connect in the
  // background so a slow or unreachable server does not hold up startup.
  for (const host of hosts.list()) {
    const runtime = build(host.id)!;
    runtimes.set(host.id, runtime);
    if (host.kind === 'local') await runtime.start();
    else void runtime.start();
  }

  // Deploys a crash left half-done are settled before anything new can start on the host.
  if (deploys.running().some((d) => d.hostId === 'local') && runtimes.get('local')?.connection.status.state === 'up') {
    await services
      .deployer('local')
      .recover()
      .catch((error: unknown) => log(`deploy recovery failed: ${error instanceof Error ? error.message : String(error)}`));
  }

  const handlers = createHandlers({ config: { version: packageVersion, ...config }, services, events, log });

  return {
    config,
    handlers,
    events,
    services,
    closeConnection: (connectionId) => logs.closeConnection(connectionId),
    close() {
      // Log streams first (they read from the hosts' connections and tell their clients why they
      // end), a restart in flight, then the hosts (their reconcilers stop writing), then the
      // database they write to, then the folder lock.
      closing ??= (async () => {
        await logs.closeAll();
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
