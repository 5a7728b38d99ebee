// The composition root: builds every engine service from a config and closes them in reverse order.
// Both shells and the tests go through createApp; nothing here starts work at import time.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { version as packageVersion } from '../../../package.json';
import type { Database } from 'better-sqlite3';
import type { HealthView, HostView, ProxySettings, PullProgress } from '../../shared/types';
import { EventBus } from './events';
import { HostScope } from './hosts/hostScope';
import type { HostRuntime } from './hosts/hostRuntime';
import type { Deployer } from './projects/deployer';
import { LogStreams } from './logs/logStreams';
import { containerHandlers } from './containers/handlers';
import { hostHandlers } from './hosts/handlers';
import { logHandlers } from './logs/handlers';
import { execHandlers } from './exec/handlers';
import { ExecSessionRepo } from './store/execSessionRepo';
import { userInfo } from 'node:os';
import { projectHandlers } from './projects/handlers';
import { reconcileHandlers } from './reconciler/handlers';
import { registryHandlers } from './registry/handlers';
import { systemHandlers } from './system/handlers';
import { workloadHandlers } from './workloads/handlers';
import { stackHandlers } from './stacks/handlers';
import { StackRepo } from './store/stackRepo';
import { StackRouteRepo } from './store/stackRouteRepo';
import { SiteRepo } from './store/siteRepo';
import type { DeployStep } from '../../shared/deploySteps';
import { siteHandlers } from './sites/handlers';
import type { SiteLimits } from './sites/siteSource';
import { StageRepo } from './store/stageRepo';
import { AppError } from '../../shared/errors';
import type { Handlers } from './rpc/handlers';
import { ContainerRepo, withLastSeen } from './store/containerRepo';
import type { ProxyDriver } from './proxy/proxyDriver';
import { ProxyReconciler } from './proxy/proxyReconciler';
import { acquireDataDirLock } from './store/dataDirLock';
import { DeployRepo } from './store/deployRepo';
import { DeployerRows } from './store/deployerRows';
import { StopRepo } from './store/stopRepo';
import { StaleRecords } from './store/staleRecords';
import { StaleService } from './stale/staleService';
import { staleHandlers } from './stale/handlers';
import { DAY_MS } from './stale/stalePlan';
import { SecretStore } from './store/secretStore';
import type { SecretCipher } from './store/secretStore';
import { openDatabase } from './store/db';
import { HostPassRepo } from './store/hostPassRepo';
import { HostRepo } from './store/hostRepo';
import { SettingsRepo } from './store/settingsRepo';
import { WorkloadRepo } from './store/workloadRepo';
import { RegistryCredentials } from './registry/registryCredentials';
import { statsHandlers } from './stats/handlers';
import { registryWatchHandlers } from './registryWatch/handlers';
import { RegistryWatcher } from './registryWatch/registryWatcher';
import type { UpdateAvailableInfo, WatchTarget } from './registryWatch/registryWatcher';
import { RegistryWatchRepo } from './store/registryWatchRepo';
import { StatsStore } from './stats/statsStore';
import { WebhookRepo } from './store/webhookRepo';
import { WebhookService } from './webhooks/webhookService';
import type { WebhookDeps } from './webhooks/webhookService';
import { webhookHandlers } from './webhooks/handlers';
import { Notifier } from './notify/notifier';
import type { DesktopSink, NotifierDeps } from './notify/notifier';
import { notifyHandlers } from './notify/handlers';
import { StaleWatch } from './notify/staleWatch';
import { NotifyChannelRepo } from './store/notifyChannelRepo';
import { DnsRepo } from './store/dnsRepo';
import { dnsHandlers } from './dns/handlers';

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
  /** Deploy timings; `afterStep` is the crash tests' hook into the site runner (they pause there and kill -9). */
  deploy?: { drainMs?: number; stopTimeoutSec?: number; afterStep?: (step: DeployStep, deployId: string) => Promise<void> };
  /** Limits of a site upload (entries, unpacked bytes); tests lower them. */
  siteLimits?: Partial<SiteLimits>;
  /** The stats collectors' tick (5 s); tests shorten it. */
  statsTickMs?: number;
  /**
   * Webhook limits (body size, slow-client timeout), the crash tests' hook inside a secret
   * rotation, and the callback told when an address crosses the bad-signature limit.
   */
  webhooks?: Pick<WebhookDeps, 'maxBodyBytes' | 'timeoutMs' | 'duringRotation' | 'onRefusedRepeatedly'> & { maxArchiveBytes?: number };
  /**
   * Registry watch: the check interval (the setting, 15 min, unless a test shortens it), the
   * registries' budgets, and the update-available callback (notifications wire in here).
   */
  registryWatch?: {
    intervalMs?: number;
    budgetPerHour?: (registry: string, authenticated: boolean) => number | null;
    onUpdateAvailable?: (info: UpdateAvailableInfo) => void;
  };
  /** Desktop notifications: the Electron shell's, or the browser shell's log line; none in tests. */
  desktopNotify?: DesktopSink;
  /** Notification timings (grouping windows, retries, send timeout); tests shorten them. */
  notify?: Pick<NotifierDeps, 'windows' | 'retry' | 'sendTimeoutMs'>;
  /** Test overrides of the DNS records' slow tick and of Cloudflare's API address. */
  dns?: { tickMs?: number; cloudflareBaseUrl?: string };
}

