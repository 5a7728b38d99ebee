// The repo digests owned containers run: the digest each container's image was pulled as, for the
// watched repository, read from the image's RepoDigests (as containers.inspect's imageDigest does).
// An image built or imported here has none: its digests are null ("unknown"), never a guess.
import type Dockerode from 'dockerode';

/** The sha256 digests among `repoDigests` that belong to `repository` (`127.0.0.1:5002/acme/api`). */
export function digestsFor(repository: string, repoDigests: readonly string[]): string[] {
  return repoDigests.filter((d) => d.startsWith(`${repository}@`)).map((d) => d.slice(repository.length + 1));
}

/**
 * For each Docker id, the repo digests of the image its container runs for `repository`; null when
 * the container or its image is not there, or the image has no repo digest for that repository.
 */
export async function runningDigests(docker: Dockerode, dockerIds: readonly string[], repository: string): Promise<Map<string, string[] | null>> {
  const result = new Map<string, string[] | null>();
  if (dockerIds.length === 0) return result;
  const listed = await docker.listContainers({ all: true, filters: { id: [...dockerIds] } });
  const imageOf = new Map(listed.map((c) => [c.Id, c.ImageID]));
  const inspected = new Map<string, Promise<string[]>>();
  for (const id of dockerIds) {
    const imageId = imageOf.get(id);
    if (!imageId) {
      result.set(id, null);
      continue;
    }
    if (!inspected.has(imageId)) {
      inspected.set(
        imageId,
        docker
          .getImage(imageId)
          .inspect()
          .then(
            (image) => image.RepoDigests ?? [],
            () => [],
          ),
      );
    }
    const digests = digestsFor(repository, await inspected.get(imageId)!);
    result.set(id, digests.length > 0 ? digests : null);
  }
  return result;
}
