// Registry watch, app-wide: one watcher for every host, because what it spends is this machine's:
// its checks leave from here, and Docker Hub's anonymous budget (planned at 10 an hour) is counted
// per client address, so stages on two hosts that watch one image share one check. What to check
// when is checkSchedule's pure plan; this class does the I/O around it: HEAD requests through
// ManifestClient, the persisted check records, the running containers' digests, and the two
// narrow outlets, `deploy` (the existing deploy paths, injected) and `onUpdateAvailable`.
import type Dockerode from 'dockerode';
import { AppError } from '../../../shared/errors';
import type { ContainerUpdateView, WatchMode, WatchView } from '../../../shared/registryWatch';
import { DOCKER_HUB } from '../../../shared/registryHost';
import type { ContainerView } from '../../../shared/types';
import type { EventBus } from '../events';
import type { RegistryLogin } from '../registry/registryAuth';
import type { ImageCheckRecord, RegistryWatchRepo, WatchRecord } from '../store/registryWatchRepo';
import type { WorkloadRepo } from '../store/workloadRepo';
import { imageAfter, planChecks, registryAfter, seedRegistries } from './checkSchedule';
import type { CheckOutcome, RegistryLimitState } from './checkSchedule';
import { assertWatchableFrom, parseWatchedImage } from './imageRef';
import type { WatchedImage } from './imageRef';
import { ManifestClient } from './manifestDigest';
import { runningDigests } from './runningDigests';
import { serviceImages } from './serviceImages';
import { decide, updateState } from './watchDecision';

/** What a watch deploys: a project stage, or a stack service (its stack's pull and update). */
export interface WatchTarget {
  hostId: string;
  workloadId: string;
  stageId: string | null;
  service: string | null;
}

export interface UpdateAvailableInfo {
  hostId: string;
  workloadId: string;
  stageId?: string;
  service?: string;
  image: string;
  digest: string;
}

export interface RegistryWatcherDeps {
  watches: RegistryWatchRepo;
  workloads: WorkloadRepo;
  /** Every row of a workload (the watcher keeps the owned ones of the target). */
  containersOf: (workloadId: string) => ContainerView[];
  /** The connected host's Docker client; throws DOCKER_UNREACHABLE. */
  docker: (hostId: string) => Dockerode;
  /** Whether a host is this computer's Docker or one reached over SSH. */
  hostKind: (hostId: string) => 'local' | 'ssh';
  /** The saved login for a registry host (registry/registryCredentials.ts), or null: anonymous. */
  login: (registry: string) => RegistryLogin | null;
  /**
   * Starts a deploy of `digest` to the target through the app's deploy path; 'busy' when one runs
   * for it now (the watcher deploys again once that one ends). Other refusals throw. `repository`
   * is the image's repository as Docker names it, for a deploy by digest (`repository@digest`).
   */
  deploy: (target: WatchTarget, image: { repository: string; digest: string }) => 'started' | 'busy';
  /** Told once per watch and digest when an update becomes available (notifications wire in here). */
  onUpdateAvailable?: (info: UpdateAvailableInfo) => void;
  events: EventBus;
  log: (message: string) => void;
  /** At most one check per image per this many milliseconds (the setting; tests shorten it). */
  intervalMs: () => number;
  /** Checks an hour a registry allows: Docker Hub's anonymous budget is small. Null: no budget. */
  budgetPerHour?: (registry: string, authenticated: boolean) => number | null;
  now?: () => number;
  fetch?: typeof fetch;
}

/** Docker Hub's limits as planned: 10 checks an hour anonymously, 30 with a login (200 pulls / 6 h). */
export function defaultBudget(registry: string, authenticated: boolean): number | null {
  if (registry !== DOCKER_HUB) return null;
  return authenticated ? 30 : 10;
}

export class RegistryWatcher {
  private readonly client: ManifestClient;
  private readonly stopping = new AbortController();
  private readonly now: () => number;
  private readonly images = new Map<string, ImageCheckRecord>();
  private readonly registries: Map<string, RegistryLimitState>;
  /** Watches whose deploy met a busy target: deployed again when that target's run ends. */
  private readonly pending = new Map<string, string>();
  private readonly unsubscribe: () => void;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private dirty = false;
  private closed = false;

