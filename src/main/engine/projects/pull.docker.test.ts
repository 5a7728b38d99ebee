// Deploys whose image is absent locally, pulled by the real dockerd from the test registry that
// scripts/test-host.sh serves on 127.0.0.1:5000: progress reaches the renderer through
// deploys.changed and deploys.list, and a missing tag, a registry that is down and one that hangs
// each fail the `image` step with their own message and leave the stage as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeployView, PullProgress } from '../../../shared/types';
import { createApp } from '../app';
import type { App } from '../app';
import { dispatchCall } from '../rpc/handlers';
import type { DeployRecord } from '../store/deployRepo';
import { DOCKER_SOCKET, newRunId, testDocker, waitFor } from '../testing/dockerHost';
import { createAppProject, deployerFor, removeDeployLeftovers, testProxy } from '../testing/deployHarness';
import { tempDir } from '../testing/fixtures';
import { LAYERED_REPOSITORY, TEST_REGISTRY, closedPort, registryManifest, removeImage, silentServer, slowRegistry } from '../testing/testRegistry';
import { pullImage } from '../docker/pullImage';

const docker = testDocker();
const runId = newRunId();
const proxy = testProxy(runId);
let app: App;
let stageId = '';
const projectIds: string[] = [];
const call = (name: string, input: unknown) => dispatchCall(app.handlers, name, input, { connectionId: 'test' });

/** Starts a deploy through the contract and resolves with its final record. */
async function deployThroughContract(stage: string, imageTag: string, duringPull?: (id: string) => void): Promise<DeployRecord> {
  const started = await call('deploys.start', { stageId: stage, imageTag });
  if (!started.ok) throw new Error(`deploys.start refused: ${started.error.message}`);
  const { id } = started.value as { id: string };
  let finished = false;
  const unsubscribe = app.events.subscribe((event, payload) => {
    const p = payload as { deployId: string; status: string };
    if (event !== 'deploys.changed' || p.deployId !== id) return;
    if (p.status === 'running') duringPull?.(id);
    else finished = true;
  });
  try {
    await waitFor(`deploy ${id} to finish`, () => finished || app.services.deploys.get(id).status !== 'running', 60_000);
  } finally {
    unsubscribe();
  }
  return app.services.deploys.get(id);
}

/** deploys.list as the renderer calls it (the handler answers synchronously: no await between event and read). */
const listDeploys = (stage: string) => app.handlers['deploys.list']({ stageId: stage }) as DeployView[];
const rowsOf = (stage: string) =>
  app.services.containers
    .list('local')
    .filter((c) => c.stageId === stage && c.state !== 'missing')
    .map((c) => `${c.id}:${c.state}`)
    .sort();

beforeAll(async () => {
  await registryManifest('v1'); // fails with a clear message when test-host.sh has not run
  await removeImage(docker, `${LAYERED_REPOSITORY}:v1`);
  app = await createApp({
    dataDir: tempDir(),
    shell: 'browser',
    dockerSocketPath: DOCKER_SOCKET,
    resyncIntervalMs: 60_000,
    log: () => {},
    proxy,
    deploy: { drainMs: 200, stopTimeoutSec: 1 },
  });
  await waitFor('docker up', () => app.services.runtime('local')?.connection.status.state === 'up');
  const project = await createAppProject(app, `pull-${runId.slice(-6)}`, { subdomain: `pull-${runId.slice(-6)}`, imageRepository: LAYERED_REPOSITORY });
  projectIds.push(project.projectId);
  stageId = project.stageId;
});

afterAll(async () => {
  await app?.close();
  await removeDeployLeftovers(docker, projectIds, proxy);
  // Pulled images go too: the next run must find them absent again.
  await removeImage(docker, `${LAYERED_REPOSITORY}:v1`);
});

describe('pull progress over a slow link', () => {
  it('reports the bytes as they arrive, several times a second, and every layer at the end', async () => {
    const slow = await slowRegistry(3 * 1024 * 1024);
    const image = `${slow.address}/tinyforge-test/layered:v1`;
    try {
      const reports: PullProgress[] = [];
      await pullImage(docker, image, { progressEveryMs: 100, onProgress: (p) => reports.push(p) });
      const midway = reports.filter((r) => r.currentBytes > 0 && r.currentBytes < r.totalBytes);
      expect(midway.length).toBeGreaterThanOrEqual(3);
      for (let i = 1; i < reports.length; i += 1) expect(reports[i]!.currentBytes).toBeGreaterThanOrEqual(reports[i - 1]!.currentBytes);
      expect(new Set(reports.map((r) => r.currentBytes)).size).toBeGreaterThanOrEqual(4);
      expect(reports.at(-1)).toMatchObject({ layersDone: 4, layersTotal: 4 });
    } finally {
      await slow.close();
      // Its layers go with it, so the deploy below downloads them again.
      await removeImage(docker, image);
    }
  });
});

