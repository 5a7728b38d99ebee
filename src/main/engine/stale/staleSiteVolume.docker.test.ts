// Stale removal of a site's volumes against the real dockerd and Caddy. A site deployed twice keeps
// its first version for rollback. Two of the site's servers exited 10 days ago by the store's clock:
// one on a volume no version record names any more, one on the kept first version's volume. The dry
// run with volumes lists exactly the first volume; the removal removes both servers and that volume;
// the kept version's volume survives, and a rollback to it still serves its files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteProgress } from '../../../shared/types';
import type { App } from '../app';
import { canonicalLabels } from '../docker/labels';
import type { CaddyDriver } from '../proxy/caddyDriver';
import { openDeployApp, removeDeployLeftovers, testProxy } from '../testing/deployHarness';
import { TEST_IMAGE, TEST_RUN_LABEL, newRunId, removeRun, testDocker, waitFor } from '../testing/dockerHost';
import { tempDir } from '../testing/fixtures';
import { getVia } from '../testing/proxyClient';
import { DAY_MS } from './stalePlan';

const docker = testDocker();
const runId = newRunId();
const proxy = testProxy(runId);
const label = `stv-${runId.replace(/[^a-z0-9]/g, '').slice(-8)}`;
const orphanVolume = `${runId}-orphan-site-volume`;
let app: App;
let siteId = '';
const progress: SiteProgress[] = [];

function siteFolder(body: string): string {
  const dir = tempDir();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.html'), body);
  return dir;
}

const settled = async () => (await app.handlers['sites.deploys']({ id: siteId })).every((d) => d.status !== 'running');

async function deploy(body: string): Promise<void> {
  const start = await app.handlers['sites.deploy']({ id: siteId, source: { kind: 'folder', path: siteFolder(body) } });
  if (!start.versionId) throw new Error('nothing to deploy');
  await waitFor('upload end', () => progress.some((p) => p.versionId === start.versionId && ['done', 'failed', 'cancelled'].includes(p.phase)), 60_000, 50);
  await waitFor('run settled', settled, 60_000, 100);
  expect((await app.handlers['sites.deploys']({ id: siteId }))[0]).toMatchObject({ status: 'succeeded' });
}

const volumeExists = (name: string) =>
  docker
    .getVolume(name)
    .inspect()
    .then(
      () => true,
      () => false,
    );

const containerExists = (id: string) =>
  docker
    .getContainer(id)
    .inspect()
    .then(
      () => true,
      () => false,
    );

/** A server of the site on `volume` that exited; its row says the app created it and it exited 10 days ago. */
async function staleServer(name: string, volume: string): Promise<{ dockerId: string; rowId: string }> {
  const c = await docker.createContainer({
    Image: TEST_IMAGE,
    name: `${runId}-${name}`,
    Cmd: ['sh', '-c', 'exit 0'],
    Labels: { ...canonicalLabels(siteId, 'site', 'site'), [TEST_RUN_LABEL]: runId },
    HostConfig: { Binds: [`${volume}:/srv:ro`] },
  });
  await c.start();
  await c.wait();
  await app.services.runtime('local')!.reconciler.trigger(true);
  const row = await waitFor(`${name} seen exited`, () => app.services.containers.list().find((r) => r.dockerId === c.id && r.state === 'exited'));
  // The store's clock and the app's record of creating it, as a fixture: ten days are not waited for.
  app.services.db.prepare("UPDATE containers SET provenance = 'created', finished_at = ? WHERE id = ?").run(Date.now() - 10 * DAY_MS, row.id);
  return { dockerId: c.id, rowId: row.id };
}

beforeAll(async () => {
  app = await openDeployApp(proxy);
  app.events.subscribe((event, payload) => {
    if (event === 'sites.progress') progress.push(payload as SiteProgress);
  });
  const site = await app.handlers['workloads.createSite']({ hostId: 'local', name: `Site ${label}`, sourceDir: '' });
  siteId = site.id;
  await app.handlers['sites.update']({
    id: siteId,
    subdomain: label,
    options: { spaFallback: false, notFoundPage: null, cacheHashed: false, precompressed: false },
    keepVersions: 2,
  });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await removeRun(docker, runId);
  await removeDeployLeftovers(docker, [siteId], proxy);
  await docker
    .getVolume(orphanVolume)
    .remove()
    .catch(() => undefined);
});

describe('stale removal of site volumes', () => {
  it("removes a stale server's volume that no version keeps, and never the kept version's", async () => {
    await deploy('v1');
    await deploy('v2');
    const versions = app.services.db.prepare('SELECT number, volume FROM site_versions WHERE workload_id = ? ORDER BY number').all(siteId) as {
      number: number;
      volume: string;
    }[];
    expect(versions.map((v) => v.number)).toEqual([1, 2]);
    const [kept, serving] = versions.map((v) => v.volume) as [string, string];
    await docker.createVolume({ Name: orphanVolume, Labels: { ...canonicalLabels(siteId, 'site', 'site'), [TEST_RUN_LABEL]: runId } });
    const onOrphan = await staleServer('on-orphan', orphanVolume);
    const onKept = await staleServer('on-kept', kept);

    const list = await app.handlers['stale.list']({});
    expect(list.containers.map((c) => c.id).sort()).toEqual([onOrphan.rowId, onKept.rowId].sort());

    const plan = await app.handlers['stale.dryRun']({ containerIds: [onOrphan.rowId, onKept.rowId], images: [], withImages: false, withVolumes: true });
    expect(plan.containers.map((c) => c.id).sort()).toEqual([onOrphan.rowId, onKept.rowId].sort());
    expect(plan.volumes).toEqual([{ hostId: 'local', name: orphanVolume }]);

    // A plan that names the kept volume anyway is refused whole, with nothing removed.
    const forged = { ...plan, volumes: [...plan.volumes, { hostId: 'local', name: kept }] };
    await expect(app.handlers['stale.remove']({ plan: forged })).rejects.toMatchObject({
      code: 'STALE_CHANGED',
      details: { refused: [{ kind: 'volume', name: kept, why: 'pinned' }] },
    });
    expect(await containerExists(onOrphan.dockerId)).toBe(true);
    expect(await volumeExists(orphanVolume)).toBe(true);

    expect(await app.handlers['stale.remove']({ plan })).toEqual(plan);
    expect(await volumeExists(orphanVolume)).toBe(false);
    expect(await containerExists(onOrphan.dockerId)).toBe(false);
    expect(await containerExists(onKept.dockerId)).toBe(false);
    expect(await volumeExists(kept)).toBe(true);
    expect(await volumeExists(serving)).toBe(true);

    // The kept version is whole: a rollback serves its files.
    const v1 = (await app.handlers['sites.versions']({ id: siteId })).find((v) => v.number === 1)!;
    await app.handlers['sites.rollback']({ id: siteId, versionId: v1.id });
    await waitFor('rollback settled', settled, 60_000, 100);
    expect((await app.handlers['sites.deploys']({ id: siteId }))[0]).toMatchObject({ kind: 'rollback', status: 'succeeded' });
    const address = (app.services.proxy('local') as CaddyDriver).httpAddress ?? '';
    await waitFor(
      'v1 served',
      async () => {
        const answer = await getVia(address, `${label}.localhost`, '/');
        return 'body' in answer && answer.status === 200 && answer.body === 'v1';
      },
      20_000,
      200,
    );
  }, 180_000);
});
