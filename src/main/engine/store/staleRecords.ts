// What the app's records say about images and volumes, for the stale page: which images it
// deployed (and when last), and which images and volumes its records keep (a stage's rollback
// history, a stack version's images, a kept site version's volume). Read only.
import type { Database, Statement } from 'better-sqlite3';

/** What the app's records keep: rollback images, stack versions' images, kept site versions' volumes. */
export interface Pins {
  imageIds: ReadonlySet<string>;
  volumes: ReadonlySet<string>;
}

/** An image the app's records say it deployed on a host, and when they last show it in use. */
export interface OwnedImage {
  hostId: string;
  imageId: string;
  lastUsedAt: number;
}

export class StaleRecords {
  private readonly deployed: Statement<[string], OwnedImage>;
  private readonly stackVersions: Statement<[string], { images: string; createdAt: number }>;
  private readonly rollbackImages: Statement<[string], { imageId: string }>;
  private readonly siteVolumes: Statement<[string], { volume: string }>;

  constructor(db: Database) {
    this.deployed = db.prepare(`
      SELECT host_id AS hostId, image_digest AS imageId, MAX(COALESCE(finished_at, started_at)) AS lastUsedAt
      FROM deploys WHERE host_id = ? AND image_digest IS NOT NULL GROUP BY host_id, image_digest`);
    this.stackVersions = db.prepare(`
      SELECT v.images, v.created_at AS createdAt FROM stack_versions v JOIN workloads w ON w.id = v.workload_id WHERE w.host_id = ?`);
    this.rollbackImages = db.prepare(`
      SELECT DISTINCT si.image_digest AS imageId FROM stage_images si
      JOIN stages s ON s.id = si.stage_id JOIN workloads w ON w.id = s.project_id WHERE w.host_id = ?`);
    this.siteVolumes = db.prepare('SELECT volume FROM site_versions WHERE host_id = ?');
  }

  /** Images the app deployed on the host (project and site deploys, stack versions), with their last use. */
  ownedImages(hostId: string): OwnedImage[] {
    const out = this.deployed.all(hostId);
    for (const v of this.stackVersions.all(hostId)) {
      for (const image of parseImages(v.images)) out.push({ hostId, imageId: image, lastUsedAt: v.createdAt });
    }
    return out;
  }

  /** What the records keep on the host: never removed by a stale cleanup. */
  pins(hostId: string): Pins {
    const imageIds = new Set(this.rollbackImages.all(hostId).map((r) => r.imageId));
    for (const v of this.stackVersions.all(hostId)) for (const image of parseImages(v.images)) imageIds.add(image);
    return { imageIds, volumes: new Set(this.siteVolumes.all(hostId).map((r) => r.volume)) };
  }
}

function parseImages(json: string): string[] {
  try {
    const parsed = JSON.parse(json) as { imageId?: unknown }[];
    return parsed.map((i) => i.imageId).filter((id): id is string => typeof id === 'string' && id.startsWith('sha256:'));
  } catch {
    return [];
  }
}