export interface App {
  readonly config: AppConfig;
  readonly handlers: Handlers;
  readonly events: EventBus;
  /** The engine's services, for tests and benches; the shells use handlers only. */
  readonly services: AppServices;
  /**
   * A shell's connection (a WebSocket, a window's webContents) went away: what it opened (log
   * streams, terminals) is closed. Shells call it; the connection id is the one they put in the CallContext.
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
  /** Deploys running in this process; a Deployer built beside the app's (tests, benches) shares it. */
  activeDeploys: Set<string>;
  /** Everything that runs for one host (connection, reconciler, proxy, deployer). */
  scope(hostId: string): HostScope;
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
  /** Stop intents and the classified stops of containers (crash kinds). */
  stops: StopRepo;
  /** The live image pull of a running deploy (null when none is pulling); never creates a deployer. */
  livePull(hostId: string, deployId: string): PullProgress | null;
  /** Open log streams, by the connection that opened them. */
  logs: LogStreams;
  /** The stats history (its own database file, stats.db). */
  stats: StatsStore;
  /** The webhook listener and what deliveries do. */
  webhooks: WebhookService;
  /** Notifications: publish(event) from any source; never blocks. */
  notifier: Notifier;
  hostViews(): HostView[];
  health(): HealthView;
  /** When a host's containers were last listed (its last successful pass), null if never. */
  lastPassAt(hostId: string): number | null;
  /** Registry watch: one watcher for the app (checks leave from this machine and share its budget). */
  registryWatcher: RegistryWatcher;
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
  // The core: the store's repositories, the bus, secrets and registry logins, shared by every host.
  const events = new EventBus();
  const containers = new ContainerRepo(db);
  const workloads = new WorkloadRepo(db);
  const settings = new SettingsRepo(db);
  const hosts = new HostRepo(db);
  const hostPasses = new HostPassRepo(db);
  const logs = new LogStreams({ events });
  const secrets = new SecretStore(db, config.secretCipher ?? null);
  const registries = new RegistryCredentials(db, secrets);
  const deploys = new DeployRepo(db);
  const deployerRows = new DeployerRows(db);
  const stackRepo = new StackRepo(db);
  const stackRouteRepo = new StackRouteRepo(db);
  const siteRepo = new SiteRepo(db);
  const stops = new StopRepo(db);
  const execHistory = new ExecSessionRepo(db);
  const dnsRepo = new DnsRepo(db);
  const activeDeploys = new Set<string>();
  const stats = new StatsStore(join(config.dataDir, 'stats.db'), { nativeBinding: config.sqliteNativeBinding });
  const channels = new NotifyChannelRepo(db);
  const notifier = new Notifier({
    channels,
    secrets,
    events,
    log,
    names: {
      workload: (id) => nameOr(() => workloads.get(id).name),
      host: (id) => hosts.get(id)?.name ?? null,
      stage: (id) => nameOr(() => workloads.stageContext(id).stage.name),
    },
    desktop: config.desktopNotify ?? null,
    desktopEnabled: () => settings.get().desktopNotifications,
    language: () => settings.get().language,
    ...config.notify,
  });
  const staleWatch = new StaleWatch({
    count: () => containers.staleCount(Date.now() - settings.get().staleAfterDays * DAY_MS),
    afterDays: () => settings.get().staleAfterDays,
    publish: (event) => notifier.publish(event),
    log,
  });
  const stopStaleWatch = events.subscribe((event) => {
    if (event === 'containers.changed') staleWatch.poke();
  });

  /** One scope per host that has a record; built when the host is started, closed when it goes. */
  const scopes = new Map<string, HostScope>();
  let closing: Promise<void> | null = null;
  // Host lifecycle changes run one after another, and never after close() began: two restarts at
  // once would leave the first runtime running unclosed beside the second, writing the same rows.
  let lifecycle: Promise<void> = Promise.resolve();
  const serially = (work: () => Promise<void>): Promise<void> => {
    lifecycle = lifecycle.then(async () => {
      if (!closing) await work();
    });
    return lifecycle;
  };

