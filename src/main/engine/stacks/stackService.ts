// A host's compose stacks, run by the compose CLI on the host itself through the host's one
// connection (hostShell: a local process, or SSH exec and SFTP on the session already open). Each
// operation is a record (one running per stack, STACK_BUSY otherwise), streams the CLI's lines as
// they come, and ends succeeded or failed with the CLI's own message. The app's labels reach the
// containers through a generated override file, never through the user's file; a deploy reads its
// containers back from Docker by id and records them as the stack's own, and the image each service
// runs as the stack's next version, which a rollback re-deploys with every image pinned to its id.
// It also answers what else runs on the host (foreignProjects.ts), because adopting it is a stack's
// business and needs the same connection and shell. Past 400 lines: one class per host's stacks,
// whose operations share their busy rule, their output and their read-back.
import { imageDigest } from '../containers/containerDetail';
import { posix } from 'node:path';
import type Dockerode from 'dockerode';
import { AppError } from '../../../shared/errors';
import type { ErrorInfo } from '../../../shared/errors';
import type { AdoptPreview, ForeignGroup, StackImage, StackOperationView, StackServiceView, StackVersionView, StackView } from '../../../shared/types';
import { LABEL } from '../docker/labels';
import { isNotFound } from '../docker/dockerErrors';
import type { HostShell } from '../docker/hostShell';
import { pullImage } from '../docker/pullImage';
import type { PullAuth } from '../docker/pullImage';
import type { EventBus } from '../events';
import type { SecretStore } from '../store/secretStore';
import type { CreatedStackContainer, StackFiles, StackRepo } from '../store/stackRepo';
import { MAX_OUTPUT_LINES } from '../store/stackRepo';
import type { WorkloadRepo } from '../store/workloadRepo';
import { composeOverride, detectCompose, runCompose } from './composeCli';
import type { ComposeCli } from './composeCli';
import { assertComposeValid, checkStackFiles } from './composeChecks';
import { adoptPreview, listForeign } from './foreignProjects';

export const COMPOSE_FILE = 'compose.yaml';
export const OVERRIDE_FILE = 'tinyforge.override.yaml';
export const ENV_FILE = '.env';

/** What a caller asks of a stack. */
export type StackRequest =
  | { kind: 'deploy'; pull?: boolean }
  | { kind: 'update' | 'pull' | 'stop' | 'start' | 'restart' }
  | { kind: 'restart-service'; service: string }
  | { kind: 'down'; removeVolumes: boolean }
  | { kind: 'rollback'; versionId: string };

export interface StackServiceDeps {
  hostId: string;
  docker: () => Dockerode;
  shell: () => HostShell;
  /** The folder on the host that holds one folder per stack (by compose project name). */
  stacksDir: string;
  stacks: StackRepo;
  /** The stacks' secret .env values. */
  secrets: Pick<SecretStore, 'stackSecretKeys' | 'stackSecret'>;
  workloads: WorkloadRepo;
  events: EventBus;
  log: (message: string) => void;
  /** Asks the host's reconciler for a pass (the rows of what compose just changed). */
  reconcile: () => Promise<void>;
  registryAuth?: (image: string) => PullAuth | null;
  /** The container name of the host's managed proxy (Caddy), if the host has one. */
  managedProxyName?: () => string | null;
  /** Before `down`: the proxy leaves the project's networks, so compose can remove them. */
  beforeDown?: (project: string) => Promise<void>;
  /** How often streamed lines are flushed to the page. */
  outputEveryMs?: number;
  /** Records that the app is about to stop the stack's containers (of one service, if named). */
  intendStop?: (workloadId: string, service: string | null) => () => void;
}

const UP = ['up', '-d', '--remove-orphans'];
/** What may run on an adopted stack before its first deploy: nothing that acts on containers it does not own yet. */
const BEFORE_ADOPTION = new Set<StackRequest['kind']>(['deploy', 'pull']);

function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof AppError) return error.toInfo();
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

