// Everything that runs for one host, owned in one place: its runtime (the Docker connection and the
// reconciler, replaced on a restart), its reverse proxy driver, the proxy's reconcile and the
// deployer. Built on first use, closed in reverse order by close(). A new per-host service is one
// getter here and one line in close().
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import { AppError } from '../../../shared/errors';
import type { HostView, ProxySettings } from '../../../shared/types';
import type { TcpDial } from '../docker/dialer';
import { dialProbe } from '../docker/healthProbe';
import type { PullAuth } from '../docker/pullImage';
import type { EventBus } from '../events';
import type { LogStreams } from '../logs/logStreams';
import { DnsRecords } from '../dns/dnsRecords';
import { ExecSessions } from '../exec/execSessions';
import type { DnsRepo } from '../store/dnsRepo';
import type { ExecSessionRepo } from '../store/execSessionRepo';
import { HostRuntime } from './hostRuntime';
import type { HostRuntimeDeps } from './hostRuntime';
import { Deployer, stageTargetOf } from '../projects/deployer';
import { CaddyDriver } from '../proxy/caddyDriver';
import { NpmDriver } from '../proxy/npmDriver';
import { NoneProxyDriver } from '../proxy/proxyDriver';
import type { AttachableProxy } from '../proxy/proxyDriver';
import { ProxyReconciler } from '../proxy/proxyReconciler';
import { BlueGreenRunner } from '../bluegreen/runner';
import type { RunnerDeps } from '../bluegreen/runner';
import { SiteService } from '../sites/siteService';
import { siteTargetOf } from '../sites/siteServer';
import { StackRoutes } from '../stacks/stackRoutes';
import { StackService } from '../stacks/stackService';
import type { DeployRepo } from '../store/deployRepo';
import type { DeployerRows } from '../store/deployerRows';
import type { HostRepo } from '../store/hostRepo';
import type { SecretStore } from '../store/secretStore';
import type { StackRepo } from '../store/stackRepo';
import type { SiteRepo } from '../store/siteRepo';
import type { StopRepo } from '../store/stopRepo';
import type { SiteLimits } from '../sites/siteSource';
import { StatsCollector } from '../stats/statsCollector';
import type { StatsStore } from '../stats/statsStore';
import type { StackRouteRepo } from '../store/stackRouteRepo';
import type { WorkloadRepo } from '../store/workloadRepo';
import type { NotifyEvent } from '../../../shared/notify';
import { deployReporter } from '../notify/deployOutcome';

/** What a scope takes from the app's core: shared repositories, the bus and the config overrides. */
export interface HostScopeDeps {
  hostId: string;
  hosts: HostRepo;
  workloads: WorkloadRepo;
  secrets: SecretStore;
  deploys: DeployRepo;
  deployerRows: DeployerRows;
  stacks: StackRepo;
  stackRoutes: StackRouteRepo;
  sites: SiteRepo;
  /** Stop intents: written before the app stops a container itself, read by the reconciler. */
  stops: StopRepo;
  events: EventBus;
  /** The open log streams (indexed by connection); the scope ends its host's when it closes. */
  logs: Pick<LogStreams, 'closeHost'>;
  log: (message: string) => void;
  /** Deploys running in this process (shared by every deployer: recovery skips them). */
  activeDeploys: Set<string>;
  registryAuth: (image: string) => PullAuth | null;
  /** The runtime's settings as they are now (socket path, resync tick): read on every (re)start. */
  runtimeDeps: () => Omit<HostRuntimeDeps, 'host' | 'onPass'>;
  /** The terminal sessions' history, and the OS user it names. */
  execHistory: ExecSessionRepo;
  osUser: string;
  /** Test and bench overrides of the managed proxy and of deploy timings (AppConfig). */
  proxyOverrides?: { image?: string; httpPort?: number; name?: string; network?: string; domain?: string };
  deployTimings?: { drainMs?: number; stopTimeoutSec?: number; afterStep?: RunnerDeps['afterStep'] };
  /** Test overrides of a site upload's limits (entries, bytes). */
  siteLimits?: Partial<SiteLimits>;
  /** Where the host's stats collector writes its samples (the app's one stats database). */
  stats: StatsStore;
  /** Test and bench override of the stats tick (5 s). */
  statsTickMs?: number;
  /** The notifier's publish: deploy outcomes, crashes, health and the host's ups and downs. Never blocks. */
  notify: (event: NotifyEvent) => void;
  /** The DNS settings and the app's own DNS records (migration 0018). */
  dns: DnsRepo;
  /** Test overrides of the DNS pass's slow tick and of Cloudflare's API address. */
  dnsOverrides?: { tickMs?: number; cloudflareBaseUrl?: string };
}

