// The blue-green step runner: a persisted run record advanced step by step (deployPlan's steps:
// image, proxy made ready, placeholder row, container created on the target's network, started,
// health-checked, route switched atomically by the proxy driver, old instances drained and stopped,
// instances beyond the target's maximum removed), one run per target, crash recovery from the
// record, and close() that stops every run at its next wait. What it runs on is a BlueGreenTarget:
// a project stage today (projects/deployer.ts), a site's versions next. A failure before the switch
// undoes the new instance and leaves the route alone, so the target keeps serving what it served.
//
// Over 400 lines on purpose: the steps, their undo and their recovery are one state machine, and
// reading them apart would hide which step a recovery resumes.
import type Dockerode from 'dockerode';
import { AppError } from '../../../shared/errors';
import type { DeployFailure, PullProgress, WorkloadKind } from '../../../shared/types';
import type { DeployStep } from '../../../shared/deploySteps';
import { localDial } from '../docker/dialer';
import type { TcpDial } from '../docker/dialer';
import { canonicalLabels } from '../docker/labels';
import { ignoreNotFound, ignoreNotModifiedOrNotFound } from '../docker/dockerErrors';
import { dialProbe, isHealthyStatus } from '../docker/healthProbe';
import type { HealthProbe } from '../docker/healthProbe';
import { PullError } from '../docker/pullError';
import { pullImage } from '../docker/pullImage';
import type { PullAuth, PullOptions } from '../docker/pullImage';
import type { EventBus } from '../events';
import type { AttachableProxy, RoutedTarget } from '../proxy/proxyDriver';
import type { DeployKind, DeployRecord, DeployRepo } from '../store/deployRepo';
import type { DeployerRows, StageInstance } from '../store/deployerRows';
import { containerExited, DeployError, watchExit } from './containerExit';
import { instancesToRemove, recoveryFor } from './steps';

/**
 * What a run deploys to. `key` identifies the target: one run per key at a time (the run record's
 * target_key; an instance row's target_key is derived from its kind: a project row's stage, a
 * site row's workload), and the id of its route until the proxy names its own.
 */
export interface BlueGreenTarget extends RoutedTarget {
  workloadId: string;
  kind: Extract<WorkloadKind, 'project' | 'site'>;
  /** The stage a project target is (its runs go with it); null for a site. */
  stageId: string | null;
  /** The `tinyforge.role` of its instances (a stage's name, `site`). */
  role: string;
  healthTimeoutSec: number;
  maxInstances: number;
  /** The deployer-owned subdomain column of its instance rows. */
  subdomain: string | null;
  /** What an instance row records as its tag (a site's version, `v3`); absent: the image's tag. */
  instanceTag?: string;
  /** The name of a new instance of run `runId` (read back from its row after that). */
  containerName(runId: string): string;
  /** What Docker creates for an instance of `image` (labels, env, init); the runner adds name, image and network. */
  createOptions(image: string): Dockerode.ContainerCreateOptions;
}

export interface RunnerDeps {
  hostId: string;
  /** The dockerode client of the host's current session. */
  docker: () => Dockerode;
  /**
   * The proxy, or a getter for the host's current one (rebuilt when its settings change); `attach`
   * joins it to a workload network when the driver needs that (Caddy).
   */
  proxy: AttachableProxy | (() => AttachableProxy);
  deploys: DeployRepo;
  rows: DeployerRows;
  /**
   * The target a recorded run was for (recovery rebuilds it from the record's key); null for a key
   * that is not this runner's (another kind's runner recovers it).
   */
  targetOf: (key: string) => BlueGreenTarget | null;
  events: EventBus;
  log: (message: string) => void;
  /** How long the old instance keeps serving requests already in flight after the switch. */
  drainMs?: number;
  /** docker stop's grace before SIGKILL for the drained instance. */
  stopTimeoutSec?: number;
  /** Pause between health probes (250 ms by default). */
  healthIntervalMs?: number;
  /** Told of every change to a run record (progress for the UI). */
  onChange?: (deploy: DeployRecord) => void;
  /** Test hook: awaited after each step is recorded (the crash tests pause here and kill -9). */
  afterStep?: (step: DeployStep, deployId: string) => Promise<void>;
  /** Public host names are `<subdomain>.<domain>`; a getter follows the host's proxy settings. */
  domain?: string | (() => string);
  /** TCP from the Docker host, for the health probe (defaults to this machine: the local host). */
  dial?: TcpDial;
  /** Runs in this process, shared by every runner of one app (the app's activeDeploys). */
  active?: Set<string>;
  /** Overrides the health probe (defaults to a GET dialled through `dial`). */
  probe?: HealthProbe;
  /** Bounds and report rate of image pulls (pullImage.ts has the defaults). */
  pull?: Omit<PullOptions, 'onProgress' | 'auth'>;
  /** The saved login for an image's registry; null: anonymous. */
  registryAuth?: (image: string) => PullAuth | null;
  /**
   * Records that the app is about to stop these containers (so their exit is never a crash), under
   * the reason of the runner's owner: a stage's drain, a site version's.
   */
  intendStop?: (dockerIds: string[]) => () => void;
}

