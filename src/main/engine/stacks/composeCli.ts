// The compose CLI on a Docker host, through its host shell: which one the host has (`docker
// compose`, v2 and later, else `docker-compose`, v1), the argv for a stack's files, a run whose
// failure carries compose's own words, the two JSON shapes of `ps`, and the override file that
// stamps the app's labels (and pinned digests) on every service without touching the user's file.
import { stringify } from 'yaml';
import { AppError } from '../../../shared/errors';
import { slug } from '../../../shared/contract/schemas';
import { canonicalLabels } from '../docker/labels';
import { MISSING_COMMAND_EXIT } from '../docker/hostShell';
import type { HostCommandResult, HostShell } from '../docker/hostShell';

export interface ComposeCli {
  /** v2 also when a v2 binary is installed as `docker-compose` (its standalone form). */
  flavor: 'v2' | 'v1';
  version: string;
  command: string[];
}

export interface ComposeTarget {
  project: string;
  /** In order: the user's file first, then the override. Relative to the run's folder. */
  files: string[];
  envFile?: string;
}

export interface ComposeRun extends ComposeTarget {
  /** The stack's folder on the host (see stackDir): compose resolves relative paths from here. */
  dir: string;
  args: string[];
  signal?: AbortSignal;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  timeoutMs?: number;
}

/** One container as `compose ps --format json` reports it. */
export interface ComposePsEntry {
  name: string;
  service: string;
  state: string;
  /** '' or null when the service has no health check. */
  health: string | null;
  exitCode: number | null;
  /** Absent from compose before 2.14. */
  image: string | null;
  id: string;
}

/** The last lines of a failed run kept in COMPOSE_FAILED's details. */
export const FAILURE_OUTPUT_LINES = 50;
/** How many of compose's last stderr lines make COMPOSE_FAILED's message. */
const FAILURE_MESSAGE_LINES = 10;
const DETECT_TIMEOUT_MS = 30_000;
const SERVICE_NAME = /^[a-zA-Z0-9._-]+$/;
/** `repo@sha256:<digest>` from a registry, or the local image id `sha256:<digest>` (an image built or imported on the host). */
const PINNED_IMAGE = /^(?:[^\s@]+@)?sha256:[0-9a-f]{64}$/;

/** `2.24.5` from `2.24.5`, `v2.24.5` or `1.29.2`; null when the text is no version. */
export function parseComposeVersion(stdout: string): string | null {
  const match = /^v?(\d+\.\d+(?:\.\d+)?(?:[-+][0-9A-Za-z.-]+)?)$/.exec(stdout.trim());
  return match ? match[1]! : null;
}

function flavorOf(version: string): 'v2' | 'v1' {
  return Number(version.split('.')[0]) >= 2 ? 'v2' : 'v1';
}

function lastLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .pop() ?? ''
  );
}

/** Which compose the host runs: `docker compose` first, then `docker-compose`. The caller caches it per session. */
export async function detectCompose(shell: HostShell, signal?: AbortSignal): Promise<ComposeCli> {
  const tried: Record<string, string> = {};
  for (const command of [['docker', 'compose'], ['docker-compose']]) {
    const result = await shell.run({ argv: [...command, 'version', '--short'], signal, timeoutMs: DETECT_TIMEOUT_MS });
    const version = result.exitCode === 0 ? parseComposeVersion(result.stdout) : null;
    if (version) return { flavor: flavorOf(version), version, command };
    tried[command.join(' ')] =
      result.exitCode === MISSING_COMMAND_EXIT ? 'not installed' : lastLine(result.stderr) || lastLine(result.stdout) || `exit ${result.exitCode}`;
  }
  throw new AppError(
    'COMPOSE_NOT_FOUND',
    'neither `docker compose` nor `docker-compose` runs on this host. Install the Docker Compose plugin there (the docker-compose-plugin package from Docker, or docker-compose-v2 on Ubuntu), or docker-compose.',
    { tried },
  );
}

/** A compose project name as compose itself accepts it (and as the contract's slug): refused otherwise. */
export function checkProjectName(project: string): void {
  const parsed = slug.safeParse(project);
  if (!parsed.success || parsed.data !== project)
    throw new AppError(
      'VALIDATION',
      `${JSON.stringify(project)} is not a compose project name: use lower-case letters, digits, dashes and underscores, starting with a letter or digit (at most 63).`,
      { project },
    );
}

/** Where a stack's files live on its host, under the login user's home. */
export function stackDir(project: string): string {
  checkProjectName(project);
  return `~/.tinyforge/stacks/${project}`;
}

/** `<compose> -p project -f a -f b [--env-file x] ...args`: global options before the subcommand, as v1 requires. */
export function composeArgv(cli: ComposeCli, target: ComposeTarget, ...args: string[]): string[] {
  checkProjectName(target.project);
  if (target.files.length === 0) throw new AppError('VALIDATION', 'a compose run needs at least one compose file.');
  return [
    ...cli.command,
    '-p',
    target.project,
    ...target.files.flatMap((file) => ['-f', file]),
    ...(target.envFile ? ['--env-file', target.envFile] : []),
    ...args,
  ];
}