  const newScope = (hostId: string) =>
    new HostScope({
      hostId,
      hosts,
      workloads,
      secrets,
      deploys,
      deployerRows,
      stacks: stackRepo,
      stackRoutes: stackRouteRepo,
      sites: siteRepo,
      stops,
      siteLimits: config.siteLimits,
      notify: (event) => notifier.publish(event),
      stats,
      statsTickMs: config.statsTickMs,
      dns: dnsRepo,
      dnsOverrides: config.dns,
      events,
      logs,
      log,
      execHistory,
      osUser: osUserName(),
      activeDeploys,
      registryAuth: (image) => registries.pullAuth(image),
      proxyOverrides: config.proxy,
      deployTimings: config.deploy,
      runtimeDeps: () => {
        const saved = settings.get();
        return {
          localSocketPath: config.dockerSocketPath ?? saved.dockerSocketPath,
          dataDir: config.dataDir,
          db,
          containers,
          workloads,
          passes: hostPasses,
          stops,
          secrets,
          events,
          resyncIntervalMs: config.resyncIntervalMs ?? saved.resyncIntervalSec * 1000,
          log,
        };
      },
    });
  /** The scope of a host that has a record (built on demand: a host added a moment ago). */
  const scopeOf = (hostId: string): HostScope => {
    hosts.require(hostId);
    let scope = scopes.get(hostId);
    if (!scope) {
      scope = newScope(hostId);
      scopes.set(hostId, scope);
    }
    return scope;
  };

  const webhooks = new WebhookService({
    repo: new WebhookRepo(db),
    secrets,
    workloads,
    events,
    log,
    targets: {
      deployer: (hostId) => scopeOf(hostId).deployer(),
      stacks: (hostId) => scopeOf(hostId).stacks(),
      sites: (hostId) => scopeOf(hostId).sites(),
      maxArchiveBytes: config.webhooks?.maxArchiveBytes ?? 512 * 1024 ** 2,
      archiveTimeoutMs: 5 * 60_000,
    },
    maxBodyBytes: config.webhooks?.maxBodyBytes,
    timeoutMs: config.webhooks?.timeoutMs,
    duringRotation: config.webhooks?.duringRotation,
    onRefusedRepeatedly: (info) => {
      config.webhooks?.onRefusedRepeatedly?.(info);
      notifier.publish({
        kind: 'webhook.refused',
        workloadId: info.workloadId,
        status: 429,
        reason: `${info.count} bad signatures within a minute; further deliveries from this address are refused for now`,
        remoteAddress: info.address,
      });
    },
  });

  /**
   * What a watch's deploy goes through: the stage's deployer with the exact digest the check saw
   * (by tag, a local image of the old digest under the same tag would be deployed again), or the
   * stack's deploy with a pull (compose pulls and recreates what changed). Busy when one runs now.
   */
  const watchDeploy = (target: WatchTarget, image: { repository: string; digest: string }): 'started' | 'busy' => {
    const scope = scopeOf(target.hostId);
    try {
      if (target.stageId !== null) {
        void scope
          .deployer()
          .begin({ stageId: target.stageId, image: `${image.repository}@${image.digest}` })
          .done.catch((error: unknown) => log(`registry watch: deploy of stage ${target.stageId} crashed: ${String(error)}`));
      } else {
        void scope
          .stacks()
          .begin(target.workloadId, { kind: 'deploy', pull: true })
          .done.catch((error: unknown) => log(`registry watch: deploy of stack ${target.workloadId} crashed: ${String(error)}`));
      }
      return 'started';
    } catch (error) {
      if (error instanceof AppError && (error.code === 'DEPLOY_IN_PROGRESS' || error.code === 'STACK_BUSY')) return 'busy';
      throw error;
    }
  };
  const registryWatcher = new RegistryWatcher({
    watches: new RegistryWatchRepo(db),
    workloads,
    containersOf: (workloadId) => containers.listByWorkload(workloadId),
    docker: (hostId) => scopeOf(hostId).docker(),
    hostKind: (hostId) => hosts.require(hostId).kind,
    login: (registry) => registries.login(registry),
    deploy: watchDeploy,
    onUpdateAvailable: (info) => {
      config.registryWatch?.onUpdateAvailable?.(info);
      notifier.publish({
        kind: 'update.available',
        hostId: info.hostId,
        workloadId: info.workloadId,
        stageId: info.stageId ?? null,
        image: info.image,
        digest: info.digest,
      });
    },
    events,
    log,
    intervalMs: () => config.registryWatch?.intervalMs ?? settings.get().registryWatchIntervalMin * 60_000,
    budgetPerHour: config.registryWatch?.budgetPerHour,
  });