describe('deploying an image the host must pull', () => {
  it('pulls with progress the renderer can see, then deploys and records the digest', async () => {
    await expect(docker.getImage(`${LAYERED_REPOSITORY}:v1`).inspect()).rejects.toMatchObject({ statusCode: 404 });
    const manifest = await registryManifest('v1');
    const seen: PullProgress[] = [];
    const record = await deployThroughContract(stageId, 'v1', (id) => {
      // What a renderer refetching on deploys.changed would get.
      const pull = listDeploys(stageId).find((d) => d.id === id)?.pull;
      if (pull) seen.push(pull);
    });

    expect(record).toMatchObject({ status: 'succeeded', error: null, imageDigest: manifest.config.digest });
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < seen.length; i += 1) expect(seen[i]!.currentBytes).toBeGreaterThanOrEqual(seen[i - 1]!.currentBytes);
    expect(seen[0]!.currentBytes).toBeLessThan(seen.at(-1)!.currentBytes);
    const last = seen.at(-1)!;
    // Every layer of the manifest; the base may already exist (it is tinyforge-test/app:v1's), the 6 MB on top cannot.
    expect(last).toMatchObject({ layersTotal: manifest.layers.length, layersDone: manifest.layers.length });
    expect(last.currentBytes).toBe(last.totalBytes);
    expect(last.totalBytes).toBeGreaterThanOrEqual(6 * 1024 * 1024);
    // Once the image step is over the pull is history: the listed record carries none.
    expect(listDeploys(stageId).find((d) => d.id === record.id)?.pull).toBeNull();
    expect((await docker.getImage(`${LAYERED_REPOSITORY}:v1`).inspect()).Id).toBe(manifest.config.digest);
  });

  it('fails at `image` for a tag the registry lacks, says so, and leaves the stage as it was', async () => {
    const before = rowsOf(stageId);
    const images = app.services.deploys.images(stageId);
    const record = await deployThroughContract(stageId, 'v9');
    expect(record.status).toBe('failed');
    expect(record.error).toBe(
      `image ${LAYERED_REPOSITORY}:v9 not found in the registry ${TEST_REGISTRY} (Docker said: manifest unknown). Check the repository and tag, or push the image, then deploy again.`,
    );
    expect(record.steps).toEqual([{ step: 'image', status: 'failed', at: expect.any(Number), message: record.error, failure: { code: 'IMAGE_NOT_FOUND' } }]);
    expect(rowsOf(stageId)).toEqual(before);
    expect(app.services.deploys.images(stageId)).toEqual(images);
  });

  it('fails with REGISTRY_UNREACHABLE when nothing listens where the registry should be', async () => {
    const port = await closedPort();
    const down = await createAppProject(app, `down-${runId.slice(-6)}`, {
      subdomain: `down-${runId.slice(-6)}`,
      imageRepository: `127.0.0.1:${port}/tinyforge-test/layered`,
    });
    projectIds.push(down.projectId);
    const record = await deployThroughContract(down.stageId, 'v1');
    expect(record).toMatchObject({ status: 'failed', step: 'image' });
    expect(record.error).toMatch(new RegExp(`^the registry 127\\.0\\.0\\.1:${port} could not be reached to pull .*connection refused`));
    expect(rowsOf(down.stageId)).toEqual([]);
  });

  it('cancels a pull from a registry that accepts connections and never answers, naming the bound', async () => {
    const silent = await silentServer();
    try {
      const hung = await createAppProject(app, `hung-${runId.slice(-6)}`, {
        subdomain: `hung-${runId.slice(-6)}`,
        imageRepository: `127.0.0.1:${silent.port}/tinyforge-test/layered`,
      });
      projectIds.push(hung.projectId);
      const deployer = deployerFor(app, app.services.proxy('local'), { pull: { stallMs: 2_000 } });
      const started = Date.now();
      const record = await deployer.deploy({ stageId: hung.stageId, imageTag: 'v1' });
      expect(Date.now() - started).toBeLessThan(8_000);
      expect(record).toMatchObject({ status: 'failed', step: 'image' });
      expect(record.error).toMatch(
        new RegExp(`^pulling 127\\.0\\.0\\.1:${silent.port}/tinyforge-test/layered:v1 made no progress for 2 s \\(the pull stall timeout\\)`),
      );
      expect(rowsOf(hung.stageId)).toEqual([]);
    } finally {
      await silent.close();
    }
  });
});
