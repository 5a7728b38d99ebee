// A site version's drain is the app's own stop: deployed twice against the real dockerd and Caddy,
// the first version's server is stopped by the site runner, and the reconciler records that stop as
// `app` with the reason `site` (the intent written before the stop), never a crash or a stop from
// outside. The runner removes the drained server right after (a site keeps one), so the test holds
// the run between its drain and its cleanup until the reconciler has classified the stop.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerView, SiteProgress } from '../../../shared/types';
import type { App } from '../app';
import type { StopRecord } from '../store/stopRepo';
import { openDeployApp, removeDeployLeftovers, testProxy } from '../testing/deployHarness';
import { newRunId, testDocker, waitFor } from '../testing/dockerHost';
import { tempDir } from '../testing/fixtures';

const docker = testDocker();
const runId = newRunId();
const proxySettings = testProxy(runId);
const label = `drain-${runId.replace(/[^a-z0-9]/g, '').slice(-8)}`;
let app: App;
let siteId = '';
const progress: SiteProgress[] = [];
/** The server the next deploy drains; set before that deploy starts. */
let draining: ContainerView | null = null;
/** What the reconciler had recorded for `draining` when the run reached the end of its drain. */
let atDrain: { history: StopRecord[]; row: ContainerView | undefined } | null = null;

function siteFolder(body: string): string {
  const dir = tempDir();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.html'), body);
  return dir;
}

const servers = () => app.services.containers.list('local').filter((c) => c.workloadId === siteId && c.state === 'running');

/** Deploys `dir` and waits for its blue-green run to succeed. */
async function deploy(dir: string): Promise<void> {
  const start = await app.handlers['sites.deploy']({ id: siteId, source: { kind: 'folder', path: dir } });
  if (!start.versionId) throw new Error('nothing to deploy');
  await waitFor('upload end', () => progress.some((p) => p.versionId === start.versionId && ['done', 'failed', 'cancelled'].includes(p.phase)), 60_000, 50);
  await waitFor('run settled', async () => (await app.handlers['sites.deploys']({ id: siteId })).every((d) => d.status !== 'running'), 60_000, 100);
  const [last] = await app.handlers['sites.deploys']({ id: siteId });
  expect(last).toMatchObject({ status: 'succeeded' });
}

/** Between drain and cleanup: let the reconciler see the drained server exit before it is removed. */
async function holdAfterDrain(step: string): Promise<void> {
  const old = draining;
  if (step !== 'drain' || !old) return;
  await app.handlers['reconcile.now']({ hostId: 'local' });
  const history = await waitFor(
    'the drained server stop recorded',
    async () => {
      await app.handlers['reconcile.now']({ hostId: 'local' });
      const h = app.services.stops.history('local', old.dockerId);
      return h.length > 0 && h;
    },
    20_000,
    100,
  );
  atDrain = { history, row: app.services.containers.list('local').find((c) => c.dockerId === old.dockerId) };
}

beforeAll(async () => {
  app = await openDeployApp(proxySettings, { deploy: { drainMs: 200, stopTimeoutSec: 1, afterStep: (step) => holdAfterDrain(step) } });
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
  await removeDeployLeftovers(docker, [siteId], proxySettings);
});

describe("a site version's drain", () => {
  it('is recorded as the app stopping it for the site, never as a crash', async () => {
    await deploy(siteFolder('v1'));
    const [first] = servers();
    expect(first).toBeDefined();
    draining = first!;

    await deploy(siteFolder('v2'));

    expect(atDrain?.history).toEqual([expect.objectContaining({ kind: 'app', reason: 'site', workloadId: siteId })]);
    expect(atDrain?.row).toMatchObject({ state: 'exited', stopKind: 'app' });
    // Cleanup removed the drained server afterwards; its stop stays in the history as it was.
    expect(app.services.stops.history('local', first!.dockerId)).toEqual([expect.objectContaining({ kind: 'app', reason: 'site' })]);
    expect(servers().map((c) => c.dockerId)).not.toContain(first!.dockerId);
    expect(app.services.stops.crashesSince({ workloadId: siteId }, 0)).toEqual([]);
  }, 120_000);
});
