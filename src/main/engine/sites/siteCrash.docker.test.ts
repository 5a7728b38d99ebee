// kill -9 of the engine in the middle of a site's upload, and just before and just after its route
// switch, then start again: the site serves a whole version (the old one, or the new one once the
// switch happened), no version is left half-uploaded, no volume or container is left that no record
// names, and no run is left running.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteProgress } from '../../../shared/types';
import { createApp } from '../app';
import type { App } from '../app';
import { LABEL } from '../docker/labels';
import { CaddyDriver } from '../proxy/caddyDriver';
import { removeDeployLeftovers, testProxy } from '../testing/deployHarness';
import { DOCKER_SOCKET, newRunId, testDocker, waitFor } from '../testing/dockerHost';
import { tempDir } from '../testing/fixtures';
import { runUntilPausedThenKill } from '../testing/killedChild';
import { loaderPrefix } from './siteService';
import { answerText, getVia } from '../testing/proxyClient';

const docker = testDocker();
const runId = newRunId();
const dataDir = tempDir();
const proxy = testProxy(runId);
const label = `crash-${runId.replace(/[^a-z0-9]/g, '').slice(-8)}`;
let siteId = '';

/** A folder whose index.html says `body`, with `megabytes` of other files (a copy that takes a while). */
function folder(body: string, megabytes = 0): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'index.html'), body);
  mkdirSync(join(dir, 'blob'));
  for (let i = 0; i < megabytes; i += 1) writeFileSync(join(dir, 'blob', `${i}.bin`), Buffer.alloc(1_000_000, i));
  return dir;
}

async function withApp<T>(work: (app: App) => Promise<T>): Promise<T> {
  const app = await createApp({
    dataDir,
    shell: 'browser',
    dockerSocketPath: DOCKER_SOCKET,
    resyncIntervalMs: 60_000,
    log: () => {},
    proxy,
    deploy: { drainMs: 300, stopTimeoutSec: 1 },
  });
  try {
    await waitFor('docker up', () => app.services.runtime('local')?.connection.status.state === 'up');
    return await work(app);
  } finally {
    await app.close();
  }
}

function deployAndKill(dir: string, pauseAt: string): Promise<void> {
  return runUntilPausedThenKill('siteChild.ts', [dataDir, siteId, dir, pauseAt, proxy.name, proxy.network], pauseAt, dataDir);
}

/** The test's own handle on the run's Caddy (the app's is built lazily, and not ensured by a start alone). */
const caddy = new CaddyDriver({ docker, ...proxy });
const served = async () => answerText(await getVia(caddy.httpAddress!, `${label}.localhost`));

beforeAll(async () => {
  await withApp(async (app) => {
    const site = await app.handlers['workloads.createSite']({ hostId: 'local', name: label, sourceDir: '' });
    siteId = site.id;
    await app.handlers['sites.update']({
      id: siteId,
      subdomain: label,
      options: { spaFallback: false, notFoundPage: null, cacheHashed: true, precompressed: true },
      keepVersions: 5,
    });
    const ended = new Promise<SiteProgress>((resolve) =>
      app.events.subscribe((event, payload) => {
        const p = payload as SiteProgress;
        if (event === 'sites.progress' && (p.phase === 'done' || p.phase === 'failed')) resolve(p);
      }),
    );
    await app.handlers['sites.deploy']({ id: siteId, source: { kind: 'folder', path: folder('v1') } });
    expect((await ended).phase).toBe('done');
  });
  await caddy.ensure();
}, 120_000);

afterAll(async () => {
  await removeDeployLeftovers(docker, [siteId], proxy);
});

describe('a site after its engine was killed', () => {
  it.each([
    ['copy', 'v2', 'v1', 'in the middle of the copy: undone'],
    ['start', 'v3', 'v1', 'before the switch: undone'],
    ['health', 'v4', 'v4', 'healthy, the switch next: finished'],
    ['route', 'v5', 'v5', 'right after the switch: finished'],
  ])(
    'killed after "%s" deploying %s: serves %s, nothing orphaned (%s)',
    async (pauseAt, body, expected) => {
      await deployAndKill(folder(body, pauseAt === 'copy' ? 60 : 0), pauseAt);
      await withApp(async (app) => {
        // Settled by the app itself as its host came up.
        await waitFor(
          'recovery',
          () =>
            app.services.deploys.running().length === 0 &&
            app.services.db.prepare("SELECT COUNT(*) AS n FROM site_versions WHERE status = 'uploading'").get() !== undefined &&
            (app.services.db.prepare("SELECT COUNT(*) AS n FROM site_versions WHERE status = 'uploading'").get() as { n: number }).n === 0,
          30_000,
          100,
        );
        await waitFor(`${expected} served`, async () => (await served()) === expected, 20_000, 200);
        const versions = await app.handlers['sites.versions']({ id: siteId });
        const recorded = (app.services.db.prepare('SELECT volume FROM site_versions WHERE workload_id = ?').all(siteId) as { volume: string }[])
          .map((v) => v.volume)
          .sort();
        const volumes = ((await docker.listVolumes({ filters: { label: [`${LABEL.workloadId}=${siteId}`] } })).Volumes ?? []).map((v) => v.Name).sort();
        expect(volumes).toEqual(recorded);
        expect(versions.every((v) => v.status === 'ready')).toBe(true);
        await app.handlers['reconcile.now']({ hostId: 'local' });
        const containers = await docker.listContainers({ all: true, filters: { label: [`${LABEL.workloadId}=${siteId}`] } });
        // No copy container left; exactly one server runs (drained ones may be stopped, never running).
        expect(containers.filter((c) => c.Labels[LABEL.role] !== 'site')).toEqual([]);
        const loaders = await docker.listContainers({ all: true, filters: { name: [loaderPrefix(siteId)] } });
        expect(loaders.map((c) => c.Names)).toEqual([]);
        expect(containers.filter((c) => c.State === 'running')).toHaveLength(1);
      });
    },
    120_000,
  );
});