/**
 * Runs compose in the stack's folder. A nonzero exit is COMPOSE_FAILED whose message is compose's
 * own last stderr lines, as they are (the user acts on compose's words, not ours).
 */
export async function runCompose(shell: HostShell, cli: ComposeCli, run: ComposeRun): Promise<HostCommandResult> {
  const recent: string[] = [];
  const result = await shell.run({
    argv: composeArgv(cli, run, ...run.args),
    cwd: run.dir,
    signal: run.signal,
    timeoutMs: run.timeoutMs,
    onLine: (line, stream) => {
      recent.push(line);
      if (recent.length > FAILURE_OUTPUT_LINES) recent.shift();
      run.onLine?.(line, stream);
    },
  });
  if (result.exitCode === 0) return result;
  if (result.exitCode === MISSING_COMMAND_EXIT)
    throw new AppError(
      'COMPOSE_NOT_FOUND',
      `${cli.command.join(' ')} is no longer installed on this host: install Docker Compose again, or reconnect to detect another.`,
      {
        tried: { [cli.command.join(' ')]: 'not installed' },
      },
    );
  const stderrLines = result.stderr.split('\n').filter((line) => line.trim() !== '');
  const stdoutLines = result.stdout.split('\n').filter((line) => line.trim() !== '');
  const own = (stderrLines.length > 0 ? stderrLines : stdoutLines).slice(-FAILURE_MESSAGE_LINES).join('\n');
  throw new AppError('COMPOSE_FAILED', own || `${cli.command.join(' ')} ${run.args[0] ?? ''} exited with code ${result.exitCode} and printed nothing.`, {
    exitCode: result.exitCode,
    output: recent,
  });
}

function invalidPs(why: string, sample: string): AppError {
  return new AppError('COMPOSE_OUTPUT_INVALID', `compose ps printed something that is not its JSON (${why}).`, { sample: sample.slice(0, 200) });
}

function psEntry(value: unknown, raw: string): ComposePsEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidPs('an entry is not an object', raw);
  const v = value as Record<string, unknown>;
  const text = (key: string): string | null => (typeof v[key] === 'string' ? v[key] : null);
  const name = text('Name');
  const service = text('Service');
  const state = text('State');
  if (name === null || service === null || state === null) throw invalidPs('an entry lacks Name, Service or State', raw);
  return {
    name,
    service,
    // compose-cli (before v2.0) wrote "Running"; Docker's own states are lower-case.
    state: state.toLowerCase(),
    health: text('Health'),
    exitCode: typeof v.ExitCode === 'number' ? v.ExitCode : null,
    image: text('Image'),
    id: text('ID') ?? '',
  };
}

/**
 * `compose ps --format json` of any v2: a JSON array up to 2.20, JSON Lines (one object a line)
 * from 2.21 (docker/compose#10958). Empty output is no containers; anything else is refused.
 */
export function parsePs(stdout: string): ComposePsEntry[] {
  const text = stdout.trim();
  if (text === '') return [];
  if (text.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw invalidPs((error as Error).message, text);
    }
    if (!Array.isArray(parsed)) throw invalidPs('not an array', text);
    return parsed.map((entry) => psEntry(entry, text));
  }
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch (error) {
        throw invalidPs((error as Error).message, line);
      }
      return psEntry(parsed, line);
    });
}

export interface OverrideInput {
  services: string[];
  workloadId: string;
  /** Service -> `repo@sha256:<digest>` or the image id `sha256:<digest>`: the exact image a version ran (rollback). */
  pins?: Record<string, string>;
}

/**
 * The override file the app adds as the last `-f`: its labels on every service (so a recreated
 * container carries them too) and, for a rollback, each pinned image. No `version:` key, which
 * compose v1 1.27+ merges with a user file of any 2.x/3.x version.
 */
export function composeOverride({ services, workloadId, pins = {} }: OverrideInput): string {
  if (services.length === 0) throw new AppError('VALIDATION', 'a stack needs at least one service.');
  if (workloadId.trim() === '') throw new AppError('VALIDATION', 'the override needs the workload id.');
  for (const service of services) {
    if (!SERVICE_NAME.test(service)) throw new AppError('VALIDATION', `${JSON.stringify(service)} is not a compose service name.`, { service });
  }
  for (const [service, image] of Object.entries(pins)) {
    if (!services.includes(service))
      throw new AppError('VALIDATION', `a digest is pinned for ${JSON.stringify(service)}, which is not a service of this stack.`, { service });
    if (!PINNED_IMAGE.test(image))
      throw new AppError(
        'VALIDATION',
        `${JSON.stringify(image)} is not an image pinned by digest (repository@sha256:<64 hex digits>, or an image id sha256:<64 hex digits>).`,
        { service, image },
      );
  }
  const document = {
    services: Object.fromEntries(
      services.map((service) => [service, { ...(pins[service] ? { image: pins[service] } : {}), labels: canonicalLabels(workloadId, 'stack', service) }]),
    ),
  };
  return `# Written by Tinyforge for every run of this stack; edits here are replaced.\n${stringify(document)}`;
}
