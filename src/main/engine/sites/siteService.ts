// A host's static sites: an upload is read and checked on this computer first (bad input: its own
// error, nothing changed), then copied as a tar stream through Docker's archive API into a fresh,
// labelled volume (never the whole site in memory; over SSH through the one connection), with
// progress and cancel; then the blue-green runner serves it: a web-server container on the
// version's volume, health-checked, the route switched, the old container drained and removed.
// The last N versions keep their volumes, so a rollback is a new container and a route switch.
// A version's record is written before its volume and removed after it, so a crash leaves
// nothing the next start cannot find: an `uploading` version is removed with its volume.
import { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { AppError, errorInfoOf } from '../../../shared/errors';
import type { SiteDeployStart, SiteProgress, SiteVersionView, SiteView } from '../../../shared/types';
import type { BlueGreenRunner } from '../bluegreen/runner';
import { ignoreNotFound, isConflict, isNotFound } from '../docker/dockerErrors';
import { pullImage } from '../docker/pullImage';
import type { PullAuth } from '../docker/pullImage';
import type { EventBus } from '../events';
import type { DeployKind, DeployRecord, DeployRepo } from '../store/deployRepo';
import type { SiteRepo, SiteVersionRow } from '../store/siteRepo';
import type { WorkloadRepo } from '../store/workloadRepo';
import { loaderLabels, SITE_MOUNT, siteCaddyfile, siteTarget, versionLabels, versionVolume } from './siteServer';
import { DEFAULT_SITE_LIMITS, scanSite, siteTarStream } from './siteSource';
import type { SiteLimits, SiteManifest, SiteSource } from './siteSource';

const PROGRESS_EVERY_MS = 200;

export interface SiteServiceDeps {
  hostId: string;
  docker: () => Dockerode;
  sites: SiteRepo;
  workloads: WorkloadRepo;
  deploys: DeployRepo;
  /** The host's runner of site targets (its recovery knows site keys). */
  runner: () => BlueGreenRunner;
  /** The image sites are served with: the host's managed proxy's. */
  image: () => string;
  registryAuth?: (image: string) => PullAuth | null;
  /** The image tag a serving container's row records (`v3`), for the host's site `siteId`; null if none is routed. */
  servingTag: (siteId: string) => string | null;
  /** Takes a route off the host's proxy (deleting a site). */
  removeRoute: (routeId: string) => Promise<void>;
  /** Forgets a container row the app removed. */
  removeRow: (rowId: string) => void;
  events: EventBus;
  log: (message: string) => void;
  limits?: Partial<SiteLimits>;
}

interface Upload {
  versionId: string;
  abort: AbortController;
  done: Promise<void>;
}

export class SiteService {
  /** Uploads of this process, by site: one per site at a time, and never taken for a crashed one. */
  private readonly uploads = new Map<string, Upload>();
  private readonly stopping = new AbortController();

  constructor(private readonly deps: SiteServiceDeps) {}

  /** The site `id` of this host, or NOT_FOUND / FORBIDDEN. */
  site(id: string): SiteView {
    const workload = this.deps.workloads.get(id);
    if (workload.kind !== 'site') throw new AppError('NOT_FOUND', `${workload.name} is not a site.`, { workloadId: id });
    if (workload.hostId !== this.deps.hostId) throw new AppError('FORBIDDEN', `site ${workload.name} belongs to another host.`, { workloadId: id });
    return workload;
  }

  /**
   * Reads and checks the source, then (unless it is the content served now) records a version and
   * copies and deploys it in the background. Answers once the source has passed its checks.
   */
  async deploy(siteId: string, source: SiteSource): Promise<SiteDeployStart> {
    const site = this.site(siteId);
    this.assertIdle(site);
    const abort = new AbortController();
    const stop = () => abort.abort(new AppError('CONFLICT', 'Tinyforge is closing this host; the upload stopped.'));
    this.stopping.signal.addEventListener('abort', stop, { once: true });
    const scanning: Upload = { versionId: '', abort, done: Promise.resolve() };
    this.uploads.set(siteId, scanning);
    let started = false;
    try {
      // A folder is checked from its listing, and its files are read once, by the copy (reading
      // them first as well cost a third of a deploy). Only a listing equal to the served version's
      // (or a served version with none kept) is read whole first: most likely the same site again,
      // answered "unchanged" at once instead of after a copy.
      const limits = { ...DEFAULT_SITE_LIMITS, ...this.deps.limits };
      let manifest = await scanSite(source, limits, abort.signal, { shallow: true });
      const serving = this.servingVersion(site);
      if (manifest.contentHash === null && serving && (serving.shapeHash === null || serving.shapeHash === manifest.shapeHash)) {
        manifest = await scanSite(source, limits, abort.signal);
      }
      const noIndex = manifest.warnings.some((w) => w.code === 'INDEX_HTML_MISSING');
      const answer = { files: manifest.files, bytes: manifest.bytes, warnings: noIndex ? ['no-index'] : [] };
      if (manifest.contentHash !== null && serving?.contentHash === manifest.contentHash) return { versionId: null, unchanged: true, ...answer };
      const version = this.deps.sites.create({
        workloadId: site.id,
        hostId: this.deps.hostId,
        contentHash: manifest.contentHash,
        shapeHash: manifest.shapeHash,
        files: manifest.files,
        bytes: manifest.bytes,
        hasIndex: !noIndex,
        options: site.options,
        source: source.path,
        volumeName: (versionId) => versionVolume(site.id, versionId),
      });
      const upload: Upload = { versionId: version.id, abort, done: Promise.resolve() };
      upload.done = this.publish(site, version, source, manifest, abort.signal).finally(() => {
        this.stopping.signal.removeEventListener('abort', stop);
        if (this.uploads.get(siteId) === upload) this.uploads.delete(siteId);
      });
      this.uploads.set(siteId, upload);
      started = true;
      return { versionId: version.id, unchanged: false, ...answer };
    } finally {
      if (!started) {
        this.stopping.signal.removeEventListener('abort', stop);
        if (this.uploads.get(siteId) === scanning) this.uploads.delete(siteId);
      }
    }
  }

  /** Stops the site's upload in progress; its version and volume go. False when none runs (or it is already deploying). */
  cancel(siteId: string): boolean {
    this.site(siteId);
    const upload = this.uploads.get(siteId);
    if (!upload || upload.abort.signal.aborted) return false;
    upload.abort.abort(new AppError('CONFLICT', 'the upload was cancelled; the site keeps serving what it served.'));
    return true;
  }

  /** Serves a kept version again: a container on its volume, then the route switch. */
  rollback(siteId: string, versionId: string): DeployRecord {
    const site = this.site(siteId);
    this.assertIdle(site);
    const version = this.deps.sites.version(siteId, versionId);
    if (version.status !== 'ready')
      throw new AppError('CONFLICT', `version ${version.number} is still being uploaded; it cannot be served yet.`, { versionId });
    if (this.servingVersion(site)?.id === version.id) throw new AppError('CONFLICT', `version ${version.number} is the one served now.`, { versionId });
    return this.begin(site, version, 'rollback').record;
  }

  /** The site's versions, newest first, with the one served now marked. */
  versions(siteId: string): SiteVersionView[] {
    const site = this.site(siteId);
    const serving = this.servingVersion(site)?.id ?? null;
    return this.deps.sites.versions(site.id).map(({ workloadId: _w, hostId: _h, volume: _v, ...v }) => ({ ...v, serving: v.id === serving }));
  }

  /**
   * Versions left `uploading` by a crash (no upload of this process runs them): their copy
   * container and volume are removed, then their record. Run when the host's connection comes up.
   */
  async settleInterrupted(): Promise<void> {
    const running = new Set([...this.uploads.values()].map((u) => u.versionId));
    for (const version of this.deps.sites.uploading(this.deps.hostId)) {
      if (running.has(version.id)) continue;
      await this.discard(version);
      this.deps.log(`site version ${version.number} of ${version.workloadId} was cut short by a stop during its upload; its volume was removed.`);
    }
  }

  /**
   * Before a site is deleted: its serving containers (the app's own) go with their rows, its route
   * leaves the proxy, then every version's volume. A container that only carries the site's labels
   * is not the app's to remove: it refuses the delete first, with nothing changed.
   */
  async release(siteId: string): Promise<void> {
    const site = this.site(siteId);
    this.assertIdle(site);
    const foreign = this.deps.sites.foreignContainers(siteId);
    if (foreign.length > 0) {
      throw new AppError(
        'WORKLOAD_HAS_CONTAINERS',
        `${foreign.length} container(s) carry this site's labels but were not made by Tinyforge: ${foreign.map((c) => `${c.name} (${c.state})`).join(', ')}. Remove them first; nothing was deleted.`,
        { containers: foreign },
      );
    }
    const docker = this.deps.docker();
    for (const row of this.deps.sites.ownContainers(siteId)) {
      if (row.dockerId) await docker.getContainer(row.dockerId).remove({ force: true }).catch(ignoreNotFound);
      if (row.proxyRouteId) await this.deps.removeRoute(row.proxyRouteId);
      this.deps.removeRow(row.id);
    }
    for (const version of this.deps.sites.versions(siteId)) await this.discard(version);
  }

  async close(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled([...this.uploads.values()].map((u) => u.done));
  }

  /** Refuses a second upload or deploy of the site while one runs. */
  private assertIdle(site: SiteView): void {
    if (this.uploads.has(site.id) || this.deps.deploys.running().some((d) => d.targetKey === site.id)) {
      throw new AppError('DEPLOY_IN_PROGRESS', `site ${site.name} is being deployed; wait for it to finish. Nothing was changed.`, { workloadId: site.id });
    }
  }

  /** The version whose container the route points at now. */
  private servingVersion(site: SiteView): SiteVersionRow | null {
    const tag = this.deps.servingTag(site.id);
    const number = tag?.startsWith('v') ? Number(tag.slice(1)) : NaN;
    return this.deps.sites.versions(site.id).find((v) => v.number === number) ?? null;
  }

  /** Copies the version's files into its volume, then serves it; every outcome is told as sites.progress. */
  private async publish(site: SiteView, version: SiteVersionRow, source: SiteSource, manifest: SiteManifest, signal: AbortSignal): Promise<void> {
    const progress = (patch: Partial<SiteProgress> & Pick<SiteProgress, 'phase'>) =>
      this.deps.events.emit('sites.progress', {
        hostId: this.deps.hostId,
        workloadId: site.id,
        versionId: version.id,
        files: 0,
        bytes: 0,
        totalFiles: manifest.files,
        totalBytes: manifest.bytes,
        error: null,
        ...patch,
      });
    let contentHash: string;
    try {
      // Versions an earlier prune could not remove yet (a container still on a volume) go first.
      await this.prune(site).catch((error: unknown) => this.deps.log(`pruning the versions of site ${site.name} failed: ${String(error)}`));
      contentHash = await this.copy(site, version, source, manifest, signal, (files, bytes) => progress({ phase: 'copying', files, bytes }));
    } catch (error) {
      await this.discard(version).catch((discardError: unknown) => this.deps.log(`could not remove the volume of a failed upload: ${String(discardError)}`));
      const info = errorInfoOf(error);
      if (info.code === 'INTERNAL') this.deps.log(`site upload failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      progress({ phase: signal.aborted ? 'cancelled' : 'failed', error: { code: info.code, message: info.message } });
      return;
    }
    // Read once by the copy, the content may turn out to be the one served (a rebuild that
    // rewrote every file the same): then this version goes, and nothing else changes.
    if (manifest.contentHash === null && this.servingVersion(site)?.contentHash === contentHash) {
      try {
        await this.discard(version);
      } catch (error) {
        this.deps.log(`could not remove the volume of an unchanged upload: ${String(error)}`);
      }
      progress({ phase: 'unchanged', files: manifest.files, bytes: manifest.bytes });
      return;
    }
    this.deps.sites.markReady(version.id, contentHash);
    progress({ phase: 'deploying', files: manifest.files, bytes: manifest.bytes });
    let record: DeployRecord;
    try {
      record = await this.begin(site, version, 'deploy').done;
    } catch (error) {
      const info = errorInfoOf(error);
      progress({ phase: 'failed', files: manifest.files, bytes: manifest.bytes, error: { code: info.code, message: info.message } });
      return;
    }
    if (record.status === 'succeeded')
      await this.prune(site).catch((error: unknown) => this.deps.log(`pruning the versions of site ${site.name} failed: ${String(error)}`));
    progress({
      phase: record.status === 'succeeded' ? 'done' : 'failed',
      files: manifest.files,
      bytes: manifest.bytes,
      error: record.status === 'succeeded' ? null : { code: record.steps.at(-1)?.failure?.code ?? 'INTERNAL', message: record.error ?? '' },
    });
  }

  private begin(site: SiteView, version: SiteVersionRow, kind: DeployKind) {
    return this.deps.runner().begin(siteTarget(site, version), this.deps.image(), kind);
  }

  /**
   * The files and the server's Caddyfile into the version's fresh volume, through a container that
   * is never started. Resolves with the content hash of the files copied.
   */
  private async copy(
    site: SiteView,
    version: SiteVersionRow,
    source: SiteSource,
    manifest: SiteManifest,
    signal: AbortSignal,
    onProgress: (files: number, bytes: number) => void,
  ): Promise<string> {
    const docker = this.deps.docker();
    const image = this.deps.image();
    await this.ensureImage(docker, image, signal);
    await docker.createVolume({ Name: version.volume, Labels: versionLabels(site.id, version.id, 'site-version') });
    const loader = await docker.createContainer({
      name: loaderName(version),
      Image: image,
      Entrypoint: [],
      Cmd: ['true'],
      Labels: loaderLabels(version.id),
      NetworkDisabled: true,
      HostConfig: { NetworkMode: 'none', Mounts: [{ Type: 'volume', Source: version.volume, Target: SITE_MOUNT }] },
    });
    let contentHash: string | null = null;
    try {
      let last = 0;
      const stream = siteTarStream(source, manifest, {
        onContentHash: (hash) => {
          contentHash = hash;
        },
        prefix: 'site/',
        // The server's config in the same archive: one request to the host, not two.
        extraFiles: [{ name: 'Caddyfile', content: Buffer.from(siteCaddyfile(site.options), 'utf8') }],
        signal,
        onProgress: ({ files, bytes }) => {
          const now = Date.now();
          if (now - last < PROGRESS_EVERY_MS && files < manifest.files) return;
          last = now;
          onProgress(files, bytes);
        },
      });
      await putArchive(loader, stream, signal);
      signal.throwIfAborted();
    } finally {
      await loader.remove({ force: true }).catch(ignoreNotFound);
    }
    // Told before the archive's last bytes, so a whole upload always has it.
    if (contentHash === null) throw new AppError('INTERNAL', 'the upload ended before every file of the site was read.');
    return contentHash;
  }

  private async ensureImage(docker: Dockerode, image: string, signal: AbortSignal): Promise<void> {
    try {
      await docker.getImage(image).inspect();
      return;
    } catch (error) {
      ignoreNotFound(error);
    }
    await pullImage(docker, image, { auth: this.deps.registryAuth?.(image) ?? null, signal });
  }

  /** Removes a version's copy container, its volume, then its record. A volume still in use stays, with its record. */
  private async discard(version: SiteVersionRow): Promise<void> {
    const docker = this.deps.docker();
    await docker.getContainer(loaderName(version)).remove({ force: true }).catch(ignoreNotFound);
    try {
      await docker.getVolume(version.volume).remove();
    } catch (error) {
      if (isConflict(error)) return this.deps.log(`the volume ${version.volume} of site version ${version.number} is still in use; it is kept.`);
      if (!isNotFound(error)) throw error;
    }
    this.deps.sites.remove(version.id);
  }

  /** Versions beyond the site's number to keep go, oldest first; never the one served, never one being uploaded. */
  private async prune(site: SiteView): Promise<void> {
    const fresh = this.site(site.id);
    const serving = this.servingVersion(fresh)?.id;
    const ready = this.deps.sites.versions(fresh.id).filter((v) => v.status === 'ready');
    for (const version of ready.slice(fresh.keepVersions)) {
      if (version.id === serving) continue;
      await this.discard(version);
    }
  }
}

/** The container that fills a version's volume: named by its site and version, so a crash's leftover is found. */
export function loaderName(version: Pick<SiteVersionRow, 'id' | 'workloadId'>): string {
  return `${loaderPrefix(version.workloadId)}${version.id.slice(0, 12)}`;
}

export function loaderPrefix(siteId: string): string {
  return `tinyforge-site-load-${siteId.slice(0, 8)}-`;
}

/** Docker's archive API, fed by a stream; an abort destroys the stream, which ends the request. */
async function putArchive(container: Dockerode.Container, stream: Readable, signal: AbortSignal): Promise<void> {
  // A stream that fails before (or after) it is handed over must not throw from its 'error' event:
  // the failure is this call's rejection.
  stream.on('error', () => undefined);
  if (signal.aborted) {
    stream.destroy();
    signal.throwIfAborted();
  }
  const onAbort = () => stream.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      container.putArchive(stream, { path: SITE_MOUNT }).then(() => resolve(), reject);
    });
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