export class HostScope {
  readonly hostId: string;
  private current: HostRuntime | null = null;
  private proxyDriver: AttachableProxy | null = null;
  private proxyReconcile: ProxyReconciler | null = null;
  private deployerInstance: Deployer | null = null;
  private stackService: StackService | null = null;
  private stackRouting: StackRoutes | null = null;
  private siteRunnerInstance: BlueGreenRunner | null = null;
  private siteService: SiteService | null = null;
  private execSessions: ExecSessions | null = null;
  private collector: StatsCollector | null = null;
  private dnsRecordsInstance: DnsRecords | null = null;
  /** Recovery in flight: single-flight, so a flapping connection never runs two at once. */
  private recovering: Promise<void> | null = null;
  private closed = false;
  /** The host has been up in this session: only then is a drop news, and a return after it. */
  private wasUp = false;
  private downNotified = false;
  private readonly reportDeploy: ReturnType<typeof deployReporter>;

  constructor(private readonly deps: HostScopeDeps) {
    this.hostId = deps.hostId;
    this.reportDeploy = deployReporter(deps.notify);
    // No other process uses the data folder (its lock): a stack operation recorded as running was
    // cut short by a crash, and would otherwise hold its stack busy for good.
    this.stacks().settleInterrupted();
    // Likewise a terminal recorded as open ended with the process that ran it.
    deps.execHistory.settleInterrupted(this.hostId);
  }

  /** The connection and reconciler of the host's current session, if it has one. */
  get runtime(): HostRuntime | undefined {
    return this.current ?? undefined;
  }

  /** (Re)builds the runtime from the host's saved record: settings, pinned key or passphrase changed. */
  async restart(): Promise<void> {
    const previous = this.current;
    this.current = null;
    await previous?.close();
    const host = this.deps.hosts.get(this.hostId);
    if (this.closed || !host) return;
    const runtime = new HostRuntime({
      ...this.deps.runtimeDeps(),
      host,
      notify: this.deps.notify,
      // Level-triggered, like the reconciler: a deploy left running (its undo failed while the host
      // was unreachable) is settled on the next pass. Recovery first (it may switch a route), then
      // the proxy's own reconcile.
      onPass: () => {
        // Containers that started or stopped in this pass are streamed or ended at once.
        this.collector?.sync();
        void this.recover().then(() => {
          if (!this.closed) void this.proxyReconciler().trigger();
        });
      },
    });
    this.current = runtime;
    // Recovery whenever the connection comes up, not only at boot (an SSH host connects later).
    runtime.connection.onState((status) => {
      if (status.state === 'up') {
        void this.recover();
        // A pass on connect: the host is back, its records are looked at again.
        void this.dnsRecords().trigger();
        // Streams cut by a dropped connection are opened again on the new one.
        this.collector?.sync();
      }
      // A terminal's attach connection rode the session that dropped: tell its client now.
      if (status.state === 'down') void this.execSessions?.hostDown(status.reason);
      // Only the current session's changes: a restart closes the old one on purpose.
      if (runtime === this.current && !this.closed) this.noteHostState(status.state, status.reason);
    });
    this.statsCollector().start();
    this.dnsRecords().start();
    // An SSH handshake can take seconds: the caller learns the outcome from host.state events.
    if (host.kind === 'local') await runtime.start();
    else void runtime.start();
  }

  /** Host down after it was up, and back up after a drop that was told: each once per change. */
  private noteHostState(state: string, reason: string | null): void {
    if (state === 'up') {
      if (this.downNotified) this.deps.notify({ kind: 'host.up', hostId: this.hostId });
      this.wasUp = true;
      this.downNotified = false;
    } else if (state === 'down' && this.wasUp && !this.downNotified) {
      this.downNotified = true;
      this.deps.notify({ kind: 'host.down', hostId: this.hostId, reason });
    }
  }

  /** The dockerode client of the current session, or DOCKER_UNREACHABLE. */
  docker(): Dockerode {
    const runtime = this.current;
    if (!runtime || runtime.connection.status.state !== 'up') throw this.unreachable();
    return runtime.connection.docker;
  }

  /** TCP from the Docker host, over the current session (the one SSH connection, or local). */
  readonly dial: TcpDial = (host, port) => {
    const runtime = this.current;
    if (!runtime) return Promise.reject(this.unreachable());
    return runtime.connection.dial(host, port);
  };

