// What runs for one connected host: its Docker connection and its reconciler, started and closed
// together, with the connection state forwarded to the event bus.
import type { Database } from 'better-sqlite3';
import { DockerConnection } from './docker/dockerConnection';
import type { EventBus } from './events';
import { Reconciler } from './reconciler/reconciler';
import type { ContainerRepo } from './store/containerRepo';
import type { WorkloadRepo } from './store/workloadRepo';

export interface HostRuntimeDeps {
  hostId: string;
  socketPath: string;
  db: Database;
  containers: ContainerRepo;
  workloads: WorkloadRepo;
  events: EventBus;
  resyncIntervalMs: number;
  log: (message: string) => void;
}

export class HostRuntime {
  readonly connection: DockerConnection;
  readonly reconciler: Reconciler;
  private readonly stopForwarding: () => void;

  constructor(deps: HostRuntimeDeps) {
    this.connection = new DockerConnection({ hostId: deps.hostId, socketPath: deps.socketPath });
    this.reconciler = new Reconciler({
      hostId: deps.hostId,
      lister: this.connection,
      watch: (listener) => this.connection.watch(listener),
      db: deps.db,
      containers: deps.containers,
      workloads: deps.workloads,
      events: deps.events,
      resyncIntervalMs: deps.resyncIntervalMs,
      log: deps.log,
    });
    this.stopForwarding = this.connection.onState((status) => {
      deps.events.emit('host.state', { hostId: deps.hostId, state: status.state, reason: status.reason, since: status.since });
    });
  }

  /** Watches first, then connects: the connection's first `resync` signal drives the boot pass. */
  async start(): Promise<void> {
    void this.reconciler.start();
    await this.connection.start();
  }

  async close(): Promise<void> {
    await this.reconciler.close();
    this.stopForwarding();
    await this.connection.close();
  }
}
