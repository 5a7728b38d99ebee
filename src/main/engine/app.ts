// The composition root: builds every engine service from a config and closes them in reverse order.
// Both shells and the tests go through createApp; nothing here starts work at import time.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { version as packageVersion } from '../../../package.json';
import type { Database } from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import type { HealthView, HostView, ProxySettings, PullProgress } from '../../shared/types';
import { EventBus } from './events';
import { HostRuntime } from './hosts/hostRuntime';
import { LogStreams } from './logs/logStreams';
import { createHandlers } from './api';
import type { Handlers } from './rpc/handlers';
import { ContainerRepo, withLastSeen } from './store/containerRepo';
import { Deployer } from './projects/deployer';
import { dialProbe } from './docker/healthProbe';
import type { TcpDial } from './docker/dialer';
import { CaddyDriver } from './proxy/caddyDriver';
import { NpmDriver } from './proxy/npmDriver';
import { NoneProxyDriver } from './proxy/proxyDriver';
import type { ProxyDriver } from './proxy/proxyDriver';
import { ProxyReconciler } from './proxy/proxyReconciler';
import { acquireDataDirLock } from './store/dataDirLock';
import { DeployRepo } from './store/deployRepo';
import { DeployerRows } from './store/deployerRows';
import { SecretStore } from './store/secretStore';
import type { SecretCipher } from './store/secretStore';
import { openDatabase } from './store/db';
import { HostPassRepo } from './store/hostPassRepo';
import { HostRepo } from './store/hostRepo';
import { SettingsRepo } from './store/settingsRepo';
import { WorkloadRepo } from './store/workloadRepo';
import { RegistryCredentials } from './registry/registryCredentials';

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
  /**
   * The managed Caddy's image and names (defaults: caddy:2, tinyforge-caddy, tinyforge-proxy). Its
   * HTTP port and the domain come from each host's proxy settings; `httpPort` and `domain` here
   * override those for every host (tests use port 0: any free port).
   */
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
  /** Saved private-registry logins; every pull the app makes takes its X-Registry-Auth from here. */
  registries: RegistryCredentials;
  runtime(hostId: string): HostRuntime | undefined;
  /** Rebuilds a host's connection from its saved record (settings, pinned key or passphrase changed). */
  restartHost(hostId: string): Promise<void>;
  /** Closes a host's connection for good (before its record is removed). */
  stopHost(hostId: string): Promise<void>;
  /** The deployer of a host (local or SSH), created on first use. */
  deployer(hostId: string): Deployer;
  /**
   * The reverse proxy deploys of a host route through, as its settings name it (CaddyDriver,
   * NpmDriver, NoneProxyDriver), created on first use (no I/O until used) and rebuilt when the
   * settings change.
   */
  proxy(hostId: string): ProxyDriver & { attach?(network: string): Promise<void> };
  /** Saves a host's proxy settings (and the NPM password, if given) and rebuilds its proxy. */
  setProxy(hostId: string, settings: ProxySettings, npmPassword?: string): Promise<void>;
  /** The proxy reconcile of a host (restores the managed Caddy and its routes); created on first use. */
  proxyReconciler(hostId: string): ProxyReconciler;
  /** The domain a host's routes hang under (`<subdomain>.<domain>`), from its proxy settings. */
  domainOf(hostId: string): string;
  deploys: DeployRepo;
  /** The deployer's write path into the containers table (and its route queries). */
  deployerRows: DeployerRows;
  /** The live image pull of a running deploy (null when none is pulling); never creates a deployer. */
  livePull(hostId: string, deployId: string): PullProgress | null;
  /** Open log streams, by the connection that opened them. */
  logs: LogStreams;
  hostViews(): HostView[];
  health(): HealthView;
  /** When a host's containers were last listed (its last successful pass), null if never. */
  lastPassAt(hostId: string): number | null;
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
  const hostPasses = new HostPassRepo(db);
  const runtimes = new Map<string, HostRuntime>();
  let closing: Promise<void> | null = null;
  // Restarts run one after another, and never after close() began: two at once would leave the
  // first runtime running unclosed beside the second, writing the same rows.
  let restarting: Promise<void> = Promise.resolve();

  const logs = new LogStreams({ events });
  const secrets = new SecretStore(db, config.secretCipher ?? null);
  const registries = new RegistryCredentials(db, secrets);
  const registryAuth = (image: string) => registries.pullAuth(image);
  const deploys = new DeployRepo(db);
  const deployerRows = new DeployerRows(db);
  const deployers = new Map<string, Deployer>();
  const proxies = new Map<string, ProxyDriver & { attach?(network: string): Promise<void> }>();
  const proxyReconcilers = new Map<string, ProxyReconciler>();
  /** Recovery in flight per host: single-flight, so a flapping connection never runs two at once. */
  const recovering = new Map<string, Promise<void>>();
  /** The dockerode client of a host's current session, or DOCKER_UNREACHABLE. */
  const dockerFor = (hostId: string) => () => {
    const runtime = runtimes.get(hostId);
    if (!runtime || runtime.connection.status.state !== 'up') {
      throw new AppError('DOCKER_UNREACHABLE', `DOCKER_UNREACHABLE: host ${hostId} is not connected; nothing was changed.`);
    }
    return runtime.connection.docker;
  };
  /** TCP from a host's Docker host, over its current session (the one SSH connection, or local). */
  const dialFor =
    (hostId: string): TcpDial =>
    (host, port) => {
      const runtime = runtimes.get(hostId);
      if (!runtime) return Promise.reject(new AppError('DOCKER_UNREACHABLE', `DOCKER_UNREACHABLE: host ${hostId} is not connected; nothing was changed.`));
      return runtime.connection.dial(host, port);
    };
  const domainFor = (hostId: string) => () => config.proxy?.domain ?? hosts.require(hostId).proxy.domain;

  /**
   * Settles the deploys a crash (or a lost connection) left half-done on a host, then lets the
   * proxy reconcile put routes back. Runs each time the host's connection comes up.
   */
  const recoverHost = (hostId: string): Promise<void> => {
    const inFlight = recovering.get(hostId);
    if (inFlight) return inFlight;
    const work = (async () => {
      if (closing || !deploys.running().some((d) => d.hostId === hostId)) return;
      await services.deployer(hostId).recover();
    })()
      .catch((error: unknown) => log(`deploy recovery on host ${hostId} failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => recovering.delete(hostId));
    recovering.set(hostId, work);
    return work;
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
      passes: hostPasses,
      secrets,
      events,
      resyncIntervalMs: config.resyncIntervalMs ?? saved.resyncIntervalSec * 1000,
      log,
      // Level-triggered, like the reconciler: a deploy left running (its undo failed while the host
      // was unreachable) is settled on the next pass. Recovery first (it may switch a route), then
      // the proxy's own reconcile.
      onPass: () => void recoverHost(hostId).then(() => services.proxyReconciler(hostId).trigger()),
    });
  };

  /** Recovery whenever a host's connection comes up, not only at boot (an SSH host connects later). */
  const watchUp = (runtime: HostRuntime) =>
    runtime.connection.onState((status) => {
      if (status.state === 'up') void recoverHost(runtime.host.id);
    });

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
    registries,
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
        watchUp(next);
        // An SSH handshake can take seconds: the caller learns the outcome from host.state events.
        if (next.host.kind === 'local') await next.start();
        else void next.start();
      }),
    deploys,
    deployerRows,
    logs,
    proxy: (hostId) => {
      const existing = proxies.get(hostId);
      if (existing) return existing;
      const settings = hosts.require(hostId).proxy;
      let proxy: ProxyDriver & { attach?(network: string): Promise<void> };
      if (settings.kind === 'caddy') {
        proxy = new CaddyDriver({
          docker: dockerFor(hostId),
          dial: dialFor(hostId),
          image: config.proxy?.image ?? settings.image,
          name: config.proxy?.name,
          network: config.proxy?.network,
          httpPort: config.proxy?.httpPort ?? settings.httpPort,
          registryAuth,
        });
      } else if (settings.kind === 'npm') {
        const password = secrets.npmPassword(hostId);
        if (!settings.npm || !password) {
          throw new AppError(
            'PROXY_UNAVAILABLE',
            `PROXY_UNAVAILABLE: the Nginx Proxy Manager ${settings.npm ? 'password' : 'address and login'} of host ${hosts.require(hostId).name} is not known${settings.npm ? ' in this session' : ''}: enter it in the host's proxy settings.`,
          );
        }
        proxy = new NpmDriver({ url: settings.npm.url, identity: settings.npm.email, secret: password });
      } else {
        proxy = new NoneProxyDriver();
      }
      proxies.set(hostId, proxy);
      return proxy;
    },
    setProxy: async (hostId, next, npmPassword) => {
      // The secret first: the keychain can refuse, and then nothing of the change may be saved.
      if (npmPassword !== undefined) secrets.setNpmPassword(hostId, npmPassword);
      hosts.setProxy(hostId, next);
      // A proxy built from the old settings goes; the next use builds one from the new.
      const previous = proxies.get(hostId);
      proxies.delete(hostId);
      await previous?.close();
      // A new domain or port takes effect on the routes that exist: the reconcile rewrites them.
      if (runtimes.get(hostId)?.connection.status.state === 'up') void services.proxyReconciler(hostId).trigger();
    },
    domainOf: (hostId) => domainFor(hostId)(),
    proxyReconciler: (hostId) => {
      const existing = proxyReconcilers.get(hostId);
      if (existing) return existing;
      const reconciler = new ProxyReconciler({
        hostId,
        proxy: () => services.proxy(hostId),
        docker: dockerFor(hostId),
        rows: deployerRows,
        workloads,
        deploys,
        domain: domainFor(hostId),
        probe: dialProbe(dialFor(hostId)),
        log,
      });
      proxyReconcilers.set(hostId, reconciler);
      return reconciler;
    },
    deployer: (hostId) => {
      const existing = deployers.get(hostId);
      if (existing) return existing;
      hosts.require(hostId);
      const deployer = new Deployer({
        hostId,
        docker: dockerFor(hostId),
        dial: dialFor(hostId),
        proxy: () => services.proxy(hostId),
        deploys,
        rows: deployerRows,
        workloads,
        events,
        log,
        domain: domainFor(hostId),
        drainMs: config.deploy?.drainMs,
        stopTimeoutSec: config.deploy?.stopTimeoutSec,
        registryAuth,
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
        // The runtime first: a pass finishing meanwhile would otherwise build a new proxy
        // reconciler (and driver) for a host that is going away.
        await runtime?.close();
        await proxyReconcilers.get(hostId)?.close();
        proxyReconcilers.delete(hostId);
        deployers.delete(hostId);
        await proxies.get(hostId)?.close();
        proxies.delete(hostId);
      }),
    hostViews: () =>
      hosts.list().map((h) => {
        const proxy = { ...h.proxy, npmPassword: secrets.npmPasswordKeeping(h.id) };
        const runtime = runtimes.get(h.id);
        if (runtime) return { ...runtime.view(), proxy };
        return {
          proxy,
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
    lastPassAt: (hostId) => runtimes.get(hostId)?.reconciler.lastSeenAt() ?? hostPasses.get(hostId),
    health: () => ({
      hosts: services.hostViews(),
      reports: [...runtimes.values()].map((r) => r.reconciler.report()),
      containers: containers.counts(),
      workloads: workloads.countsByKind(),
      unverified: (({ count, oldest }) => ({ count, oldest: withLastSeen(oldest, services.lastPassAt) }))(containers.unverified(10)),
    }),
  };

  // The local host is awaited (its socket answers at once or not at all); SSH hosts connect in the
  // background so a slow or unreachable server does not hold up startup.
  for (const host of hosts.list()) {
    const runtime = build(host.id)!;
    runtimes.set(host.id, runtime);
    watchUp(runtime);
    if (host.kind === 'local') await runtime.start();
    else void runtime.start();
  }

  // Deploys a crash left half-done are settled before anything new can start on the local host (its
  // connection came up during start(), which began the recovery; SSH hosts recover as they connect).
  await recovering.get('local');

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
        await Promise.all([...proxyReconcilers.values()].map((r) => r.close()));
        await Promise.all([...recovering.values()]);
        await Promise.all([...runtimes.values()].map((r) => r.close()));
        await Promise.all([...proxies.values()].map((p) => p.close().catch(() => undefined)));
        runtimes.clear();
        db.close();
        lock.release();
      })();
      return closing;
    },
  };
}