  /** DOCKER_UNREACHABLE, with why the connection is down (its own code and details) when known. */
  private unreachable(): AppError {
    const status = this.current?.connection.status;
    const cause = status?.code ? { cause: status.code, ...(status.details ?? {}) } : {};
    return new AppError('DOCKER_UNREACHABLE', `host ${this.hostId} is not connected; nothing was changed.`, { hostId: this.hostId, ...cause });
  }

  /** The domain routes hang under (`<subdomain>.<domain>`), from the host's proxy settings. */
  domain(): string {
    return this.deps.proxyOverrides?.domain ?? this.deps.hosts.require(this.hostId).proxy.domain;
  }

  /**
   * The reverse proxy deploys route through, as the host's settings name it, built on first use
   * (no I/O until used) and rebuilt after the settings change.
   */
  proxy(): AttachableProxy {
    if (this.proxyDriver) return this.proxyDriver;
    const settings = this.deps.hosts.require(this.hostId).proxy;
    const overrides = this.deps.proxyOverrides;
    if (settings.kind === 'caddy') {
      this.proxyDriver = new CaddyDriver({
        docker: () => this.docker(),
        dial: this.dial,
        image: overrides?.image ?? settings.image,
        name: overrides?.name,
        network: overrides?.network,
        httpPort: overrides?.httpPort ?? settings.httpPort,
        registryAuth: this.deps.registryAuth,
      });
    } else if (settings.kind === 'npm') {
      const password = this.deps.secrets.npmPassword(this.hostId);
      if (!settings.npm || !password) {
        throw new AppError(
          'PROXY_UNAVAILABLE',
          `the Nginx Proxy Manager ${settings.npm ? 'password' : 'address and login'} of host ${this.deps.hosts.require(this.hostId).name} is not known${settings.npm ? ' in this session' : ''}: enter it in the host's proxy settings.`,
          { host: this.deps.hosts.require(this.hostId).name },
        );
      }
      this.proxyDriver = new NpmDriver({ url: settings.npm.url, identity: settings.npm.email, secret: password });
    } else {
      this.proxyDriver = new NoneProxyDriver();
    }
    return this.proxyDriver;
  }

  /** Saves the host's proxy settings (and the NPM password, if given) and rebuilds its proxy. */
  async setProxy(next: ProxySettings, npmPassword?: string): Promise<void> {
    // The secret first: the keychain can refuse, and then nothing of the change may be saved.
    if (npmPassword !== undefined) this.deps.secrets.setNpmPassword(this.hostId, npmPassword);
    this.deps.hosts.setProxy(this.hostId, next);
    const previous = this.proxyDriver;
    this.proxyDriver = null;
    await previous?.close();
    // A new domain or port takes effect on the routes that exist: the reconcile rewrites them.
    if (this.current?.connection.status.state === 'up') void this.proxyReconciler().trigger();
  }

  /** The proxy reconcile (restores the managed Caddy and its routes), built on first use. */
  proxyReconciler(): ProxyReconciler {
    this.proxyReconcile ??= new ProxyReconciler({
      hostId: this.hostId,
      proxy: () => this.proxy(),
      docker: () => this.docker(),
      rows: this.deps.deployerRows,
      targetOf: (key) => this.targetOf(key),
      serviceRoutes: () => this.stackRoutes().desired(),
      deploys: this.deps.deploys,
      domain: () => this.domain(),
      probe: dialProbe(this.dial),
      log: this.deps.log,
    });
    return this.proxyReconcile;
  }

  /** The blue-green target a key names, whatever its kind (a project stage, a site). */
  private targetOf(key: string) {
    return stageTargetOf(this.deps.workloads, key) ?? siteTargetOf(this.deps.workloads, key);
  }

  /** What every blue-green runner of the host shares (the deployer's of stages, the sites'), but its targets. */
  private runnerDeps(): Omit<RunnerDeps, 'targetOf'> {
    const { events } = this.deps;
    return {
      hostId: this.hostId,
      docker: () => this.docker(),
      dial: this.dial,
      proxy: () => this.proxy(),
      deploys: this.deps.deploys,
      rows: this.deps.deployerRows,
      events,
      log: this.deps.log,
      domain: () => this.domain(),
      drainMs: this.deps.deployTimings?.drainMs,
      stopTimeoutSec: this.deps.deployTimings?.stopTimeoutSec,
      afterStep: this.deps.deployTimings?.afterStep,
      registryAuth: this.deps.registryAuth,
      active: this.deps.activeDeploys,
      intendStop: (dockerIds) => this.deps.stops.intend(this.hostId, dockerIds, 'drain'),
      onChange: (d) => {
        this.reportDeploy(d);
        events.emit('deploys.changed', {
          hostId: d.hostId,
          workloadId: d.workloadId,
          targetKey: d.targetKey,
          stageId: d.stageId,
          deployId: d.id,
          status: d.status,
        });
      },
    };
  }