export class StackService {
  private cli: Promise<ComposeCli> | null = null;
  private readonly runs = new Set<Promise<unknown>>();
  private readonly stopping = new AbortController();
  private checking: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: StackServiceDeps) {}

  /** The compose CLI found on the host: detected once per session, again after a failure. */
  compose(): Promise<ComposeCli> {
    if (this.cli) return this.cli;
    const detecting = detectCompose(this.deps.shell()).catch((error: unknown) => {
      this.cli = null;
      throw error;
    });
    this.cli = detecting;
    return detecting;
  }

  /** A stack of this host, or NOT_FOUND / FORBIDDEN. */
  stack(workloadId: string): StackView {
    const workload = this.deps.workloads.get(workloadId);
    if (workload.kind !== 'stack') throw new AppError('NOT_FOUND', `${workload.name} is not a stack.`, { workloadId });
    if (workload.hostId !== this.deps.hostId) throw new AppError('FORBIDDEN', `stack ${workload.name} belongs to another host.`, { workloadId });
    return workload;
  }

  /**
   * Records the operation (STACK_BUSY while another runs on the stack) and runs it in the
   * background: the caller gets the record at once; lines arrive as stacks.output events.
   */
  begin(workloadId: string, request: StackRequest): { operation: StackOperationView; done: Promise<StackOperationView> } {
    if (this.stopping.signal.aborted) throw new AppError('CONFLICT', `Tinyforge is closing host ${this.deps.hostId}; try again once it is back.`);
    const stack = this.stack(workloadId);
    if (stack.adoptPending && !BEFORE_ADOPTION.has(request.kind)) {
      throw new AppError(
        'CONFLICT',
        `${stack.name} adopts compose project ${stack.composeProjectName}, whose containers were started outside Tinyforge: deploy it first, which recreates them as the stack's own. Nothing was done.`,
        { workloadId, adoptPending: true },
      );
    }
    if (request.kind === 'restart-service') {
      const services = checkStackFiles(stack).services;
      if (!services.includes(request.service)) {
        throw new AppError('NOT_FOUND', `the compose file of ${stack.name} has no service ${request.service}.`, { service: request.service });
      }
    }
    const version = request.kind === 'rollback' ? this.deps.stacks.version(workloadId, request.versionId) : null;
    const operation = this.deps.stacks.start({
      workloadId,
      hostId: this.deps.hostId,
      kind: request.kind,
      service: request.kind === 'restart-service' ? request.service : null,
      targetVersionId: version?.id ?? null,
      options: request.kind === 'deploy' ? { pull: request.pull === true } : request.kind === 'down' ? { removeVolumes: request.removeVolumes } : {},
    });
    this.changed(operation);
    const done = this.run(operation, stack, request, version).finally(() => this.runs.delete(done));
    this.runs.add(done);
    return { operation, done };
  }

  private async run(operation: StackOperationView, stack: StackView, request: StackRequest, version: StackVersionView | null): Promise<StackOperationView> {
    const output = new OutputBuffer(
      (lines) => this.deps.events.emit('stacks.output', { workloadId: stack.id, operationId: operation.id, lines }),
      this.deps.outputEveryMs,
    );
    const signal = this.stopping.signal;
    let finished: StackOperationView;
    try {
      const versionId = await this.execute(stack, request, version, operation, output, signal);
      output.flush();
      finished = this.deps.stacks.finish(operation.id, 'succeeded', output.lines, null, versionId);
    } catch (error) {
      output.flush();
      const info = signal.aborted
        ? {
            code: 'CONFLICT' as const,
            message: 'Tinyforge closed the host while this operation ran; what compose finished on the host is not known. Run it again.',
          }
        : errorInfo(error);
      finished = this.deps.stacks.finish(operation.id, 'failed', output.lines, info);
    }
    this.changed(finished);
    void this.deps.reconcile();
    return finished;
  }

  /** Runs the operation's compose commands; returns the version a deploy made. */
  private async execute(
    stack: StackView,
    request: StackRequest,
    /** The version a rollback returns to (read once, when the operation was recorded). */
    version: StackVersionView | null,
    operation: StackOperationView,
    output: OutputBuffer,
    signal: AbortSignal,
  ): Promise<string | null> {
    const files: StackFiles = version
      ? { composeFile: version.composeFile, envFile: version.envFile, allowHostAccess: version.allowHostAccess }
      : { composeFile: stack.composeFile, envFile: stack.envFile, allowHostAccess: stack.allowHostAccess };
    const check = assertComposeValid(files);
    // Rollback: every image the version ran, by id, before anything on the host changes.
    const secrets = this.secretLines(stack, version?.secretKeys);
    const pins = version ? await this.pinnedImages(version.number, version.images, output) : undefined;
    const cli = await this.compose();
    const shell = this.deps.shell();
    const dir = await shell.writeFiles(posix.join(this.deps.stacksDir, stack.composeProjectName), [
      { name: COMPOSE_FILE, content: files.composeFile },
      { name: OVERRIDE_FILE, content: composeOverride({ services: check.services, workloadId: stack.id, ...(pins ? { pins } : {}) }) },
      { name: ENV_FILE, content: withSecrets(files.envFile, secrets.lines) },
    ]);
    try {
      return await this.commands(stack, request, operation, files, version, { shell, cli, dir, output, signal, secretKeys: secrets.keys });
    } finally {
      // Secret values are on the host only while compose runs: the plain .env goes back at once.
      if (secrets.lines.length > 0) await shell.writeFiles(dir, [{ name: ENV_FILE, content: files.envFile }]).catch(() => undefined);
    }
  }

  /**
   * The stack's secret .env lines for a run (a rollback: the keys its version used), each value as
   * it is kept now. A value this session does not know (no keychain, a new session) stops the run
   * before anything is written: CONFLICT naming the keys.
   */
  private secretLines(stack: StackView, keys = this.deps.secrets.stackSecretKeys(stack.id)): { keys: string[]; lines: string[] } {
    const missing: string[] = [];
    const lines: string[] = [];
    for (const key of keys) {
      const value = this.deps.secrets.stackSecret(stack.id, key);
      if (value === null) missing.push(key);
      else lines.push(`${key}=${JSON.stringify(value)}`);
    }
    if (missing.length > 0) {
      throw new AppError(
        'CONFLICT',
        `the secret value of ${missing.join(', ')} is not known in this session (there is no keychain to keep it): enter it again on the stack page. Nothing was run.`,
        { missingSecrets: missing },
      );
    }
    return { keys, lines };
  }

  /**
   * Runs a compose command that may stop the stack's containers (of one service, if named; none for
   * `undefined`) under a stop intent, so their exits read as the app's and not as crashes.
   */
  private async underStopIntent<T>(stackId: string, service: string | null | undefined, run: () => Promise<T>): Promise<T> {
    const settle = service === undefined ? undefined : this.deps.intendStop?.(stackId, service);
    try {
      return await run();
    } finally {
      settle?.();
    }
  }

  private async commands(
    stack: StackView,
    request: StackRequest,
    operation: StackOperationView,
    files: StackFiles,
    version: StackVersionView | null,
    run: { shell: HostShell; cli: ComposeCli; dir: string; output: OutputBuffer; signal: AbortSignal; secretKeys: string[] },
  ): Promise<string | null> {
    const { shell, cli, dir, output, signal } = run;
    const compose = (...args: string[]) =>
      runCompose(shell, cli, {
        dir,
        project: stack.composeProjectName,
        files: [COMPOSE_FILE, OVERRIDE_FILE],
        args,
        signal,
        onLine: (line) => output.push(line),
      });
    const startedAt = operation.startedAt;
    switch (request.kind) {
      case 'pull':
        await compose('pull');
        return null;
      case 'stop':
      case 'start':
      case 'restart':
        await this.underStopIntent(stack.id, request.kind === 'start' ? undefined : null, () => compose(request.kind));
        return null;
      case 'restart-service':
        await this.underStopIntent(stack.id, request.service, () => compose('restart', request.service));
        return null;
      case 'down':
        await this.deps.beforeDown?.(stack.composeProjectName);
        await this.underStopIntent(stack.id, null, () => compose('down', '--remove-orphans', ...(request.removeVolumes ? ['--volumes'] : [])));
        await this.forgetRemoved(stack);
        return null;
      case 'deploy':
      case 'update':
      case 'rollback':
        // A service whose image no reachable registry has (built or imported on the host) keeps
        // the image the host has: the CLI's own pull errors stay in the output, and `up` fails
        // anyway for an image the host does not have. (v1 exits 1 even with --ignore-pull-failures.)
        if (request.kind === 'update' || (request.kind === 'deploy' && request.pull)) {
          await compose('pull', '--ignore-pull-failures').catch((error: unknown) => {
            if (!(error instanceof AppError && error.code === 'COMPOSE_FAILED')) throw error;
            output.push('Tinyforge: some images could not be pulled (see above); going on with the images the host has.');
          });
        }
        // An adopted stack's first deploy recreates every container of the project, even one whose
        // configuration compose would keep: a kept container was created by someone else, and labels
        // are claims, so only containers made by this run become the stack's own. The override's
        // labels change each service's configuration anyway; --force-recreate makes it a rule, also
        // for a container that already carried the app's labels. The owner chose this by adopting.
        // `up` recreates what changed: the containers it replaces are stopped by the app.
        if (stack.adoptPending && request.kind === 'deploy') {
          output.push(`Tinyforge: first deploy of adopted project ${stack.composeProjectName}: every container is recreated so the stack owns it.`);
          await this.underStopIntent(stack.id, null, () => compose(...UP, '--force-recreate'));
        } else await this.underStopIntent(stack.id, null, () => compose(...UP));
        break;
    }
    const images = await this.readBack(stack, startedAt, output, stack.adoptPending && request.kind === 'deploy');
    const made = this.deps.stacks.addVersion(stack.id, operation.id, files, images, run.secretKeys);
    // What runs is the version's file: the editor shows it from now on.
    if (version) this.deps.stacks.save(stack.id, files);
    if (version) this.deps.events.emit('workloads.changed', { hostId: this.deps.hostId });
    return made.id;
  }

  /**
   * The image id each service of a version ran, present on the host: pulled by its registry digest
   * when it is gone, refused (IMAGE_NOT_FOUND, nothing changed) when no registry has it.
   */
  private async pinnedImages(number: number, images: StackImage[], output: OutputBuffer): Promise<Record<string, string>> {
    const docker = this.deps.docker();
    const pins: Record<string, string> = {};
    for (const image of images) {
      const present = await docker
        .getImage(image.imageId)
        .inspect()
        .then(() => true)
        .catch((error: unknown) => {
          if (isNotFound(error)) return false;
          throw error;
        });
      if (!present) {
        if (!image.repoDigest) {
          throw new AppError(
            'IMAGE_NOT_FOUND',
            `version ${number} ran ${image.image} (${image.imageId.slice(0, 19)}) for service ${image.service}; that image is no longer on the host and came from no registry. Nothing was changed.`,
            { service: image.service, image: image.image, imageId: image.imageId },
          );
        }
        output.push(`Pulling ${image.repoDigest} for service ${image.service} (version ${number})`);
        try {
          await pullImage(docker, image.repoDigest, { auth: this.deps.registryAuth?.(image.repoDigest) ?? undefined, signal: this.stopping.signal });
        } catch (error) {
          throw new AppError(
            'IMAGE_NOT_FOUND',
            `version ${number}'s image for service ${image.service} (${image.repoDigest}) can no longer be pulled: ${error instanceof Error ? error.message : String(error)} Nothing was changed.`,
            { service: image.service, image: image.repoDigest },
          );
        }
      }
      pins[image.service] = image.imageId;
    }
    return pins;
  }

  /**
   * The stack's containers after `up`, read from Docker by id. The ones this run created (or that
   * an earlier run of the app created and compose kept) become the stack's own; one that merely
   * carries the labels is left unverified and said so in the output.
   */
  private async readBack(stack: StackView, startedAt: number, output: OutputBuffer, adopting: boolean): Promise<StackImage[]> {
    const docker = this.deps.docker();
    const listed = await docker.listContainers({
      all: true,
      filters: { label: [`${LABEL.composeProject}=${stack.composeProjectName}`, `${LABEL.workloadId}=${stack.id}`] },
    });
    const ours = new Set(this.deps.stacks.createdDockerIds(this.deps.hostId, stack.id));
    const created: CreatedStackContainer[] = [];
    /** Each service's first container: the one whose image the version records. */
    const firstOfService = new Map<string, string>();
    for (const c of listed) {
      const service = c.Labels[LABEL.composeService] ?? '';
      const name = (c.Names[0] ?? c.Id).replace(/^\//, '');
      // Docker's Created is in seconds; a second of slack for the clocks' rounding.
      if (!ours.has(c.Id) && c.Created * 1000 < startedAt - 1000) {
        output.push(`Tinyforge did not create ${name}: it carries this stack's labels but existed before this run. It stays unverified.`);
        continue;
      }
      created.push({ dockerId: c.Id, name, service, image: c.Image });
      if (!firstOfService.has(service)) firstOfService.set(service, c.Id);
    }
    // Inspected together, not one round trip after another: a deploy waits for the slowest only.
    const images = await Promise.all([...firstOfService].map(([service, dockerId]) => this.imageOf(docker, service, dockerId)));
    this.deps.stacks.recordCreated(this.deps.hostId, stack.id, created, adopting);
    this.deps.stacks.forgetReplaced(this.deps.hostId, stack.id, new Set(listed.map((c) => c.Id)));
    this.deps.events.emit('containers.changed', { hostId: this.deps.hostId });
    if (adopting) this.deps.events.emit('workloads.changed', { hostId: this.deps.hostId });
    return images.sort((a, b) => a.service.localeCompare(b.service));
  }

  /** After `down`: the rows of the containers it removed go too. */
  private async forgetRemoved(stack: StackView): Promise<void> {
    const listed = await this.deps.docker().listContainers({ all: true, filters: { label: [`${LABEL.composeProject}=${stack.composeProjectName}`] } });
    this.deps.stacks.forgetReplaced(this.deps.hostId, stack.id, new Set(listed.map((c) => c.Id)));
    this.deps.events.emit('containers.changed', { hostId: this.deps.hostId });
  }

  private async imageOf(docker: Dockerode, service: string, dockerId: string): Promise<StackImage> {
    const info = await docker.getContainer(dockerId).inspect();
    const imageId = info.Image;
    const asked = info.Config.Image;
    const image = await docker
      .getImage(imageId)
      .inspect()
      .catch(() => null);
    // Only a digest of the service's own repository pins it: the first of the image's repo digests
    // may name any registry the same image was ever pushed to or pulled from.
    const repoDigest = imageDigest(asked.replace(/@.*$/, ''), image?.RepoDigests ?? []);
    return { service, image: asked, imageId, repoDigest };
  }

  /** Each service of the stack as Docker runs it now, with the app's row of each container. */
  async services(workloadId: string): Promise<StackServiceView[]> {
    const stack = this.stack(workloadId);
    const docker = this.deps.docker();
    const listed = await docker.listContainers({ all: true, filters: { label: [`${LABEL.composeProject}=${stack.composeProjectName}`] } });
    const rows = new Map(
      this.deps.stacks
        .rowsOf(this.deps.hostId, stack.id)
        .filter((r) => r.provenance !== 'unverified')
        .map((r) => [r.dockerId, r.id]),
    );
    const declared = checkStackFiles({ ...stack, allowHostAccess: true }).services;
    const byService = new Map<string, StackServiceView>(declared.map((s) => [s, { service: s, containers: [] }]));
    // Only containers the app created for the stack (or a user trusted): one that merely carries
    // its labels is not shown as a service of the stack (Home flags it as unverified). Inspected together, not one round trip after another.
    const mine = listed.filter((c) => rows.has(c.Id));
    const inspected = await Promise.all(
      mine.map((c) =>
        docker
          .getContainer(c.Id)
          .inspect()
          .catch(() => null),
      ),
    );
    for (const [i, c] of mine.entries()) {
      const service = c.Labels[LABEL.composeService] ?? '';
      const info = inspected[i];
      if (!info) continue;
      const entry = byService.get(service) ?? { service, containers: [] };
      byService.set(service, entry);
      entry.containers.push({
        rowId: rows.get(c.Id)!,
        name: info.Name.replace(/^\//, ''),
        state: info.State.Status,
        health: info.State.Health?.Status ?? 'none',
        restartCount: info.RestartCount,
        exitCode: info.State.Running ? null : info.State.ExitCode,
        image: info.Config.Image,
        imageId: info.Image,
      });
    }
    return [...byService.values()];
  }

  /** The host's containers no workload owns, grouped by compose project: read live, never stored. */
  async foreign(): Promise<ForeignGroup[]> {
    const groups = await listForeign(this.deps.docker(), this.deps.stacks.ownedDockerIds(this.deps.hostId));
    // The host's managed proxy is the app's own, though no workload holds it.
    const proxy = this.deps.managedProxyName?.() ?? null;
    return groups.map((g) => ({ ...g, containers: g.containers.filter((c) => c.name !== proxy) })).filter((g) => g.containers.length > 0);
  }

  /** What adopting the foreign compose project would import; nothing is saved. */
  adoptPreview(project: string): Promise<AdoptPreview> {
    return adoptPreview(this.deps.docker(), this.deps.shell(), this.deps.stacks.ownedDockerIds(this.deps.hostId), project);
  }

  /**
   * `compose config` on the host, on the files as they are in the editor (not saved): the CLI's
   * own verdict and message. Checks of one host run one at a time in one scratch folder.
   */
  checkOnHost(files: StackFiles): Promise<{ ok: boolean; output: string }> {
    const work = this.checking.then(async () => {
      const cli = await this.compose();
      const shell = this.deps.shell();
      const names = [COMPOSE_FILE, ENV_FILE];
      const dir = await shell.writeFiles(posix.join(this.deps.stacksDir, '.check'), [
        { name: COMPOSE_FILE, content: files.composeFile },
        { name: ENV_FILE, content: files.envFile },
      ]);
      try {
        await runCompose(shell, cli, { dir, project: 'tinyforge-check', files: [COMPOSE_FILE], args: ['config', '-q'], signal: this.stopping.signal });
        return { ok: true, output: '' };
      } catch (error) {
        if (error instanceof AppError && error.code === 'COMPOSE_FAILED') return { ok: false, output: error.message };
        throw error;
      } finally {
        await shell.removeFiles(dir, names).catch(() => undefined);
      }
    });
    this.checking = work.catch(() => undefined);
    return work;
  }

  /** Operations a crash or a close left running: their outcome on the host is unknown. */
  settleInterrupted(): void {
    for (const operation of this.deps.stacks.running(this.deps.hostId)) {
      const finished = this.deps.stacks.finish(operation.id, 'failed', operation.output, {
        code: 'CONFLICT',
        message: 'Tinyforge stopped while this operation ran; what compose finished on the host is not known. Run it again.',
      });
      this.changed(finished);
    }
  }

  /** Stops every running operation (its compose process is ended) and waits for each to settle. */
  async close(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled([...this.runs]);
  }

  private changed(operation: StackOperationView): void {
    this.deps.events.emit('stacks.changed', {
      hostId: this.deps.hostId,
      workloadId: operation.workloadId,
      operationId: operation.id,
      status: operation.status,
    });
  }
}

/** The .env as a run gets it: the plain file, then each secret line (compose's .env reads "..." with \" escapes). */
function withSecrets(envFile: string, lines: string[]): string {
  if (lines.length === 0) return envFile;
  return `${envFile}${envFile === '' || envFile.endsWith('\n') ? '' : '\n'}${lines.join('\n')}\n`;
}

/** The CLI's lines: all kept (the last MAX_OUTPUT_LINES), sent to the page in batches. */
class OutputBuffer {
  readonly lines: string[] = [];
  private pending: string[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly send: (lines: string[]) => void,
    private readonly everyMs = 100,
  ) {}

  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > MAX_OUTPUT_LINES * 2) this.lines.splice(0, this.lines.length - MAX_OUTPUT_LINES);
    this.pending.push(line);
    this.timer ??= setTimeout(() => this.flush(), this.everyMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.send(batch);
  }
}
