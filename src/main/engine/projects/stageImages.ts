// The images a stage can return to, as the UI lists them: one entry per digest, newest first, with
// the name it was deployed under, which one runs now, which one rollback would pick, and whether
// the host still has it (a rollback to an image that was pruned would fail at its first step).
import type Dockerode from 'dockerode';
import type { ImagePresence, StageImageView } from '../../../shared/types';
import { rollbackTarget } from '../bluegreen/steps';
import type { StageImage } from '../store/deployRepo';
import { isNotFound } from '../docker/dockerErrors';

/**
 * Pure: groups the stage's successful deploys by digest. `presence` answers per digest; `names`
 * holds tags other stages of the project deployed a digest under (a promoted image arrives by
 * digest, but its source stage knows the tag).
 */
export function stageImageViews(
  history: readonly StageImage[],
  presence: (digest: string) => ImagePresence,
  names: ReadonlyMap<string, string> = new Map(),
): StageImageView[] {
  const newestFirst = [...history].sort((a, b) => b.deployedAt - a.deployedAt);
  const current = newestFirst[0]?.imageDigest;
  const target = rollbackTarget(history)?.imageDigest;
  const byDigest = new Map<string, StageImageView>();
  for (const entry of newestFirst) {
    const seen = byDigest.get(entry.imageDigest);
    // Rollback and promote record the digest itself as the image: a tag from any deploy reads better.
    const named = !entry.image.startsWith('sha256:');
    if (seen) {
      if (seen.image === seen.imageDigest && named) seen.image = entry.image;
      continue;
    }
    byDigest.set(entry.imageDigest, {
      imageDigest: entry.imageDigest,
      image: named ? entry.image : (names.get(entry.imageDigest) ?? entry.imageDigest),
      deployedAt: entry.deployedAt,
      current: entry.imageDigest === current,
      rollbackTarget: entry.imageDigest === target,
      presence: presence(entry.imageDigest),
    });
  }
  return [...byDigest.values()];
}

/** Inspects each digest on the host; every one is `unknown` when Docker cannot be asked. */
export async function inspectPresence(docker: (() => Dockerode) | null, digests: readonly string[]): Promise<Map<string, ImagePresence>> {
  const out = new Map<string, ImagePresence>();
  let client: Dockerode | null = null;
  try {
    client = docker?.() ?? null;
  } catch {
    client = null;
  }
  await Promise.all(
    digests.map(async (digest) => {
      if (!client) return out.set(digest, 'unknown');
      try {
        await client.getImage(digest).inspect();
        out.set(digest, 'present');
      } catch (error) {
        out.set(digest, isNotFound(error) ? 'gone' : 'unknown');
      }
    }),
  );
  return out;
}

/** The newest tag each digest was deployed under, over the given histories (a project's stages). */
export function digestNames(histories: readonly (readonly StageImage[])[]): Map<string, string> {
  const newestFirst = histories.flat().sort((a, b) => b.deployedAt - a.deployedAt);
  const names = new Map<string, string>();
  for (const entry of newestFirst) if (!entry.image.startsWith('sha256:') && !names.has(entry.imageDigest)) names.set(entry.imageDigest, entry.image);
  return names;
}