  /** The host's deployer, built on first use; closed (its waits aborted) with the scope. */
  deployer(): Deployer {
    if (this.closed) throw new AppError('CONFLICT', `Tinyforge is closing host ${this.hostId}; try again once it is back.`);
    this.deployerInstance ??= new Deployer({ ...this.runnerDeps(), workloads: this.deps.workloads });
    return this.deployerInstance;
  }

  /** The host's compose stacks (their operations run by the compose CLI on the host). */
  stacks(): StackService {
    if (this.closed) throw new AppError('CONFLICT', `Tinyforge is closing host ${this.hostId}; try again once it is back.`);
    this.stackService ??= new StackService({
      hostId: this.hostId,
      docker: () => this.docker(),
      shell: () => {
        const runtime = this.current;
        if (!runtime || runtime.connection.status.state !== 'up') throw this.unreachable();
        return runtime.connection.shell();
      },
      // An SSH host keeps its stacks' files in the login's home; this computer, in the data folder.
      stacksDir: this.deps.hosts.require(this.hostId).kind === 'local' ? join(this.deps.runtimeDeps().dataDir, 'stacks') : '~/.tinyforge/stacks',
      stacks: this.deps.stacks,
      secrets: this.deps.secrets,
      workloads: this.deps.workloads,
      events: this.deps.events,
      log: this.deps.log,
      reconcile: () => this.current?.reconciler.trigger() ?? Promise.resolve(),
      registryAuth: this.deps.registryAuth,
      beforeDown: (project) => this.stackRoutes().releaseNetworks(project),
      intendStop: (workloadId, service) => {
        const rows = this.deps.runtimeDeps().containers.listByWorkload(workloadId);
        const ids = rows.filter((c) => c.hostId === this.hostId && (service === null || c.role === service)).map((c) => c.dockerId);
        return this.deps.stops.intend(this.hostId, ids, 'stack');
      },
      managedProxyName: () => {
        const proxy = this.deps.hosts.get(this.hostId)?.proxy.kind === 'caddy' ? this.proxy() : null;
        return proxy && 'name' in proxy && typeof proxy.name === 'string' ? proxy.name : null;
      },
    });
    return this.stackService;
  }

  /** The blue-green runner of the host's sites (its recovery knows site keys only); closed with the scope. */
  siteRunner(): BlueGreenRunner {
    if (this.closed) throw new AppError('CONFLICT', `Tinyforge is closing host ${this.hostId}; try again once it is back.`);
    this.siteRunnerInstance ??= new BlueGreenRunner({
      ...this.runnerDeps(),
      targetOf: (key) => siteTargetOf(this.deps.workloads, key),
      // A site version's drain is the app's stop too, told apart from a stage's in the stop history.
      intendStop: (dockerIds) => this.deps.stops.intend(this.hostId, dockerIds, 'site'),
    });
    return this.siteRunnerInstance;
  }

  /** The host's static sites: uploads into versioned volumes, served through the site runner. */
  sites(): SiteService {
    if (this.closed) throw new AppError('CONFLICT', `Tinyforge is closing host ${this.hostId}; try again once it is back.`);
    this.siteService ??= new SiteService({
      hostId: this.hostId,
      docker: () => this.docker(),
      sites: this.deps.sites,
      workloads: this.deps.workloads,
      deploys: this.deps.deploys,
      runner: () => this.siteRunner(),
      image: () => this.deps.proxyOverrides?.image ?? this.deps.hosts.require(this.hostId).proxy.image,
      registryAuth: this.deps.registryAuth,
      servingTag: (siteId) => this.deps.sites.servingTag(this.hostId, siteId),
      removeRoute: (routeId) => this.proxy().removeRoute(routeId),
      removeRow: (rowId) => this.deps.deployerRows.remove(rowId),
      events: this.deps.events,
      log: this.deps.log,
      limits: this.deps.siteLimits,
    });
    return this.siteService;
  }

  /** The host's open terminals (Docker execs with a TTY), each tied to the connection that opened it. */
  exec(): ExecSessions {
    if (this.closed) throw new AppError('CONFLICT', `Tinyforge is closing host ${this.hostId}; try again once it is back.`);
    this.execSessions ??= new ExecSessions({
      hostId: this.hostId,
      docker: () => this.docker(),
      events: this.deps.events,
      history: this.deps.execHistory,
      osUser: this.deps.osUser,
    });
    return this.execSessions;
  }

