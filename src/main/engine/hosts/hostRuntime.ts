// What runs for one host: its Docker connection (over the local socket or SSH), its reconciler,
// and for an SSH host that asks for it, the exposed local socket. Started and closed together; the
// connection state is forwarded to the event bus.
import type { Database } from 'better-sqlite3';
import type { HostKey, HostView } from '../../../shared/types';
import { LocalDialer } from '../docker/dialer';
import type { DockerDialer } from '../docker/dialer';
import { DockerConnection } from '../docker/dockerConnection';
import { ExposedSocket, exposedSocketPath } from '../docker/exposedSocket';
import { SshDialer } from '../docker/sshDialer';
import type { EventBus } from '../events';
import { Reconciler } from '../reconciler/reconciler';
import type { ReconcilerDeps } from '../reconciler/reconciler';
import type { ContainerRepo } from '../store/containerRepo';
import type { HostPassRepo } from '../store/hostPassRepo';
import type { HostRecord } from '../store/hostRepo';
import type { SecretStore } from '../store/secretStore';
import type { StopRepo } from '../store/stopRepo';
import type { WorkloadRepo } from '../store/workloadRepo';

export interface HostRuntimeDeps {
  host: HostRecord;
  /** For the local host: its socket path. */
  localSocketPath: string;
  dataDir: string;
  db: Database;
  containers: ContainerRepo;
  workloads: WorkloadRepo;
  passes: HostPassRepo;
  /** Where the reconciler records why containers stopped. */
  stops?: StopRepo;
  secrets: SecretStore;
  events: EventBus;
  resyncIntervalMs: number;
  log: (message: string) => void;
  /** After each successful reconcile pass of this host (the proxy reconcile). */
  onPass?: () => void;
  /** Crashes and health turning bad, for the notifier. */
  notify?: ReconcilerDeps['notify'];
}

export class HostRuntime {
  readonly host: HostRecord;
  readonly connection: DockerConnection;
  readonly reconciler: Reconciler;
  private readonly exposed: ExposedSocket | null;
  private readonly stopForwarding: () => void;
  /** The last key the server offered that does not match the pin, for the user to review. */
  offeredHostKey: HostKey | null = null;
  private starting: Promise<void> | null = null;

  constructor(private readonly deps: HostRuntimeDeps) {
    const { host, events } = deps;
    this.host = host;
    let dialer: DockerDialer;
    if (host.kind === 'ssh' && host.ssh) {
      dialer = new SshDialer({
        settings: host.ssh,
        pinned: host.hostKey,
        passphrase: deps.secrets.passphrase(host.id),
        onOfferedKey: (key) => {
          this.offeredHostKey = key;
          events.emit('hosts.changed', { hostId: host.id });
        },
      });
    } else {
      dialer = new LocalDialer(deps.localSocketPath);
    }
    this.connection = new DockerConnection({ hostId: host.id, dialer });
    this.exposed = host.ssh?.exposeSocket ? new ExposedSocket(exposedSocketPath(host.id), () => this.connection.currentSession) : null;
    this.reconciler = new Reconciler({
      hostId: host.id,
      lister: this.connection,
      watch: (listener) => this.connection.watch(listener),
      db: deps.db,
      containers: deps.containers,
      workloads: deps.workloads,
      passes: deps.passes,
      stops: deps.stops,
      events,
      resyncIntervalMs: deps.resyncIntervalMs,
      log: deps.log,
      onPass: deps.onPass ? () => deps.onPass?.() : undefined,
      notify: deps.notify,
    });
    this.stopForwarding = this.connection.onState((status) => {
      // An offer is only good while the server is refusing: once connected with the pinned key, a
      // stale offer (from an impostor seen earlier) must not be acceptable any more.
      if (status.state === 'up') this.offeredHostKey = null;
      // Out of sight from now on: keep when its containers were last listed, for a restart meanwhile.
      if (status.state === 'down') this.reconciler.checkpoint();
      if (status.state === 'up' && deps.secrets.pendingRemember(host.id)) deps.secrets.confirmRemember(host.id);
      events.emit('host.state', {
        hostId: host.id,
        state: status.state,
        reason: status.reason,
        reasonCode: status.code,
        reasonDetails: status.details,
        since: status.since,
        latencyMs: status.latencyMs,
      });
    });
  }

  /** Watches first, then connects: the connection's first `resync` signal drives the boot pass. */
  start(): Promise<void> {
    this.starting ??= (async () => {
      void this.reconciler.start();
      if (this.exposed) {
        await this.exposed.start().catch((error: unknown) => this.deps.log(`cannot expose a socket for host ${this.host.name}: ${String(error)}`));
      }
      await this.connection.start();
    })();
    return this.starting;
  }

  /**
   * Whether `key` may be accepted now: the server is refusing it at this moment, and it was offered
   * for the address and port the host still has (an edit may have moved it since).
   */
  offers(key: string, current: { address: string; port: number } | null): boolean {
    const status = this.connection.status;
    const refusing = status.code === 'SSH_HOST_KEY_UNKNOWN' || status.code === 'SSH_HOST_KEY_CHANGED';
    const samePlace = current !== null && this.host.ssh?.address === current.address && this.host.ssh?.port === current.port;
    return refusing && samePlace && this.offeredHostKey?.fingerprint === key;
  }

  /** The host as the UI sees it, but for its proxy settings (the app adds those from the store). */
  view(): Omit<HostView, 'proxy'> {
    const status = this.connection.status;
    return {
      id: this.host.id,
      name: this.host.name,
      kind: this.host.kind,
      state: status.state,
      reason: status.reason,
      reasonCode: status.code,
      reasonDetails: status.details,
      since: status.since,
      dockerVersion: status.dockerVersion,
      latencyMs: status.latencyMs,
      ssh: this.host.ssh,
      hostKey: this.host.hostKey,
      offeredHostKey: status.code === 'SSH_HOST_KEY_UNKNOWN' || status.code === 'SSH_HOST_KEY_CHANGED' ? this.offeredHostKey : null,
      needsPassphrase: status.code === 'SSH_PASSPHRASE_NEEDED' || status.code === 'SSH_BAD_PASSPHRASE',
      localSocketPath: this.exposed?.listening && status.state === 'up' ? this.exposed.path : null,
    };
  }

  async close(): Promise<void> {
    await this.reconciler.close();
    this.stopForwarding();
    // Closing the connection first ends a connect attempt in flight; then start() has settled, so
    // the exposed socket is either listening (and closed here) or never will be.
    await this.connection.close();
    await this.starting?.catch(() => undefined);
    await this.exposed?.close();
  }
}
