// kill -9 at every step of a deploy, then start again: the stage is consistent (served by the old
// instance if the switch had not happened, by the new one if it had), no orphan container, no
// duplicate row, and the history says what happened.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerText, getVia } from '../testing/proxyClient';
import { createApp } from '../app';
import type { App } from '../app';
import { CaddyDriver } from '../proxy/caddyDriver';
import { DeployRepo } from '../store/deployRepo';
import { createAppProject, removeDeployLeftovers, testProxy } from '../testing/deployHarness';
import { DOCKER_SOCKET, newRunId, testDocker, waitFor } from '../testing/dockerHost';
import { tempDir } from '../testing/fixtures';
import { runUntilPausedThenKill } from '../testing/killedChild';
import type { Deployer } from './deployer';

const docker = testDocker();
const runId = newRunId();
const dataDir = tempDir();
const { name: caddyName, network: caddyNetwork } = testProxy(runId);
let caddy: CaddyDriver;
let stageId: string;
let projectId: string;

const served = async () => answerText(await getVia(caddy.httpAddress!, 'app.localhost'));

async function withApp<T>(work: (app: App, deployer: Deployer) => Promise<T>): Promise<T> {
  // The app's own deployer routes through the test's Caddy, so the recovery it runs at start is the
  // one under test.
  const app = await createApp({
    dataDir,
    shell: 'browser',
    dockerSocketPath: DOCKER_SOCKET,
    resyncIntervalMs: 60_000,
    log: () => {},
    proxy: testProxy(runId),
    deploy: { drainMs: 300, stopTimeoutSec: 1 },
  });
  try {
    await waitFor('docker up', () => app.services.runtime('local')?.connection.status.state === 'up');
    return await work(app, app.services.deployer('local'));
  } finally {
    await app.close();
  }
}

/** Runs a deploy in another process and SIGKILLs it right after `step` is recorded. */
function deployAndKill(imageTag: string, step: string): Promise<void> {
  return runUntilPausedThenKill('deployChild.ts', [dataDir, stageId, imageTag, step, caddyName, caddyNetwork], step, dataDir);
}

beforeAll(async () => {
  caddy = new CaddyDriver({ docker, ...testProxy(runId) });
  await caddy.ensure();
  await withApp(async (app, deployer) => {
    ({ projectId, stageId } = await createAppProject(app, `crash-${runId.slice(-6)}`, { subdomain: 'app', maxInstances: 3 }));
    expect((await deployer.deploy({ stageId, imageTag: 'v1' })).status).toBe('succeeded');
  });
}, 120_000);

afterAll(async () => {
  await removeDeployLeftovers(docker, [projectId], { name: caddyName, network: caddyNetwork });
});

describe('crash recovery', () => {
  let serving = 'v1';
  it.each([
    ['image', 'undo'],
    ['proxy', 'undo'],
    ['placeholder', 'undo'],
    ['create', 'undo'],
    ['start', 'undo'],
    ['health', 'finish'],
    ['route', 'finish'],
    ['drain', 'finish'],
  ])(
    'killed right after "%s": %s on the next start',
    async (step, outcome) => {
      const next = serving === 'v1' ? 'v2' : 'v1';
      await deployAndKill(next, step);
      await withApp(async (app, deployer) => {
        // Settled by the app itself as it started: nothing is left running.
        expect(await deployer.recover()).toEqual([]);
        const recovered = app.services.deploys.history(stageId)[0];
        expect(recovered).toBeDefined();
        expect(new DeployRepo(app.services.db).running()).toEqual([]);
        if (outcome === 'undo') {
          expect(recovered).toMatchObject({ status: 'failed', error: expect.stringMatching(/^interrupted: /) });
        } else {
          expect(recovered).toMatchObject({ status: 'succeeded' });
          serving = next;
        }
        expect(await served()).toBe(serving);

        await app.handlers['reconcile.now']({ hostId: 'local' });
        const rows = app.services.containers.list('local').filter((c) => c.workloadId === projectId);
        // No placeholder left, no duplicate row, and every container of the project has its row.
        expect(rows.filter((r) => r.state === 'pending')).toEqual([]);
        const dockerIds = rows.map((r) => r.dockerId);
        expect(new Set(dockerIds).size).toBe(dockerIds.length);
        const present = await docker.listContainers({ all: true, filters: { label: [`tinyforge.workload.id=${projectId}`] } });
        expect(present.map((c) => c.Id).sort()).toEqual(
          rows
            .filter((r) => r.state !== 'missing')
            .map((r) => r.dockerId)
            .sort(),
        );
        // Exactly one instance runs: the one serving.
        expect(rows.filter((r) => r.state === 'running').map((r) => r.image)).toEqual([`tinyforge-test/app:${serving}`]);
      });
    },
    90_000,
  );
});
