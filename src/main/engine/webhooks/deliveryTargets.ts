// What an accepted delivery deploys, through the app's existing deploy paths (never a copy of
// them): a project's stage through its host's Deployer, a stack's pull and update through its
// StackService, a site's archive (downloaded from a URL in the body) through its SiteService, which
// checks it exactly as it checks an upload. planDelivery decides (pure apart from reading the
// records); the returned run does the I/O and resolves with the outcome once the deploy ended.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import type { ProjectView, SiteView, StackView, WorkloadView } from '../../../shared/types';
import type { EventPayload } from '../../../shared/contract';
import type { EventBus } from '../events';
import type { Deployer } from '../projects/deployer';
import type { SiteService } from '../sites/siteService';
import type { StackService } from '../stacks/stackService';
import type { RefMapping } from './refMapping';
import { projectTarget } from './refMapping';

export interface TargetDeps {
  deployer(hostId: string): Deployer;
  stacks(hostId: string): StackService;
  sites(hostId: string): SiteService;
  events: EventBus;
  mapping(projectId: string): RefMapping;
  /** Largest site archive a delivery may point at, in bytes. */
  maxArchiveBytes: number;
  /** How long an archive download may take. */
  archiveTimeoutMs: number;
}

export interface RunResult {
  ok: boolean;
  reason: string | null;
}

export type DeliveryPlan =
  { kind: 'run'; key: string; what: string; run: () => Promise<RunResult> } | { kind: 'ignored'; why: string } | { kind: 'invalid'; why: string };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function planDelivery(deps: TargetDeps, workload: WorkloadView, body: unknown, event: string): DeliveryPlan {
  if (workload.kind === 'project') return planProject(deps, workload, body, event);
  if (event === 'ping') return { kind: 'ignored', why: 'ping' };
  if (workload.kind === 'stack') return planStack(deps, workload);
  return planSite(deps, workload, body);
}

function planProject(deps: TargetDeps, project: ProjectView, body: unknown, event: string): DeliveryPlan {
  const target = projectTarget(
    body,
    deps.mapping(project.id),
    project.stages.map((s) => s.name),
    event,
  );
  if (target.kind !== 'deploy') return target;
  const stage = project.stages.find((s) => s.name === target.stage)!;
  const tag = target.imageTag ?? stage.imageTag;
  return {
    kind: 'run',
    key: stage.id,
    what: `stage ${stage.name} with tag ${tag} (${target.why})`,
    run: async () => {
      const record = await deps.deployer(project.hostId).begin({ stageId: stage.id, imageTag: target.imageTag }).done;
      return record.status === 'succeeded' ? { ok: true, reason: null } : { ok: false, reason: record.error ?? 'the deploy failed' };
    },
  };
}

function planStack(deps: TargetDeps, stack: StackView): DeliveryPlan {
  return {
    kind: 'run',
    key: stack.id,
    what: 'pull and update',
    run: async () => {
      const operation = await deps.stacks(stack.hostId).begin(stack.id, { kind: 'update' }).done;
      return operation.status === 'succeeded' ? { ok: true, reason: null } : { ok: false, reason: operation.error?.message ?? 'the update failed' };
    },
  };
}

function planSite(deps: TargetDeps, site: SiteView, body: unknown): DeliveryPlan {
  const url = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).archiveUrl : undefined;
  if (typeof url !== 'string') return { kind: 'invalid', why: 'a site delivery needs "archiveUrl": the URL of a tar, tar.gz or zip archive' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'invalid', why: '"archiveUrl" is not a URL' };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return { kind: 'invalid', why: '"archiveUrl" must be an http or https URL' };
  if (parsed.username || parsed.password) return { kind: 'invalid', why: '"archiveUrl" must not carry a user name or password' };
  return {
    kind: 'run',
    key: site.id,
    what: `archive from ${parsed.origin}${parsed.pathname}`,
    run: () => deploySiteArchive(deps, site, parsed),
  };
}

/** Downloads the archive into a private temporary folder (never over the limit), deploys it like an upload, waits for the end. */
async function deploySiteArchive(deps: TargetDeps, site: SiteView, url: URL): Promise<RunResult> {
  const dir = await mkdtemp(join(tmpdir(), 'tinyforge-hook-'));
  const file = join(dir, 'archive');
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(deps.archiveTimeoutMs), redirect: 'follow' });
    if (!response.ok || !response.body) return { ok: false, reason: `the archive URL answered ${response.status}` };
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > deps.maxArchiveBytes) return { ok: false, reason: `the archive is larger than ${deps.maxArchiveBytes} bytes` };
    let bytes = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        if (bytes > deps.maxArchiveBytes) done(new Error(`the archive is larger than ${deps.maxArchiveBytes} bytes`));
        else done(null, chunk);
      },
    });
    // The DOM lib's ReadableStream (fetch's type under tsc) and node:stream/web's differ in name only;
    // the linter's project sees them as one, hence the comment.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    await pipeline(Readable.fromWeb(response.body as NodeWebStream), limit, createWriteStream(file, { mode: 0o600 }));
    const service = deps.sites(site.hostId);
    // The end is told as sites.progress; listen before starting so it cannot be missed.
    let versionId: string | null = null;
    let settle: (result: RunResult) => void = () => undefined;
    const ended = new Promise<RunResult>((resolve) => (settle = resolve));
    const off = deps.events.subscribe((event, payload) => {
      if (event !== 'sites.progress') return;
      const p = payload as EventPayload<'sites.progress'>;
      if (p.workloadId !== site.id || p.versionId !== versionId) return;
      if (p.phase === 'done') settle({ ok: true, reason: null });
      else if (p.phase === 'failed' || p.phase === 'cancelled') settle({ ok: false, reason: p.error?.message ?? p.phase });
    });
    try {
      const start = await service.deploy(site.id, { kind: 'archive', path: file });
      if (start.unchanged || start.versionId === null) return { ok: true, reason: 'the archive is what the site serves already' };
      versionId = start.versionId;
      return await ended;
    } finally {
      off();
    }
  } catch (error) {
    return { ok: false, reason: message(error) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