export class BlueGreenRunner {
  private readonly deps: RunnerDeps;
  private readonly probe: HealthProbe;
  /** Pull progress of running deploys, by deploy id: transient, so kept here and not in the record. */
  private readonly pulls = new Map<string, PullProgress>();
  /**
   * Deploys this process is running now, whichever Deployer runs them (the app's per host, and the
   * ones tests and benches build beside it share the app's set): recover() must not mistake them
   * for crashed ones.
   */
  private readonly active: Set<string>;
  /** Aborted by close(): every wait of a running deploy (pull, health, drain) ends at once. */
  private readonly stopping = new AbortController();
  /** The runs in flight, which close() awaits before the database can close under them. */
  private readonly runs = new Set<Promise<unknown>>();
  private recovering: Promise<DeployRecord[]> | null = null;

  constructor(deps: RunnerDeps) {
    this.deps = deps;
    this.probe = deps.probe ?? dialProbe(deps.dial ?? localDial);
    this.active = deps.active ?? new Set();
  }

  /**
   * Stops this host's deploys for good: no new one starts, the running ones stop at their next
   * wait (pull, health probe, drain) without undoing anything, and their records stay `running` at
   * the step they reached, for recovery to settle on the next start. Resolves once none runs.
   */
  async close(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled([...this.runs]);
    await this.recovering?.catch(() => undefined);
  }

  /** Refuses new work once close() began: the host's scope is going away. */
  assertOpen(): void {
    if (this.stopping.signal.aborted)
      throw new AppError('CONFLICT', "Tinyforge is closing this host's work; deploy again once it is back.", { hostId: this.deps.hostId });
  }