  constructor(private readonly deps: RegistryWatcherDeps) {
    this.now = deps.now ?? Date.now;
    this.client = new ManifestClient({ fetch: deps.fetch, now: this.now, signal: this.stopping.signal });
    for (const check of deps.watches.checks()) this.images.set(check.key, check);
    this.registries = seedRegistries(this.images.values(), this.now());
    // A deploy or stack operation that ended may free a target a watch is waiting for.
    this.unsubscribe = deps.events.subscribe((event, payload) => {
      if (event === 'deploys.changed') {
        const p = payload as { stageId: string | null; status: string };
        if (p.stageId && p.status !== 'running') this.settled((w) => w.stageId === p.stageId);
      } else if (event === 'stacks.changed') {
        const p = payload as { workloadId: string; status: string };
        if (p.status !== 'running') this.settled((w) => w.service !== null && w.workloadId === p.workloadId);
      } else if (event === 'settings.changed') {
        this.poke();
      }
    });
  }

  /** Plans (and runs) the checks that are due now; single-flight: a poke during a pass runs one more. */
  poke(): void {
    if (this.closed) return;
    if (this.running) {
      this.dirty = true;
      return;
    }
    this.running = this.pass()
      .catch((error: unknown) => this.deps.log(`registry watch: a pass failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.running = null;
        if (this.dirty) {
          this.dirty = false;
          this.poke();
        }
      });
  }

  /** The watch of every stage (a project) or service (a stack) of a workload. */
  async list(workloadId: string): Promise<WatchView[]> {
    const workload = this.deps.workloads.get(workloadId);
    const saved = new Map(this.deps.watches.ofWorkload(workloadId).map((w) => [w.stageId ?? `service:${w.service}`, w]));
    const targets: { target: WatchTarget; image: string | null }[] = [];
    if (workload.kind === 'project') {
      for (const stage of workload.stages) {
        targets.push({
          target: { hostId: workload.hostId, workloadId, stageId: stage.id, service: null },
          image: `${workload.imageRepository}:${stage.imageTag}`,
        });
      }
    } else if (workload.kind === 'stack') {
      for (const [service, image] of serviceImages(workload)) targets.push({ target: { hostId: workload.hostId, workloadId, stageId: null, service }, image });
    } else {
      throw new AppError('VALIDATION', `${workload.name} is a static site: its files are uploaded, there is no image to watch.`, { workloadId });
    }
    return Promise.all(
      targets.map(({ target, image }) => {
        const record = saved.get(target.stageId ?? `service:${target.service}`);
        return this.view(target, record?.mode ?? 'off', image);
      }),
    );
  }

  /** Sets a stage's or a service's watch mode; a mode other than off needs an image with a tag. */
  async set(input: { workloadId: string; stageId?: string; service?: string; mode: WatchMode }): Promise<WatchView> {
    const workload = this.deps.workloads.get(input.workloadId);
    const target: WatchTarget = { hostId: workload.hostId, workloadId: workload.id, stageId: input.stageId ?? null, service: input.service ?? null };
    const image = this.imageOf(target);
    if (input.mode !== 'off') assertWatchableFrom(parseWatchedImage(image), this.deps.hostKind(target.hostId));
    const record = this.deps.watches.setMode(target, input.mode, this.now());
    this.deps.log(`registry watch: ${image} of ${workload.name} (${target.stageId ? 'stage' : `service ${target.service}`}) set to ${input.mode}`);
    this.pending.delete(record.id);
    this.deps.events.emit('registryWatch.changed', { hostId: workload.hostId, workloadId: workload.id });
    if (input.mode !== 'off') {
      // A digest already known is acted on at once: turning deploy on with an update waiting deploys it.
      const known = this.images.get(parseWatchedImage(image).key)?.digest ?? null;
      if (known) await this.evaluate(record, parseWatchedImage(image), known, known);
      this.poke();
    }
    return this.view(target, input.mode, image);
  }

  /** The update badge of every running owned container whose stage or service is watched. */
  async containerUpdates(hostId?: string): Promise<ContainerUpdateView[]> {
    const views: ContainerUpdateView[] = [];
    for (const watch of this.deps.watches.active()) {
      if (hostId !== undefined && watch.hostId !== hostId) continue;
      let image: WatchedImage;
      try {
        image = parseWatchedImage(this.imageOf(watch));
      } catch {
        continue;
      }
      // A stopped instance (a drained old one) runs nothing: no badge on it.
      const rows = this.rowsOf(watch).filter((r) => r.state === 'running');
      const digests = await this.digestsOf(watch.hostId, rows, image);
      const available = this.images.get(image.key)?.digest ?? null;
      for (const row of rows) {
        const running = digests?.get(row.dockerId) ?? null;
        views.push({
          id: row.id,
          image: `${image.localRepository}:${image.tag}`,
          state: updateState(available, running),
          runningDigest: running?.[0] ?? null,
          availableDigest: available,
        });
      }
    }
    return views;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    this.stopping.abort();
    await this.running;
  }

  private async pass(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const byKey = new Map<string, { image: WatchedImage; watches: WatchRecord[] }>();
    for (const watch of this.deps.watches.active()) {
      let image: WatchedImage;
      try {
        image = parseWatchedImage(this.imageOf(watch));
        // The stage's tag or repository may have changed since the watch was set.
        assertWatchableFrom(image, this.deps.hostKind(watch.hostId));
      } catch (error) {
        this.deps.log(`registry watch: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      const entry = byKey.get(image.key) ?? { image, watches: [] };
      entry.watches.push(watch);
      byKey.set(image.key, entry);
    }
    const plan = () =>
      planChecks({
        now: this.now(),
        intervalMs: this.deps.intervalMs(),
        wanted: [...byKey.values()].map(({ image }) => ({ key: image.key, registry: image.registry })),
        images: this.images,
        registries: this.registries,
        budgetPerHour: (registry) => (this.deps.budgetPerHour ?? defaultBudget)(registry, this.deps.login(registry) !== null),
      });
    const first = plan();
    for (const key of first.due) {
      if (this.closed) return;
      const entry = byKey.get(key)!;
      await this.check(entry.image, entry.watches);
    }
    if (this.closed) return;
    const next = plan();
    if (next.due.length > 0) this.dirty = true;
    else if (next.wakeAt !== null) this.timer = setTimeout(() => this.poke(), Math.max(0, next.wakeAt - this.now()));
  }

  /** One HEAD for one image, shared by every watch of it; then what it means for each. */
  private async check(image: WatchedImage, watches: WatchRecord[]): Promise<void> {
    const previous = this.images.get(image.key);
    const outcome: CheckOutcome = await this.client.digest(image, this.deps.login(image.registry));
    if (this.closed) return;
    const now = this.now();
    const intervalMs = this.deps.intervalMs();
    const limit = registryAfter(this.registries.get(image.registry), outcome, now, intervalMs);
    this.registries.set(image.registry, limit);
    const state = imageAfter(previous, { key: image.key, registry: image.registry }, outcome, now, intervalMs, limit.blockedUntil);
    this.images.set(image.key, state);
    this.deps.watches.putCheck(state);
    if (outcome.kind !== 'digest') {
      this.deps.log(`registry watch: ${image.key}: ${outcome.message}`);
    } else if (previous?.digest !== outcome.digest) {
      this.deps.log(`registry watch: ${image.key} is ${outcome.digest}${previous?.digest ? ` (was ${previous.digest})` : ''}`);
    }
    if (outcome.kind === 'digest') {
      for (const watch of watches) await this.evaluate(watch, image, outcome.digest, previous?.digest ?? null);
    }
    for (const workload of new Set(watches.map((w) => `${w.hostId}\0${w.workloadId}`))) {
      const [hostId, workloadId] = workload.split('\0') as [string, string];
      this.deps.events.emit('registryWatch.changed', { hostId, workloadId });
    }
  }

  /** Decides for one watch whether to announce or deploy `available`, and does it. */
  private async evaluate(watch: WatchRecord, image: WatchedImage, available: string, previous: string | null): Promise<void> {
    const current = this.deps.watches.find(watch) ?? watch;
    try {
      this.deps.docker(current.hostId);
    } catch {
      // A host that is down can neither say what it runs nor take a deploy: the next check decides.
      return;
    }
    const running = await this.servingDigests(current, image);
    const decision = decide({
      mode: current.mode,
      available,
      previous,
      running: running.length > 0 ? running : null,
      deployedDigest: current.deployedDigest,
      notifiedDigest: current.notifiedDigest,
    });
    const where = `${image.localRepository}:${image.tag} (${current.stageId ? `stage ${current.stageId}` : `service ${current.service}`})`;
    if (decision.notify) {
      this.deps.watches.markNotified(current.id, available);
      try {
        this.deps.onUpdateAvailable?.({
          hostId: current.hostId,
          workloadId: current.workloadId,
          ...(current.stageId ? { stageId: current.stageId } : {}),
          ...(current.service ? { service: current.service } : {}),
          image: `${image.localRepository}:${image.tag}`,
          digest: available,
        });
      } catch (error) {
        this.deps.log(`registry watch: the update-available callback failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (decision.deploy) this.startDeploy(current, image, available, where);
  }

  private startDeploy(watch: WatchRecord, image: WatchedImage, digest: string, where: string): void {
    try {
      const target = { hostId: watch.hostId, workloadId: watch.workloadId, stageId: watch.stageId, service: watch.service };
      const result = this.deps.deploy(target, { repository: image.localRepository, digest });
      if (result === 'busy') {
        this.pending.set(watch.id, digest);
        this.deps.log(`registry watch: ${where} has a run in progress; ${digest} is deployed after it`);
        return;
      }
      this.pending.delete(watch.id);
      this.deps.watches.markDeployed(watch.id, digest);
      this.deps.log(`registry watch: deploying ${digest} to ${where}`);
    } catch (error) {
      // Left unmarked: the next check that still sees the update tries again.
      this.deps.log(`registry watch: could not deploy ${digest} to ${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** A target's run ended: a deploy that waited for it starts now (unless that digest runs already). */
  private settled(matches: (watch: WatchRecord) => boolean): void {
    for (const watch of this.deps.watches.active()) {
      const digest = this.pending.get(watch.id);
      if (digest === undefined || !matches(watch) || watch.mode !== 'deploy') continue;
      this.pending.delete(watch.id);
      void (async () => {
        const image = parseWatchedImage(this.imageOf(watch));
        if ((await this.servingDigests(watch, image)).includes(digest)) return;
        if (!this.closed) this.startDeploy(watch, image, digest, `${image.localRepository}:${image.tag}`);
      })().catch((error: unknown) => this.deps.log(`registry watch: a waiting deploy failed to start: ${String(error)}`));
    }
  }

  private async view(target: WatchTarget, mode: WatchMode, image: string | null): Promise<WatchView> {
    let watched: WatchedImage | null = null;
    try {
      watched = image ? parseWatchedImage(image) : null;
    } catch {
      watched = null;
    }
    const check = watched ? this.images.get(watched.key) : undefined;
    const running = watched ? await this.servingDigests(target, watched) : [];
    const runningContainers = this.rowsOf(target).filter((r) => r.state === 'running').length;
    return {
      ...target,
      mode,
      image,
      check: {
        checkedAt: check?.checkedAt ?? null,
        digest: check?.digest ?? null,
        error: check?.error ?? null,
        nextCheckAt: mode === 'off' || !check ? null : check.failures > 0 ? check.retryAt : (check.checkedAt ?? 0) + this.deps.intervalMs(),
      },
      runningDigests: running,
      runningContainers,
      state: mode === 'off' ? 'unknown' : updateState(check?.digest ?? null, running.length > 0 ? running : null),
    };
  }

  /** The image a target follows: its stage's repository and tag, or its service's image. */
  private imageOf(target: { workloadId: string; stageId: string | null; service: string | null }): string {
    const workload = this.deps.workloads.get(target.workloadId);
    if (target.stageId !== null) {
      const stage = workload.kind === 'project' ? workload.stages.find((s) => s.id === target.stageId) : undefined;
      if (!stage || workload.kind !== 'project')
        throw new AppError('NOT_FOUND', `${workload.name} has no stage with id ${target.stageId}.`, { stageId: target.stageId });
      return `${workload.imageRepository}:${stage.imageTag}`;
    }
    if (workload.kind !== 'stack') throw new AppError('VALIDATION', `${workload.name} is not a stack: only a stack's services are watched by name.`);
    const images = serviceImages(workload);
    if (!images.has(target.service!))
      throw new AppError('NOT_FOUND', `the compose file of ${workload.name} has no service ${target.service}.`, { service: target.service });
    const image = images.get(target.service!);
    if (!image) {
      throw new AppError(
        'VALIDATION',
        `service ${target.service} of ${workload.name} names no image Tinyforge can read (it builds, or its image comes from a variable the .env does not set).`,
        {
          service: target.service,
        },
      );
    }
    return image;
  }

  /** The target's owned containers with a Docker id (labels alone never make one count). */
  private rowsOf(target: { workloadId: string; stageId: string | null; service: string | null }): ContainerView[] {
    return this.deps
      .containersOf(target.workloadId)
      .filter((c) => c.dockerId !== '' && (c.provenance === 'created' || c.provenance === 'trusted'))
      .filter((c) => (target.stageId !== null ? c.stageId === target.stageId : c.role === target.service))
      .filter((c) => c.state !== 'missing');
  }

  /** Digests by Docker id, or null when the host cannot be asked now. */
  private async digestsOf(hostId: string, rows: ContainerView[], image: WatchedImage): Promise<Map<string, string[] | null> | null> {
    try {
      return await runningDigests(
        this.deps.docker(hostId),
        rows.map((r) => r.dockerId),
        image.localRepository,
      );
    } catch {
      return null;
    }
  }

  /** The digests the target's running containers have (what it serves now); empty when none is known. */
  private async servingDigests(
    target: { hostId: string; workloadId: string; stageId: string | null; service: string | null },
    image: WatchedImage,
  ): Promise<string[]> {
    const rows = this.rowsOf(target).filter((r) => r.state === 'running');
    const digests = await this.digestsOf(target.hostId, rows, image);
    return digests ? [...new Set([...digests.values()].flatMap((d) => d ?? []))] : [];
  }
}
