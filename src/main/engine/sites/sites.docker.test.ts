// Static sites against the real dockerd and a real Caddy, through the app's calls: a folder
// deployed into a version volume and served behind the managed proxy with its options (404 page,
// SPA fallback, cache headers, precompressed files); the next version and a rollback switched with
// zero failed requests under constant load; the same content not deployed twice; versions beyond
// the number kept removed with their volumes; an upload cancelled leaving nothing; bad sources
// refused with nothing recorded; a hardened server container; deleting the site removing it all.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteProgress } from '../../../shared/types';
import type { App } from '../app';
import { LABEL } from '../docker/labels';
import type { CaddyDriver } from '../proxy/caddyDriver';
import { openDeployApp, removeDeployLeftovers, testProxy } from '../testing/deployHarness';
import { newRunId, testDocker, waitFor } from '../testing/dockerHost';
import { rejectionOf, tempDir } from '../testing/fixtures';
import { bodies, failures, getVia, getWithHeaders, underLoad } from '../testing/proxyClient';

const docker = testDocker();
const runId = newRunId();
const proxySettings = testProxy(runId);
const label = `site-${runId.replace(/[^a-z0-9]/g, '').slice(-8)}`;
const host = `${label}.localhost`;
let app: App;
let siteId = '';
/** The folder version 1 was deployed from (deployed again, untouched, by a later test). */
let v1Folder = '';
const progress: SiteProgress[] = [];