  /** An abortable pause: resolves early when the deployer closes (the caller then checks). */
  private pause(ms: number): Promise<void> {
    const signal = this.stopping.signal;
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** The record as it stands, for a run that stops because the deployer closes. */
  private interrupted(deployId: string): DeployRecord {
    this.deps.log(
      `deploy ${deployId} interrupted at "${this.deps.deploys.get(deployId).step}": the host's work is closing; recovery settles it on the next start`,
    );
    return this.deps.deploys.get(deployId);
  }

  private get domain(): string {
    const domain = this.deps.domain ?? 'localhost';
    return typeof domain === 'function' ? domain() : domain;
  }

  private get proxy(): AttachableProxy {
    const proxy = this.deps.proxy;
    return typeof proxy === 'function' ? proxy() : proxy;
  }

  /**
   * Records a run of `image` on `target` (refusing a second one for the target with
   * DEPLOY_IN_PROGRESS) and runs it in the background: the caller gets the record at once and hears
   * progress through onChange.
   */
  begin(target: BlueGreenTarget, image: string, kind: DeployKind): { record: DeployRecord; done: Promise<DeployRecord> } {
    this.assertOpen();
    const running = this.deps.rows.instances(target.key, this.deps.hostId).filter((i) => i.state === 'running');
    const record = this.deps.deploys.start({
      hostId: this.deps.hostId,
      workloadId: target.workloadId,
      targetKey: target.key,
      stageId: target.stageId,
      kind,
      image,
      oldContainerId: running.at(-1)?.id ?? null,
    });
    this.deps.onChange?.(record);
    this.active.add(record.id);
    const done = this.run(record.id, target, image).finally(() => {
      this.active.delete(record.id);
      this.runs.delete(done);
    });
    this.runs.add(done);
    return { record, done };
  }

  private async run(deployId: string, target: BlueGreenTarget, image: string): Promise<DeployRecord> {
    const docker = this.deps.docker();
    const network = target.network;
    const name = target.containerName(deployId);
    const tag = target.instanceTag ?? (image.includes('@') || image.startsWith('sha256:') ? image : image.slice(image.lastIndexOf(':') + 1));
    let step: DeployStep = 'image';
    let rowId: string | null = null;
    let container: Dockerode.Container | null = null;
    const changed = () => this.deps.events.emit('containers.changed', { hostId: this.deps.hostId });
    try {
      // image: present, or pulled; its id is the digest rollback and promote rely on.
      const digest = await this.ensureImage(docker, image, deployId);
      await this.advance(deployId, 'image', (step = 'proxy'), { imageDigest: digest });

      // proxy: ready before anything is created, so a proxy that cannot be had (its image not
      // pullable on this host) fails the deploy with nothing to undo, not at the route switch.
      if (target.port !== null) await this.readyProxy(docker, target);
      await this.advance(deployId, 'proxy', (step = 'placeholder'));

      rowId = this.deps.rows.placeholder({
        hostId: this.deps.hostId,
        workloadId: target.workloadId,
        kind: target.kind,
        stageId: target.stageId,
        role: target.role,
        name,
        image,
        imageTag: tag,
        subdomain: target.subdomain,
      });
      await this.advance(deployId, 'placeholder', (step = 'create'), { newContainerId: rowId });
      changed();

      await this.ensureNetwork(docker, target);
      // No restart policy until the health check passes: Docker would restart a crashing container
      // and make it look running again, and the exit code, OOM flag and logs the deploy reports
      // would blur across runs. A container that ends during the health wait fails the deploy.
      const spec = target.createOptions(image);
      container = await docker.createContainer({
        ...spec,
        name,
        Image: image,
        HostConfig: { ...spec.HostConfig, NetworkMode: network, RestartPolicy: { Name: 'no' } },
      });
      rowId = this.deps.rows.attachDockerId(rowId, this.deps.hostId, container.id, { imageTag: tag, subdomain: target.subdomain });
      await this.advance(deployId, 'create', (step = 'start'), { newContainerId: rowId });

      await container.start();
      await this.advance(deployId, 'start', (step = 'health'));
      changed();

      await this.waitHealthy(container, network, target);
      // Healthy: from now on a crash is Docker's to restart. Still within the health step, so a
      // crash before this lands is undone by recovery like any other failed health wait.
      await container.update({ RestartPolicy: { Name: 'unless-stopped' } });
      await this.advance(deployId, 'health', (step = 'route'));

      const others = this.deps.rows.instances(target.key, this.deps.hostId).filter((i) => i.id !== rowId);
      const routeId = target.port === null ? null : await this.switchRoute(target, target.port, name, others);
      for (const other of others) if (other.proxyRouteId) this.deps.rows.setRoute(other.id, null);
      this.deps.rows.setRoute(rowId, routeId);
      await this.advance(deployId, 'route', (step = 'drain'));
    } catch (error) {
      // Closing: nothing is undone now (the database is about to close); recovery does it next time.
      if (this.stopping.signal.aborted) return this.interrupted(deployId);
      try {
        await this.undo(container, rowId);
      } catch (undoError) {
        // The host went away (an SSH session cut): the new instance cannot be removed now. The
        // record stays `running` at its step, and recovery settles it when the host is back (the
        // route step is redone only if it was reached: it may have landed before the cut).
        changed();
        throw new AppError(
          error instanceof AppError ? error.code : 'INTERNAL',
          `${messageOf(error)} The new instance could not be undone yet (${messageOf(undoError)}); the deploy is settled when the host is reachable again.`,
          error instanceof AppError ? error.details : undefined,
        );
      }
      changed();
      const failure = failureOf(error);
      return this.finish(deployId, 'failed', messageOf(error), {
        step,
        status: 'failed',
        at: Date.now(),
        message: messageOf(error),
        ...(failure ? { failure } : {}),
      });
    }

    return this.complete(deployId, target, rowId, 'drain');
  }

  /**
   * The proxy running and joined to the workload's network. A pull failure of the managed proxy's
   * image keeps the pull's code, and says where that image is chosen.
   */
  private async readyProxy(docker: Dockerode, target: BlueGreenTarget): Promise<void> {
    const proxy = this.proxy;
    try {
      await proxy.ensure();
    } catch (error) {
      if (!(error instanceof PullError) || proxy.image === undefined) throw error;
      const said = error.message;
      throw new DeployError(
        error.code,
        `the proxy's image ${proxy.image} could not be had: ${said} The managed proxy's image is a setting of the host (Hosts, Edit): name one this host can pull or already has (a registry mirror's, for one). Nothing was created for this deploy.`,
        { proxyImage: proxy.image },
      );
    }
    await this.ensureNetwork(docker, target);
    await proxy.attach?.(target.network);
  }

  /**
   * Points the target's route at the container `name` and returns the route's id. The proxy and the
   * domain are read once: both follow the host's settings, and a save in the middle of the step
   * would otherwise send the upsert to a fresh driver that was never ensured (PROXY_UNAVAILABLE).
   */
  private async switchRoute(target: BlueGreenTarget, port: number, name: string, others: readonly StageInstance[]): Promise<string> {
    const proxy = this.proxy;
    const domain = this.domain;
    await proxy.ensure();
    await proxy.attach?.(target.network);
    // The driver may assign its own id (NPM's host id): keep what it returns, not what we sent.
    const known = others.find((o) => o.proxyRouteId)?.proxyRouteId ?? target.key;
    return (await proxy.upsertRoute(target.route(known, domain, name, port))).id;
  }

  /**
   * Past the switch the new instance serves: drain and stop the old ones, enforce max_instances.
   * A failure from here on is reported, not undone.
   */
  private async complete(deployId: string, target: BlueGreenTarget, rowId: string, from: DeployStep): Promise<DeployRecord> {
    const docker = this.deps.docker();
    const changed = () => this.deps.events.emit('containers.changed', { hostId: this.deps.hostId });
    let step: DeployStep = from;
    try {
      const others = this.deps.rows.instances(target.key, this.deps.hostId).filter((i) => i.id !== rowId && i.state === 'running' && i.dockerId);
      if (step === 'drain') {
        if (others.length > 0) await this.pause(this.deps.drainMs ?? 30_000);
        // Closing during the drain: recovery finishes it (stops the old instance) on the next start.
        if (this.stopping.signal.aborted) return this.interrupted(deployId);
        const settle = this.deps.intendStop?.(others.map((o) => o.dockerId));
        try {
          for (const other of others)
            await docker
              .getContainer(other.dockerId)
              .stop({ t: this.deps.stopTimeoutSec ?? 10 })
              .catch(ignoreNotModifiedOrNotFound);
        } finally {
          settle?.();
        }
        await this.advance(deployId, 'drain', (step = 'cleanup'));
      }
      const all = this.deps.rows.instances(target.key, this.deps.hostId).map((i) => ({ ...i, state: others.some((o) => o.id === i.id) ? 'exited' : i.state }));
      for (const id of instancesToRemove(all, target.maxInstances)) {
        const victim = all.find((i) => i.id === id)!;
        if (victim.dockerId) await docker.getContainer(victim.dockerId).remove({ force: true }).catch(ignoreNotFound);
        this.deps.rows.remove(id);
      }
      changed();
      return this.finish(deployId, 'succeeded', null, { step: 'cleanup', status: 'done', at: Date.now() });
    } catch (error) {
      if (this.stopping.signal.aborted) return this.interrupted(deployId);
      changed();
      return this.finish(deployId, 'failed', `after the switch (the new instance serves): ${messageOf(error)}`, {
        step,
        status: 'failed',
        at: Date.now(),
        message: messageOf(error),
      });
    }
  }

  private async advance(deployId: string, done: DeployStep, next: DeployStep, extra: { imageDigest?: string; newContainerId?: string } = {}): Promise<void> {
    // Not `onChange?.(advance(...))`: an optional call skips evaluating its arguments.
    const record = this.deps.deploys.advance(deployId, done, next, extra);
    this.deps.onChange?.(record);
    await this.deps.afterStep?.(done, deployId);
    // Closing: the run stops between steps too, not only in its waits.
    if (this.stopping.signal.aborted) throw new Error("interrupted: the host's work is closing");
  }

  private finish(...args: Parameters<DeployRepo['finish']>): DeployRecord {
    const record = this.deps.deploys.finish(...args);
    this.deps.onChange?.(record);
    return record;
  }

  /**
   * Brings every deploy a crash left `running` to a consistent state: undone before the route
   * switched (the old instance still serves), finished from it on. Run whenever the host's
   * connection comes up (at boot, and after an SSH host reconnects); deploys this process is still
   * running are not crashed ones and are left alone.
   */
  async recover(): Promise<DeployRecord[]> {
    // One recovery at a time: two would undo or finish the same record twice (a second removal of
    // a container being removed is a 409). A call during one waits for it, then looks again.
    const previous = this.recovering;
    const next = (async () => {
      await previous?.catch(() => undefined);
      return this.recoverOnce();
    })();
    this.recovering = next;
    try {
      return await next;
    } finally {
      if (this.recovering === next) this.recovering = null;
    }
  }

  private async recoverOnce(): Promise<DeployRecord[]> {
    const done: DeployRecord[] = [];
    for (const record of this.deps.deploys.running()) {
      if (this.stopping.signal.aborted) break;
      if (record.hostId !== this.deps.hostId || this.active.has(record.id)) continue;
      const target = this.deps.targetOf(record.targetKey);
      if (!target) continue;
      const recovery = recoveryFor(record.step);
      // The name the run gave its container, from its row: the workload or target may have been
      // renamed since the crash, and the formula would then name a container that never existed.
      // Only a crash before the row was written (no container yet either) falls back to it.
      const row = record.newContainerId ? this.deps.rows.instances(target.key, this.deps.hostId).find((i) => i.id === record.newContainerId) : undefined;
      const name = row?.name ?? target.containerName(record.id);
      if (recovery.action === 'undo') {
        // The container may exist without its row knowing (killed between create and the write).
        const docker = this.deps.docker();
        await docker.getContainer(name).remove({ force: true }).catch(ignoreNotFound);
        if (record.newContainerId) this.deps.rows.remove(record.newContainerId);
        this.deps.events.emit('containers.changed', { hostId: this.deps.hostId });
        done.push(
          this.finish(
            record.id,
            'failed',
            `interrupted: Tinyforge stopped during "${record.step}"; the new instance was removed and the target kept serving what it served.`,
            {
              step: record.step,
              status: 'undone',
              at: Date.now(),
            },
          ),
        );
        continue;
      }
      const rowId = record.newContainerId!;
      if (recovery.from === 'route') {
        // The switch may or may not have happened: doing it again is harmless.
        const others = this.deps.rows.instances(target.key, this.deps.hostId).filter((i) => i.id !== rowId);
        if (target.port !== null) {
          const routeId = await this.switchRoute(target, target.port, name, others);
          for (const other of others) if (other.proxyRouteId) this.deps.rows.setRoute(other.id, null);
          this.deps.rows.setRoute(rowId, routeId);
        }
        await this.advance(record.id, 'route', 'drain');
      }
      done.push(await this.complete(record.id, target, rowId, recovery.from === 'cleanup' ? 'cleanup' : 'drain'));
    }
    return done;
  }

  /** The pull progress of a running deploy, while its image step pulls; null otherwise. */
  livePull(deployId: string): PullProgress | null {
    return this.pulls.get(deployId) ?? null;
  }

  private async ensureImage(docker: Dockerode, image: string, deployId: string): Promise<string> {
    try {
      return (await docker.getImage(image).inspect()).Id;
    } catch (error) {
      ignoreNotFound(error);
    }
    const onProgress = (pull: PullProgress) => {
      this.pulls.set(deployId, pull);
      this.deps.onChange?.({ ...this.deps.deploys.get(deployId), pull });
    };
    await pullImage(docker, image, { ...this.deps.pull, onProgress, auth: this.deps.registryAuth?.(image) ?? null, signal: this.stopping.signal }).finally(() =>
      this.pulls.delete(deployId),
    );
    return (await docker.getImage(image).inspect()).Id;
  }

  private async ensureNetwork(docker: Dockerode, target: BlueGreenTarget): Promise<void> {
    const existing = await docker.listNetworks({ filters: { name: [target.network] } });
    if (existing.some((n) => n.Name === target.network)) return;
    await docker.createNetwork({ Name: target.network, Driver: 'bridge', Labels: canonicalLabels(target.workloadId, target.kind, 'network') });
  }

  /**
   * Passes when the health path answers 2xx/3xx (or, without one, when the container keeps
   * running). Fails at once, with how it ended, when the container stops meanwhile: Docker's wait
   * call says so as it happens, so a crash is not mistaken for a slow start until the timeout.
   */
  private async waitHealthy(container: Dockerode.Container, network: string, target: BlueGreenTarget): Promise<void> {
    const abort = new AbortController();
    // Closing the deployer ends the wait too (the run then stops without undoing).
    const onClose = () => abort.abort();
    this.stopping.signal.addEventListener('abort', onClose, { once: true });
    if (this.stopping.signal.aborted) abort.abort();
    const exit = watchExit(container, abort.signal);
    const healthy = this.probeUntilHealthy(container, network, target, abort.signal);
    try {
      const first = await Promise.race([healthy.then(() => 'healthy' as const), exit]);
      // null: the wait was aborted before either outcome, which only closing does. Never healthy.
      if (first === null) throw new Error("interrupted: the host's work is closing");
      if (first !== 'healthy') throw containerExited(first);
    } finally {
      this.stopping.signal.removeEventListener('abort', onClose);
      abort.abort();
      // The loser settles after the abort; nobody awaits it, so its outcome must not go unhandled.
      void exit.catch(() => undefined);
      void healthy.catch(() => undefined);
    }
  }

  private async probeUntilHealthy(container: Dockerode.Container, network: string, target: BlueGreenTarget, signal: AbortSignal): Promise<void> {
    const deadline = Date.now() + target.healthTimeoutSec * 1000;
    let last = 'no answer yet';
    const pause = (ms: number) => this.pause(ms);
    while (Date.now() < deadline && !signal.aborted) {
      const info = await container.inspect();
      // Stopped: watchExit reports how, with its logs; probing on would only find a refused port.
      if (!info.State.Running) {
        await pause(this.deps.healthIntervalMs ?? 250);
        continue;
      }
      if (target.port === null || target.healthPath === null) {
        await pause(1_000);
        if ((await container.inspect()).State.Running) return;
        continue;
      }
      const ip = info.NetworkSettings.Networks?.[network]?.IPAddress;
      if (ip) {
        try {
          const status = await this.probe(ip, target.port, target.healthPath);
          if (isHealthyStatus(status)) return;
          last = `HTTP ${status}`;
        } catch (error) {
          last = messageOf(error);
        }
      }
      await pause(this.deps.healthIntervalMs ?? 250);
    }
    throw new Error(`health check ${target.healthPath ?? ''} did not pass within ${target.healthTimeoutSec} s (last: ${last})`);
  }

  private async undo(container: Dockerode.Container | null, rowId: string | null): Promise<void> {
    if (container) await container.remove({ force: true }).catch(ignoreNotFound);
    if (rowId) this.deps.rows.remove(rowId);
  }
}

/** The code and details of a failure that has them (a pull's, a DeployError, an AppError). */
function failureOf(error: unknown): DeployFailure | null {
  if (error instanceof DeployError) return { code: error.code, ...(error.details ? { details: error.details } : {}) };
  if (error instanceof PullError || error instanceof AppError) return { code: error.code };
  return null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
