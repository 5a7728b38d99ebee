// A static site's settings and its versions (site_versions): each upload's files in a volume of
// their own on the host, `uploading` until the copy is whole, then `ready` to be served.
import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { SiteOptions } from '../../../shared/types';
import { VERIFIED_SQL } from './containerRepo';

export interface SiteVersionRow {
  id: string;
  workloadId: string;
  hostId: string;
  number: number;
  status: 'uploading' | 'ready';
  volume: string;
  /** Null while a version read only once (by its copy) is uploading. */
  contentHash: string | null;
  /** See SiteManifest.shapeHash; null for versions made before it was kept. */
  shapeHash: string | null;
  files: number;
  bytes: number;
  hasIndex: boolean;
  options: SiteOptions;
  source: string;
  createdAt: number;
}

interface Row extends Omit<SiteVersionRow, 'hasIndex' | 'options'> {
  hasIndex: number;
  options: string;
}

const VERSION_SELECT = `SELECT id, workload_id AS workloadId, host_id AS hostId, number, status, volume, content_hash AS contentHash, shape_hash AS shapeHash, files, bytes,
  has_index AS hasIndex, options, source, created_at AS createdAt FROM site_versions`;

const fromRow = (r: Row): SiteVersionRow => ({ ...r, hasIndex: r.hasIndex === 1, options: JSON.parse(r.options) as SiteOptions });

export class SiteRepo {
  private readonly s: Record<
    'update' | 'nextNumber' | 'insert' | 'ready' | 'remove' | 'get' | 'ofSite' | 'uploading' | 'servingTag' | 'ownRows' | 'foreignRows',
    Statement
  >;

  constructor(private readonly db: Database) {
    this.s = {
      update: db.prepare('UPDATE static_sites SET subdomain = ?, options = ?, keep_versions = ? WHERE workload_id = ?'),
      nextNumber: db.prepare('SELECT COALESCE(MAX(number), 0) + 1 AS n FROM site_versions WHERE workload_id = ?'),
      insert: db.prepare(`
        INSERT INTO site_versions (id, workload_id, host_id, number, status, volume, content_hash, shape_hash, files, bytes, has_index, options, source, created_at)
        VALUES (@id, @workloadId, @hostId, @number, 'uploading', @volume, @contentHash, @shapeHash, @files, @bytes, @hasIndex, @options, @source, @now)`),
      ready: db.prepare("UPDATE site_versions SET status = 'ready', content_hash = ? WHERE id = ? AND status = 'uploading'"),
      remove: db.prepare('DELETE FROM site_versions WHERE id = ?'),
      get: db.prepare(`${VERSION_SELECT} WHERE id = ? AND workload_id = ?`),
      ofSite: db.prepare(`${VERSION_SELECT} WHERE workload_id = ? ORDER BY number DESC`),
      uploading: db.prepare(`${VERSION_SELECT} WHERE host_id = ? AND status = 'uploading'`),
      servingTag: db.prepare(`
        SELECT image_tag AS tag FROM containers
        WHERE target_key = ? AND host_id = ? AND proxy_route_id IS NOT NULL AND ${VERIFIED_SQL} ORDER BY created_at DESC LIMIT 1`),
      ownRows: db.prepare(`SELECT id, docker_id AS dockerId, proxy_route_id AS proxyRouteId FROM containers WHERE workload_id = ? AND ${VERIFIED_SQL}`),
      foreignRows: db.prepare(`SELECT name, state FROM containers WHERE workload_id = ? AND state <> 'missing' AND NOT (${VERIFIED_SQL})`),
    };
  }

  /** Saves a site's public name, server options and versions kept (checked by the caller). */
  update(workloadId: string, settings: { subdomain: string | null; options: SiteOptions; keepVersions: number }): void {
    this.s.update.run(settings.subdomain, JSON.stringify(settings.options), settings.keepVersions, workloadId);
  }

  /**
   * Records a version about to be uploaded (`uploading`), numbered after the site's last, with the
   * name of the volume its files go to (derived from its id, so a crash leaves a name to find).
   */
  create(input: {
    workloadId: string;
    hostId: string;
    contentHash: string | null;
    shapeHash: string;
    files: number;
    bytes: number;
    hasIndex: boolean;
    options: SiteOptions;
    source: string;
    volumeName: (versionId: string) => string;
  }): SiteVersionRow {
    const id = randomUUID();
    return this.db.transaction(() => {
      const { n } = this.s.nextNumber.get(input.workloadId) as { n: number };
      this.s.insert.run({
        id,
        workloadId: input.workloadId,
        hostId: input.hostId,
        number: n,
        volume: input.volumeName(id),
        contentHash: input.contentHash,
        shapeHash: input.shapeHash,
        files: input.files,
        bytes: input.bytes,
        hasIndex: input.hasIndex ? 1 : 0,
        options: JSON.stringify(input.options),
        source: input.source,
        now: Date.now(),
      });
      return this.version(input.workloadId, id);
    })();
  }

  /** The copy is whole: the version can be served. Its content hash is the one the copy read. */
  markReady(id: string, contentHash: string): void {
    this.s.ready.run(contentHash, id);
  }

  remove(id: string): void {
    this.s.remove.run(id);
  }

  /** The site's version `id`, or NOT_FOUND. */
  version(workloadId: string, id: string): SiteVersionRow {
    const row = this.s.get.get(id, workloadId) as Row | undefined;
    if (!row) throw new AppError('NOT_FOUND', `the site has no version with id ${id}.`, { versionId: id });
    return fromRow(row);
  }

  /** The site's versions, newest first. */
  versions(workloadId: string): SiteVersionRow[] {
    return (this.s.ofSite.all(workloadId) as Row[]).map(fromRow);
  }

  /** The tag (`v3`) of the site's container the proxy route points at, from the app's own rows; null if none. */
  servingTag(hostId: string, siteId: string): string | null {
    return (this.s.servingTag.get(siteId, hostId) as { tag: string | null } | undefined)?.tag ?? null;
  }

  /** The site's container rows the app created (or a user trusted): the ones deleting the site removes. */
  ownContainers(siteId: string): { id: string; dockerId: string; proxyRouteId: string | null }[] {
    return this.s.ownRows.all(siteId) as { id: string; dockerId: string; proxyRouteId: string | null }[];
  }

  /** Containers that carry the site's labels but that the app did not create, still there: they hold up a delete. */
  foreignContainers(siteId: string): { name: string; state: string }[] {
    return this.s.foreignRows.all(siteId) as { name: string; state: string }[];
  }

  /** Versions of the host still `uploading`: cut short by a crash when no upload of this process runs them. */
  uploading(hostId: string): SiteVersionRow[] {
    return (this.s.uploading.all(hostId) as Row[]).map(fromRow);
  }
}
