// Deploys are owned by their host's scope: closing the app stops them at their next wait (the drain,
// the health probes) without undoing anything under a closing database, and the next start settles
// them through the ordinary recovery. Against the real dockerd and a real Caddy.
import { afterAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import type { CaddyDriver } from '../proxy/caddyDriver';
import { createAppProject, openDeployApp, removeDeployLeftovers, testProxy } from '../testing/deployHarness';
import { newRunId, testDocker, waitFor } from '../testing/dockerHost';
import { tempDir } from '../testing/fixtures';
import { getVia } from '../testing/proxyClient';

const docker = testDocker();
const runId = newRunId();
const proxy = testProxy(runId);
const dataDir = tempDir();
const projectIds: string[] = [];
let app: App | null = null;

async function open(drainMs: number): Promise<App> {
  app = await openDeployApp(proxy, { dataDir, deploy: { drainMs, stopTimeoutSec: 1 } });
  return app;
}

async function body(a: App, host: string): Promise<string> {
  const address = (a.services.proxy('local') as CaddyDriver).httpAddress;
  if (!address) return 'no proxy';
  const answer = await getVia(address, host);
  return 'body' in answer ? `${answer.status} ${answer.body}` : `error ${answer.error}`;
}

const running = (a: App, stageId: string) => a.services.containers.list('local').filter((c) => c.stageId === stageId && c.state === 'running');

afterAll(async () => {
  await app?.close();
  await removeDeployLeftovers(docker, projectIds, proxy);
});

describe('closing the app during a deploy', () => {
  it('stops a deploy in its drain, and the next start finishes it: the new version serves, the old one is stopped', async () => {
    let a = await open(60_000);
    const { projectId, stageId } = await createAppProject(a, `drain-${runId.slice(-6)}`, { subdomain: 'closedrain' });
    projectIds.push(projectId);
    expect((await a.services.deployer('local').deploy({ stageId, imageTag: 'v1' })).status).toBe('succeeded');
    const { record, done } = a.services.deployer('local').begin({ stageId, imageTag: 'v2' });
    await waitFor('drain step', () => a.services.deploys.get(record.id).step === 'drain', 30_000);

    await a.close();
    app = null;
    // The run gave up at once (its 60 s drain cut short) and left its record for recovery.
    const left = await done;
    expect(left).toMatchObject({ status: 'running', step: 'drain' });

    a = await open(200);
    expect(a.services.deploys.get(record.id)).toMatchObject({ status: 'succeeded' });
    await waitFor('v2 served', async () => (await body(a, 'closedrain.localhost')) === '200 v2');
    expect(running(a, stageId).map((c) => c.image)).toEqual(['tinyforge-test/app:v2']);
    await a.close();
    app = null;
  }, 90_000);

  it('stops a deploy waiting for its health check, and the next start undoes it: the old version keeps serving', async () => {
    let a = await open(200);
    const { projectId, stageId } = await createAppProject(a, `health-${runId.slice(-6)}`, { subdomain: 'closehealth', healthTimeoutSec: 120 });
    projectIds.push(projectId);
    expect((await a.services.deployer('local').deploy({ stageId, imageTag: 'v1' })).status).toBe('succeeded');
    // A health path that never passes: the deploy sits in its health wait for two minutes.
    await a.handlers['stages.update']({
      stageId,
      stage: {
        name: 'production',
        imageTag: 'v1',
        env: {},
        port: 80,
        healthCheckPath: '/never-there',
        healthTimeoutSec: 120,
        subdomain: 'closehealth',
        maxInstances: 2,
      },
    });
    const { record, done } = a.services.deployer('local').begin({ stageId, imageTag: 'v2' });
    await waitFor('health step', () => a.services.deploys.get(record.id).step === 'health', 30_000);
    const newRow = a.services.deploys.get(record.id).newContainerId;

    await a.close();
    app = null;
    expect(await done).toMatchObject({ status: 'running', step: 'health' });

    a = await open(200);
    expect(a.services.deploys.get(record.id)).toMatchObject({ status: 'failed' });
    expect(a.services.containers.list('local').some((c) => c.id === newRow)).toBe(false);
    await waitFor('v1 still served', async () => (await body(a, 'closehealth.localhost')) === '200 v1');
    expect(running(a, stageId).map((c) => c.image)).toEqual(['tinyforge-test/app:v1']);
    // A deploy asked of a closed host's deployer is refused, not started.
    const deployer = a.services.deployer('local');
    await a.close();
    app = null;
    expect(() => deployer.begin({ stageId, imageTag: 'v2' })).toThrow(/closing/);
  }, 90_000);
});