/** A folder with index.html saying `body`, a 404 page, a hashed asset and a text file with its .gz beside it. */
function siteFolder(body: string, extra: Record<string, string> = {}): string {
  const dir = tempDir();
  const files: Record<string, string | Buffer> = {
    'index.html': body,
    '404.html': 'not here',
    'assets/app.3f2a9c1b.js': 'console.log(1)',
    'big.txt': 'z'.repeat(4_000),
    'big.txt.gz': gzipSync('z'.repeat(4_000)),
    ...extra,
  };
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const address = () => (app.services.proxy('local') as CaddyDriver).httpAddress ?? '';
const answer = async (path = '/') => {
  const a = await getVia(address(), host, path);
  return 'body' in a ? `${a.status} ${a.body}` : a.error;
};

/** Deploys `dir` and waits for the upload's last progress event. */
async function deploy(dir: string): Promise<{ versionId: string | null; end: SiteProgress | null }> {
  const start = await app.handlers['sites.deploy']({ id: siteId, source: { kind: 'folder', path: dir } });
  if (!start.versionId) return { versionId: null, end: null };
  const end = await waitFor(
    'upload end',
    () => progress.find((p) => p.versionId === start.versionId && ['done', 'failed', 'cancelled', 'unchanged'].includes(p.phase)),
    60_000,
    50,
  );
  return { versionId: start.versionId, end };
}

const volumesOfSite = async () =>
  ((await docker.listVolumes({ filters: { label: [`${LABEL.workloadId}=${siteId}`] } })).Volumes ?? []).map((v) => v.Name).sort();

beforeAll(async () => {
  app = await openDeployApp(proxySettings);
  app.events.subscribe((event, payload) => {
    if (event === 'sites.progress') progress.push(payload as SiteProgress);
  });
  const site = await app.handlers['workloads.createSite']({ hostId: 'local', name: `Site ${label}`, sourceDir: '' });
  siteId = site.id;
  await app.handlers['sites.update']({
    id: siteId,
    subdomain: label,
    options: { spaFallback: false, notFoundPage: '/404.html', cacheHashed: true, precompressed: true },
    keepVersions: 2,
  });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await removeDeployLeftovers(docker, [siteId], proxySettings);
});

describe('a static site on the local host', () => {
  it('takes no public name another route of the host holds: not by its subdomain, its name or a rename; nothing saved', async () => {
    const project = await app.handlers['workloads.createProject']({
      hostId: 'local',
      name: `names-${label}`,
      imageRepository: 'tinyforge-test/app',
      stages: [{ name: 'web', imageTag: 'v1', env: {}, port: 80, healthCheckPath: null, healthTimeoutSec: 5, subdomain: `taken-${label}`, maxInstances: 1 }],
    });
    const before = await app.handlers['workloads.get']({ id: siteId });
    const options = { spaFallback: false, notFoundPage: null, cacheHashed: true, precompressed: true };
    expect(
      await rejectionOf(Promise.resolve(app.handlers['sites.update']({ id: siteId, subdomain: `taken-${label}`, options, keepVersions: 2 }))),
    ).toMatchObject({
      code: 'CONFLICT',
      issues: [{ path: 'subdomain', message: 'is taken on this host' }],
    });
    expect(await rejectionOf(Promise.resolve(app.handlers['workloads.createSite']({ hostId: 'local', name: `taken-${label}`, sourceDir: '' })))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining(`stage web of project names-${label}`),
    });
    const other = await app.handlers['workloads.createSite']({ hostId: 'local', name: `free-${label}`, sourceDir: '' });
    expect(await rejectionOf(Promise.resolve(app.handlers['workloads.rename']({ id: other.id, name: `taken-${label}` })))).toMatchObject({ code: 'CONFLICT' });
    // And the other way: a stage may not take the site's name.
    const stage = project.kind === 'project' ? project.stages[0]! : null;
    expect(await rejectionOf(Promise.resolve(app.handlers['stages.update']({ stageId: stage!.id, stage: { ...stage!, subdomain: label } })))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining(`site Site ${label}`),
    });
    expect(await app.handlers['workloads.get']({ id: siteId })).toEqual(before);
    expect((await app.handlers['workloads.get']({ id: other.id })).name).toBe(`free-${label}`);
    await app.handlers['workloads.delete']({ id: other.id });
    await app.handlers['workloads.delete']({ id: project.id });
  });

  it('deploys a folder: progress to the totals, served under its name with the 404 page, cache headers and precompressed files', async () => {
    v1Folder = siteFolder('v1');
    const { end } = await deploy(v1Folder);
    expect(end, JSON.stringify(end?.error)).toMatchObject({ phase: 'done', files: 5, totalFiles: 5 });
    expect(progress.some((p) => p.phase === 'copying')).toBe(true);

    await waitFor('v1 served', async () => (await answer()) === '200 v1', 20_000, 200);
    expect(await answer('/nope')).toBe('404 not here');
    const html = await getWithHeaders(address(), host, '/');
    expect(html.headers['cache-control']).toBe('no-cache');
    const asset = await getWithHeaders(address(), host, '/assets/app.3f2a9c1b.js');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const gz = await getWithHeaders(address(), host, '/big.txt', { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.body.length).toBeLessThan(200);

    const versions = await app.handlers['sites.versions']({ id: siteId });
    expect(versions).toEqual([expect.objectContaining({ number: 1, status: 'ready', serving: true, files: 5, hasIndex: true })]);
  }, 90_000);

  it('runs the server hardened: read-only root and volume, no capabilities, no new privileges, not root', async () => {
    const [serving] = await docker.listContainers({ filters: { label: [`${LABEL.workloadId}=${siteId}`, `${LABEL.role}=site`] } });
    const info = await docker.getContainer(serving!.Id).inspect();
    expect(info.HostConfig.ReadonlyRootfs).toBe(true);
    expect(info.HostConfig.CapDrop).toEqual(['ALL']);
    expect(info.HostConfig.SecurityOpt).toEqual(['no-new-privileges']);
    expect(info.Config.User).toBe('65534:65534');
    expect(info.Mounts).toEqual([expect.objectContaining({ Type: 'volume', Destination: '/srv', RW: false })]);
  });

  it('switches to v2 and rolls back to v1 with zero failed requests under constant load', async () => {
    const send = () => getVia(address(), host, '/');
    const toV2 = await underLoad(send, () => deploy(siteFolder('v2')));
    expect(failures(toV2)).toEqual([]);
    const seen = bodies(toV2);
    expect(seen[0]).toBe('v1');
    expect(seen.at(-1)).toBe('v2');

    const v1 = (await app.handlers['sites.versions']({ id: siteId })).find((v) => v.number === 1)!;
    const back = await underLoad(send, async () => {
      const record = await app.handlers['sites.rollback']({ id: siteId, versionId: v1.id });
      await waitFor(
        'rollback done',
        async () => (await app.handlers['sites.deploys']({ id: siteId })).find((d) => d.id === record.id && d.status !== 'running'),
        60_000,
        100,
      );
    });
    expect(failures(back)).toEqual([]);
    expect(bodies(back).at(-1)).toBe('v1');
    expect((await app.handlers['sites.deploys']({ id: siteId })).map((d) => [d.kind, d.status])).toEqual([
      ['rollback', 'succeeded'],
      ['deploy', 'succeeded'],
      ['deploy', 'succeeded'],
    ]);
  }, 120_000);

  it('does not deploy again what it serves now: the same folder is answered at once', async () => {
    const start = await app.handlers['sites.deploy']({ id: siteId, source: { kind: 'folder', path: v1Folder } });
    expect(start).toMatchObject({ versionId: null, unchanged: true, files: 5 });
  });

  it('does not deploy again what it serves now: the same files written anew are found by the copy, and that version is dropped', async () => {
    const before = { versions: await app.handlers['sites.versions']({ id: siteId }), volumes: await volumesOfSite() };
    // A fresh folder: other modification times, the same contents (a rebuild that rewrote every file).
    const { versionId, end } = await deploy(siteFolder('v1'));
    expect(versionId).not.toBeNull();
    expect(end).toMatchObject({ phase: 'unchanged', error: null });
    expect(await app.handlers['sites.versions']({ id: siteId })).toEqual(before.versions);
    expect(await volumesOfSite()).toEqual(before.volumes);
    expect(await answer()).toBe('200 v1');
  });

  it('keeps the number of versions asked for: older volumes go, never the one served', async () => {
    await deploy(siteFolder('v3'));
    await deploy(siteFolder('v4'));
    const versions = await app.handlers['sites.versions']({ id: siteId });
    expect(versions.map((v) => [v.number, v.serving])).toEqual([
      [4, true],
      [3, false],
    ]);
    const volumes = await volumesOfSite();
    expect(volumes).toHaveLength(2);
    await waitFor('v4 served', async () => (await answer()) === '200 v4', 20_000, 200);
  }, 120_000);

  it('eleven deploys in all with five kept: the five newest versions stay, the older volumes are gone; SPA fallback from the options', async () => {
    await app.handlers['sites.update']({
      id: siteId,
      subdomain: label,
      options: { spaFallback: true, notFoundPage: null, cacheHashed: true, precompressed: true },
      keepVersions: 5,
    });
    // Four deploys and a rollback so far: six more make eleven.
    for (let n = 5; n <= 10; n += 1) expect((await deploy(siteFolder(`v${n}`))).end?.phase).toBe('done');
    const versions = await app.handlers['sites.versions']({ id: siteId });
    expect(versions.map((v) => v.number)).toEqual([10, 9, 8, 7, 6]);
    expect(await volumesOfSite()).toHaveLength(5);
    expect(await answer('/')).toBe('200 v10');
    expect(await answer('/deep/client/route')).toBe('200 v10');
  }, 180_000);

  it('refuses a source that cannot be read, recording nothing', async () => {
    const before = await app.handlers['sites.versions']({ id: siteId });
    const error = await rejectionOf(
      Promise.resolve(app.handlers['sites.deploy']({ id: siteId, source: { kind: 'folder', path: '/nonexistent/tinyforge-site' } })),
    );
    expect(error).toMatchObject({ code: 'SITE_SOURCE_UNREADABLE' });
    expect(await app.handlers['sites.versions']({ id: siteId })).toEqual(before);
  });

  it('cancels an upload: its version and volume go, the site keeps serving', async () => {
    const big = siteFolder('v11', Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`blob/${i}.bin`, 'x'.repeat(1_000_000)])));
    const volumesBefore = await volumesOfSite();
    const start = await app.handlers['sites.deploy']({ id: siteId, source: { kind: 'folder', path: big } });
    expect(await app.handlers['sites.cancel']({ id: siteId })).toEqual({ cancelled: true });
    const end = await waitFor(
      'cancelled',
      () => progress.find((p) => p.versionId === start.versionId && ['done', 'failed', 'cancelled', 'unchanged'].includes(p.phase)),
      60_000,
      50,
    );
    expect(end.phase).toBe('cancelled');
    expect((await app.handlers['sites.versions']({ id: siteId })).map((v) => v.number)).toEqual([10, 9, 8, 7, 6]);
    expect(await volumesOfSite()).toEqual(volumesBefore);
    expect(await answer()).toBe('200 v10');
  }, 90_000);

  it('deletes the site with its containers, route and volumes', async () => {
    await app.handlers['workloads.delete']({ id: siteId });
    expect(await docker.listContainers({ all: true, filters: { label: [`${LABEL.workloadId}=${siteId}`] } })).toEqual([]);
    expect(await volumesOfSite()).toEqual([]);
    expect((await caddyRoutes()).some((r) => r.host === host)).toBe(false);
  }, 60_000);
});

const caddyRoutes = () => (app.services.proxy('local') as CaddyDriver).listRoutes();
