// The managed Caddy is reconciled like everything else: removed or stopped, it comes back with every
// route the store says should exist, without a deploy. Routes carry health checks, so Caddy stops
// sending traffic to an instance that turns unhealthy; a route whose container stopped is moved to
// another running, healthy instance of the stage. All against the real dockerd and a real Caddy.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDeployApp, removeDeployLeftovers, testProxy } from '../testing/deployHarness';
import { getVia } from '../testing/proxyClient';
import type { ProxyAnswer } from '../testing/proxyClient';
import type { App } from '../app';
import { createAppProject } from '../testing/deployHarness';
import { newRunId, testDocker, waitFor } from '../testing/dockerHost';
import type { CaddyDriver } from './caddyDriver';

const docker = testDocker();
const runId = newRunId();
const { name: caddyName, network: caddyNetwork } = testProxy(runId);
let app: App;
let projectId = '';
let stageId = '';

type Answer = ProxyAnswer & { ms: number };
async function get(): Promise<Answer> {
  const address = (app.services.proxy('local') as CaddyDriver).httpAddress;
  if (!address) return { error: 'not ensured', ms: 0 };
  const started = Date.now();
  return { ...(await getVia(address, 'rec.localhost')), ms: Date.now() - started };
}
const serves = (body: string) => async () => {
  const a = await get();
  return 'body' in a && a.status === 200 && a.body === body;
};
const instances = () => app.services.containers.list('local').filter((c) => c.stageId === stageId);
const routedRow = () =>
  app.services.db.prepare('SELECT docker_id AS dockerId, image FROM containers WHERE stage_id = ? AND proxy_route_id IS NOT NULL').all(stageId) as {
    dockerId: string;
    image: string;
  }[];

beforeAll(async () => {
  app = await openDeployApp(testProxy(runId));
  ({ projectId, stageId } = await createAppProject(app, `rec-${runId.slice(-6)}`, { subdomain: 'rec', maxInstances: 3 }));
  expect((await app.services.deployer('local').deploy({ stageId, imageTag: 'v1' })).status).toBe('succeeded');
  await waitFor('v1 served', serves('v1'));
}, 60_000);

afterAll(async () => {
  await app?.close();
  await removeDeployLeftovers(docker, [projectId], { name: caddyName, network: caddyNetwork });
});

describe('proxy reconcile', () => {
  it('brings the Caddy container back with its routes after docker rm -f, without a deploy', async () => {
    const deploysBefore = app.services.deploys.history(stageId).length;
    const removedId = (await docker.getContainer(caddyName).inspect()).Id;
    execFileSync('docker', ['rm', '-f', caddyName]);
    await waitFor('v1 served again', serves('v1'), 10_000, 100);
    expect(app.services.deploys.history(stageId)).toHaveLength(deploysBefore);
    // A new container under the same name, made by the reconcile: not the removed one answering.
    const back = await docker.getContainer(caddyName).inspect();
    expect(back.Id).not.toBe(removedId);
    expect(back.State.Running).toBe(true);
  }, 30_000);

  it('starts a stopped Caddy again', async () => {
    execFileSync('docker', ['stop', '-t', '1', caddyName]);
    await waitFor('v1 served again', serves('v1'), 10_000, 100);
  }, 30_000);

  it('stops sending traffic to an upstream whose health path fails (active check), and resumes when it passes', async () => {
    const [serving] = routedRow();
    execFileSync('docker', ['exec', serving!.dockerId, 'rm', '/www/health']);
    // The page itself still answers 200: only Caddy's health check can tell it is unhealthy. With
    // no other instance, Caddy answers 503 at once (no upstream available) rather than sending on.
    await waitFor(
      '503 from Caddy',
      async () => {
        const a = await get();
        return 'status' in a && a.status === 503 && a.ms < 1_000;
      },
      10_000,
      100,
    );
    execFileSync('docker', ['exec', serving!.dockerId, 'sh', '-c', 'echo ok > /www/health']);
    await waitFor('v1 served again', serves('v1'), 10_000, 100);
  }, 30_000);

  it('repoints a route whose container died to another running, healthy instance of the stage', async () => {
    expect((await app.services.deployer('local').deploy({ stageId, imageTag: 'v2' })).status).toBe('succeeded');
    await waitFor('v2 served', serves('v2'));
    const old = instances().find((c) => c.image === 'tinyforge-test/app:v1' && c.state === 'exited')!;
    // The old instance is started again by hand: a running, healthy candidate.
    await docker.getContainer(old.dockerId).start();
    await waitFor('v1 instance running', () => instances().some((c) => c.id === old.id && c.state === 'running'), 10_000, 50);
    const [serving] = routedRow();
    execFileSync('docker', ['kill', serving!.dockerId]);
    await waitFor('v1 served by the other instance', serves('v1'), 10_000, 100);
    expect(routedRow().map((r) => r.dockerId)).toEqual([old.dockerId]);
  }, 60_000);

  it('answers 503 promptly, not a hang, when the only instance is killed', async () => {
    const [serving] = routedRow();
    execFileSync('docker', ['kill', serving!.dockerId]);
    // No other instance runs: the route stays on the dead one (nothing better to point at), and
    // Caddy's checks mark it down, so clients get an immediate 502/503 instead of waiting on it.
    await waitFor(
      'a prompt 5xx',
      async () => {
        const a = await get();
        return 'status' in a && (a.status === 503 || a.status === 502) && a.ms < 1_000;
      },
      10_000,
      100,
    );
    const answers = await Promise.all(Array.from({ length: 5 }, () => get()));
    for (const a of answers) {
      expect(a).toMatchObject({ status: expect.any(Number) });
      expect(a.ms).toBeLessThan(1_000);
    }
  }, 30_000);
});