  /** The terminals that exist now (none built yet: none open), for finding a session by id. */
  get openExec(): ExecSessions | null {
    return this.execSessions;
  }

  /** The host's stacks' published services: recorded here, routed by the proxy reconcile. */
  stackRoutes(): StackRoutes {
    this.stackRouting ??= new StackRoutes({
      hostId: this.hostId,
      routes: this.deps.stackRoutes,
      docker: () => this.docker(),
      proxyKind: () => this.deps.hosts.require(this.hostId).proxy.kind,
      proxy: () => this.proxy(),
      domain: () => this.domain(),
      stack: (id) => this.stacks().stack(id),
      workloads: () => this.deps.workloads.list(this.hostId),
      reconcileProxy: () => this.proxyReconciler().trigger(),
      proxyIdle: () => this.proxyReconciler().idle(),
      busy: (id) => this.deps.stacks.running(this.hostId).some((o) => o.workloadId === id),
    });
    return this.stackRouting;
  }

  /** The host's stats collector: one stats stream per running owned container, on the current session. */
  statsCollector(): StatsCollector {
    this.collector ??= new StatsCollector({
      hostId: this.hostId,
      docker: () => this.docker(),
      isUp: () => this.current?.connection.status.state === 'up',
      owned: () => this.deps.runtimeDeps().containers.runningOwned(this.hostId),
      store: this.deps.stats,
      events: this.deps.events,
      log: this.deps.log,
      tickMs: this.deps.statsTickMs,
    });
    return this.collector;
  }

  /**
   * The host's DNS records (created on a stage's or site's first deploy, moved on rename, removed
   * with it, checked for drift). Talks to the DNS provider from this computer, not the Docker host.
   */
  dnsRecords(): DnsRecords {
    this.dnsRecordsInstance ??= new DnsRecords({
      hostId: this.hostId,
      hostName: () => this.deps.hosts.get(this.hostId)?.name ?? this.hostId,
      repo: this.deps.dns,
      secrets: this.deps.secrets,
      domain: () => this.domain(),
      events: this.deps.events,
      log: this.deps.log,
      tickMs: this.deps.dnsOverrides?.tickMs,
      cloudflareBaseUrl: this.deps.dnsOverrides?.cloudflareBaseUrl,
    });
    return this.dnsRecordsInstance;
  }

  /** The live pull of a running deploy, if this host's deployer has one (never builds a deployer). */
  livePull(deployId: string) {
    return this.deployerInstance?.livePull(deployId) ?? null;
  }

  /**
   * Settles the deploys a crash (or a lost connection) left half-done on the host. Runs each time
   * the host's connection comes up and after each reconcile pass; single-flight.
   */
  recover(): Promise<void> {
    if (this.recovering) return this.recovering;
    const work = (async () => {
      if (this.closed) return;
      if (this.deps.sites.uploading(this.hostId).length > 0) await this.sites().settleInterrupted();
      if (!this.deps.deploys.running().some((d) => d.hostId === this.hostId)) return;
      await this.deployer().recover();
      await this.siteRunner().recover();
    })()
      .catch((error: unknown) => this.deps.log(`deploy recovery on host ${this.hostId} failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.recovering = null;
      });
    this.recovering = work;
    return work;
  }

  /** The host as the UI sees it, but for its proxy settings; null without a runtime. */
  view(): Omit<HostView, 'proxy'> | null {
    return this.current?.view() ?? null;
  }

  /**
   * Closes everything in reverse order of dependence: the stats streams, the host's terminals, log streams and the deployer first
   * (no new deploy; running ones stop at their next wait and stay recorded for recovery), then the
   * proxy reconcile and any recovery in flight, then the runtime (its reconciler stops writing),
   * then the proxy driver.
   */
  async close(): Promise<void> {
    this.closed = true;
    await this.dnsRecordsInstance?.close();
    await this.collector?.close();
    await this.execSessions?.closeAll();
    await this.deps.logs.closeHost(this.hostId, { reason: 'host-down', message: 'Tinyforge stopped watching this host.' });
    await this.stackService?.close();
    await this.siteService?.close();
    await this.deployerInstance?.close();
    await this.siteRunnerInstance?.close();
    await this.proxyReconcile?.close();
    await this.recovering;
    const runtime = this.current;
    this.current = null;
    await runtime?.close();
    await this.proxyDriver?.close().catch(() => undefined);
  }
}