  const services: AppServices = {
    db,
    webhooks,
    registryWatcher,
    containers,
    workloads,
    settings,
    hosts,
    secrets,
    registries,
    deploys,
    deployerRows,
    stops,
    logs,
    stats,
    notifier,
    activeDeploys,
    scope: scopeOf,
    runtime: (hostId) => scopes.get(hostId)?.runtime,
    restartHost: (hostId) => serially(() => scopeOf(hostId).restart()),
    stopHost: (hostId) =>
      serially(async () => {
        const scope = scopes.get(hostId);
        scopes.delete(hostId);
        await scope?.close();
      }),
    deployer: (hostId) => scopeOf(hostId).deployer(),
    proxy: (hostId) => scopeOf(hostId).proxy(),
    setProxy: (hostId, next, npmPassword) => scopeOf(hostId).setProxy(next, npmPassword),
    proxyReconciler: (hostId) => scopeOf(hostId).proxyReconciler(),
    domainOf: (hostId) => scopeOf(hostId).domain(),
    livePull: (hostId, deployId) => scopes.get(hostId)?.livePull(deployId) ?? null,
    hostViews: () =>
      hosts.list().map((h) => {
        const proxy = { ...h.proxy, npmPassword: secrets.npmPasswordKeeping(h.id) };
        const view = scopes.get(h.id)?.view();
        if (view) return { ...view, proxy };
        return {
          proxy,
          id: h.id,
          name: h.name,
          kind: h.kind,
          state: 'down' as const,
          reason: 'not connected',
          reasonCode: 'DOCKER_UNREACHABLE' as const,
          reasonDetails: null,
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
    lastPassAt: (hostId) => scopes.get(hostId)?.runtime?.reconciler.lastSeenAt() ?? hostPasses.get(hostId),
    health: () => ({
      hosts: services.hostViews(),
      reports: [...scopes.values()].flatMap((s) => (s.runtime ? [s.runtime.reconciler.report()] : [])),
      containers: containers.counts(),
      workloads: workloads.countsByKind(),
      unverified: (({ count, oldest }) => ({ count, oldest: withLastSeen(oldest, services.lastPassAt) }))(containers.unverified(10)),
      stale: containers.staleCount(Date.now() - settings.get().staleAfterDays * DAY_MS),
    }),
  };

  // The local host is awaited (its socket answers at once or not at all); SSH hosts connect in the
  // background so a slow or unreachable server does not hold up startup.
  for (const host of hosts.list()) await scopeOf(host.id).restart();

  // Deploys a crash left half-done are settled before anything new can start on the local host (its
  // connection came up during start(), which began the recovery; SSH hosts recover as they connect).
  await scopes.get('local')?.recover();
  // Checks start once the hosts are up: a due deploy needs its host's connection.
  registryWatcher.poke();

  // The listener opens last, once deploys can run; a port it cannot take is its state, not a failed start.
  await webhooks.start();

  // Each room serves its slice of the contract from a narrow set of dependencies; the compiler
  // checks that together they cover every call (Handlers has every call name as a key).
  const docker = (hostId: string) => scopeOf(hostId).docker();
  const requireHost = (hostId: string | undefined) => {
    if (hostId !== undefined && !hosts.get(hostId)) throw new AppError('NOT_FOUND', `there is no host with id ${hostId}`, { hostId });
  };
  const reconcile = (hostId: string) => scopes.get(hostId)?.runtime?.reconciler.trigger() ?? Promise.resolve();
  const reconcileProxy = (hostId: string) => scopeOf(hostId).proxyReconciler().trigger();
  const stale = new StaleService({
    containers,
    records: new StaleRecords(db),
    stops,
    afterDays: () => settings.get().staleAfterDays,
    hostIds: () => hosts.list().map((h) => h.id),
    docker,
    removeRow: (rowId) => deployerRows.remove(rowId),
    changed: (hostId) => events.emit('containers.changed', { hostId }),
  });
  const handlers: Handlers = {
    ...staleHandlers(stale, requireHost),
    ...systemHandlers({
      info: { version: config.version ?? packageVersion, shell: config.shell, platform: process.platform, dataDir: config.dataDir },
      canRememberSecrets: () => secrets.canRemember(),
      health: () => services.health(),
      settings,
      events,
      localRuntimeSettingsChanged: () => (config.dockerSocketPath === undefined ? services.restartHost('local') : Promise.resolve()),
    }),
    ...hostHandlers({
      hosts,
      secrets,
      events,
      log,
      hostViews: () => services.hostViews(),
      runtime: services.runtime,
      restartHost: services.restartHost,
      stopHost: services.stopHost,
      setProxy: services.setProxy,
    }),
    ...containerHandlers({ containers, deployerRows, events, log, requireHost, docker, reconcile, reconcileProxy, lastPassAt: services.lastPassAt, stops }),
    ...logHandlers({ containers, logs, docker }),
    ...execHandlers({
      containers,
      workloads,
      history: execHistory,
      sessionsOf: (hostId) => scopeOf(hostId).exec(),
      allSessions: () => [...scopes.values()].flatMap((scope) => scope.openExec ?? []),
    }),
    ...workloadHandlers({
      workloads,
      events,
      requireHost,
      reconcile,
      release: async (workload) => {
        if (workload.kind === 'stack') await scopeOf(workload.hostId).stackRoutes().forget(workload.id, log);
        if (workload.kind === 'site') await scopeOf(workload.hostId).sites().release(workload.id);
      },
      stackRoutes: stackRouteRepo,
    }),
    ...siteHandlers({ workloads, sites: siteRepo, deploys, stackRoutes: stackRouteRepo, events, reconcileProxy, service: (hostId) => scopeOf(hostId).sites() }),
    ...stackHandlers({
      workloads,
      stacks: stackRepo,
      secrets,
      events,
      requireHost,
      service: (hostId) => scopeOf(hostId).stacks(),
      routes: (hostId) => scopeOf(hostId).stackRoutes(),
    }),
    ...projectHandlers({
      workloads,
      stages: new StageRepo(db),
      deploys,
      deployerRows,
      events,
      log,
      deployer: services.deployer,
      livePull: services.livePull,
      proxy: services.proxy,
      domain: services.domainOf,
      docker,
      reconcile,
      reconcileProxy,
      stackRoutes: stackRouteRepo,
    }),
    ...reconcileHandlers({
      reconcilers: () => hosts.list().flatMap((h) => scopes.get(h.id)?.runtime?.reconciler ?? []),
      reconciler: (hostId) => scopes.get(hostId)?.runtime?.reconciler,
    }),
    ...registryHandlers({ registries, events, log, docker }),
    ...statsHandlers({ store: stats, deploys, workloads, hosts, stops, containers }),
    ...webhookHandlers(webhooks),
    ...registryWatchHandlers({ watcher: registryWatcher, requireHost }),
    ...notifyHandlers({ channels, secrets, notifier, events, log }),
    ...dnsHandlers({
      repo: dnsRepo,
      secrets,
      requireHost: (hostId) => void hosts.require(hostId),
      hostName: (hostId) => hosts.require(hostId).name,
      records: (hostId) => scopeOf(hostId).dnsRecords(),
      emitChanged: (hostId) => events.emit('dns.changed', { hostId }),
      cloudflareBaseUrl: config.dns?.cloudflareBaseUrl,
    }),
  };

  return {
    config,
    handlers,
    events,
    services,
    closeConnection: async (connectionId) => {
      await Promise.all([logs.closeConnection(connectionId), ...[...scopes.values()].map((scope) => scope.openExec?.closeConnection(connectionId))]);
    },
    close() {
      // The webhook listener, then log streams (they read from the hosts' connections and tell their clients why they
      // end), a lifecycle change in flight, then every host's scope (deploys stop at their next
      // wait, reconcilers stop writing), then the database they write to, then the folder lock.
      closing ??= (async () => {
        // The listener first: no delivery may start a deploy on a scope that is closing.
        await webhooks.close();
        await logs.closeAll();
        // No new check or watch deploy once the hosts begin to close.
        await registryWatcher.close();
        await lifecycle.catch(() => undefined);
        await Promise.all([...scopes.values()].map((scope) => scope.close()));
        scopes.clear();
        // After the hosts (their last events may still publish), before the database it records into.
        stopStaleWatch();
        staleWatch.close();
        await notifier.close();
        stats.close();
        db.close();
        lock.release();
      })();
      return closing;
    },
  };
}

/** A name from a lookup that throws NOT_FOUND for a row that is gone: null then. */
function nameOr(lookup: () => string | null): string | null {
  try {
    return lookup();
  } catch {
    return null;
  }
}

/** Who opens terminals, for their history: the OS account the app runs as. */
function osUserName(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry for the uid (some containers): the variable is the next best witness.
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
