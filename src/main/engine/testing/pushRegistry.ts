// The push-capable registry scripts/test-host.sh serves on 127.0.0.1:5002 (Debian's docker-registry
// 2.8, no login): registry-watch tests publish new digests under a watched tag with the docker CLI,
// as a CI job would. Each run uses repositories of its own; nothing here starts or stops it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { MANIFEST_ACCEPT } from '../registryWatch/manifestDigest';

const run = promisify(execFile);

export const PUSH_REGISTRY = process.env.TINYFORGE_TEST_PUSH_REGISTRY ?? '127.0.0.1:5002';

/** Fails with a clear message when the push registry is not there (test-host.sh not run). */
export async function pushRegistryAnswers(): Promise<void> {
  const res = await fetch(`http://${PUSH_REGISTRY}/v2/`).catch((error: unknown) => {
    throw new Error(`the push test registry on ${PUSH_REGISTRY} does not answer (${String(error)}): run scripts/test-host.sh`);
  });
  if (res.status !== 200) throw new Error(`the push test registry on ${PUSH_REGISTRY} answered ${res.status}: run scripts/test-host.sh`);
}

/** The digest the registry serves for `repository:tag` now (HEAD, every manifest kind accepted). */
export async function servedDigest(repository: string, tag: string): Promise<string> {
  const path = repository.slice(repository.indexOf('/') + 1);
  const res = await fetch(`http://${PUSH_REGISTRY}/v2/${path}/manifests/${tag}`, { method: 'HEAD', headers: { Accept: MANIFEST_ACCEPT } });
  const digest = res.headers.get('docker-content-digest');
  if (!res.ok || !digest) throw new Error(`${PUSH_REGISTRY} serves no ${path}:${tag} (${res.status})`);
  return digest;
}

/**
 * Publishes a local image under `repository:tag` (`docker tag` + `docker push`) and takes the local
 * tag away again, so a deploy of the tag must pull it. Resolves with the digest now served.
 *
 * What is pushed is a copy (a committed container of the image, one label more): a push records
 * the registry's digest in the RepoDigests of the image it pushed, and the shared test images must
 * keep none, or every later test that reads a repo digest (a stack version's pinned images) sees
 * one. The copy goes with its tag, and its digest with it.
 */
export async function publish(localImage: string, repository: string, tag: string): Promise<string> {
  const ref = `${repository}:${tag}`;
  const { stdout } = await run('docker', ['create', localImage]);
  const container = stdout.trim();
  try {
    await run('docker', ['commit', '--change', `LABEL tinyforge.test.published=${ref}`, container, ref]);
  } finally {
    await run('docker', ['rm', container]);
  }
  await run('docker', ['push', '-q', ref], { timeout: 60_000 });
  await run('docker', ['rmi', ref]);
  return servedDigest(repository, tag);
}
