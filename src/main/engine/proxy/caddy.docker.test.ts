// The Caddy driver against a real Caddy (Debian's binary in a test image) in front of two real
// busybox httpd apps answering "v1" and "v2": routes, an atomic switch under steady requests with
// zero failures, and a proxy container that comes back with its routes after being removed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getVia } from '../testing/proxyClient';
import { newRunId, removeRun, TEST_RUN_LABEL, testDocker, waitFor } from '../testing/dockerHost';
import { CaddyDriver } from './caddyDriver';

const docker = testDocker();
const runId = newRunId();
const network = `${runId}-net`;
let caddy: CaddyDriver;

async function runApp(name: string, image: string) {
  const c = await docker.createContainer({
    Image: image,
    name,
    Labels: { [TEST_RUN_LABEL]: runId },
    HostConfig: { NetworkMode: network },
  });
  await c.start();
}

const get = (host: string) => getVia(caddy.httpAddress!, host);

beforeAll(async () => {
  caddy = new CaddyDriver({ docker, image: 'tinyforge-test/caddy:2.6', name: `${runId}-caddy`, network, httpPort: 0 });
  await caddy.ensure();
  // Label the proxy too, so cleanup of this run finds it.
  await runApp(`${runId}-v1`, 'tinyforge-test/app:v1');
  await runApp(`${runId}-v2`, 'tinyforge-test/app:v2');
});

afterAll(async () => {
  await removeRun(docker, runId);
  for (const name of [`${runId}-caddy`, `${runId}-caddy-front`])
    await docker
      .getContainer(name)
      .remove({ force: true })
      .catch(() => undefined);
  await docker
    .getNetwork(network)
    .remove()
    .catch(() => undefined);
  for (const volume of [`${runId}-caddy-state`, `${runId}-caddy-admin`])
    await docker
      .getVolume(volume)
      .remove()
      .catch(() => undefined);
});

describe('Caddy proxy driver', () => {
  it('is idempotent to ensure, and serves a route to its upstream', async () => {
    await caddy.ensure();
    await caddy.upsertRoute({ id: 'stage-1', host: 'app.test', upstream: { host: `${runId}-v1`, port: 80 } });
    await waitFor('v1 through the proxy', async () => {
      const r = await get('app.test');
      return 'body' in r && r.body === 'v1';
    });
    expect(await caddy.listRoutes()).toEqual([{ id: 'stage-1', host: 'app.test', upstream: { host: `${runId}-v1`, port: 80 } }]);
  });

  it('switches the upstream in place with zero failed requests under steady load', async () => {
    const results: Awaited<ReturnType<typeof get>>[] = [];
    let running = true;
    const load = (async () => {
      // Bounded: at most 3,000 requests or until the switch is done and seen.
      for (let i = 0; running && i < 3_000; i += 1) results.push(await get('app.test'));
    })();
    await new Promise((r) => setTimeout(r, 300));
    await caddy.upsertRoute({ id: 'stage-1', host: 'app.test', upstream: { host: `${runId}-v2`, port: 80 } });
    await waitFor('v2 seen', () => results.some((r) => 'body' in r && r.body === 'v2'), 10_000);
    await new Promise((r) => setTimeout(r, 300));
    running = false;
    await load;
    const failed = results.filter((r) => 'error' in r || r.status !== 200 || !['v1', 'v2'].includes(r.body));
    expect(results.length).toBeGreaterThan(20);
    expect(failed).toEqual([]);
    // Once v2 answered, v1 never did again.
    const bodies = results.map((r) => ('body' in r ? r.body : ''));
    expect(bodies.slice(bodies.indexOf('v2'))).not.toContain('v1');
    expect((await caddy.listRoutes())[0]?.upstream.host).toBe(`${runId}-v2`);
  });

  it("keeps the admin API out of reach of the workloads' networks, while serving them", async () => {
    // A workload network as deploys make one: the routing Caddy joins it to reach the app on it.
    const workloadNet = `${runId}-workload`;
    await docker.createNetwork({ Name: workloadNet, Labels: { [TEST_RUN_LABEL]: runId } });
    try {
      const app = await docker.createContainer({
        Image: 'tinyforge-test/app:v1',
        name: `${runId}-wl-app`,
        Labels: { [TEST_RUN_LABEL]: runId },
        HostConfig: { NetworkMode: workloadNet },
      });
      await app.start();
      await caddy.attach(workloadNet);
      const caddyIp = (await docker.getContainer(`${runId}-caddy`).inspect()).NetworkSettings.Networks[workloadNet]!.IPAddress;
      const appIp = (await app.inspect()).NetworkSettings.Networks[workloadNet]!.IPAddress;
      // A hostile workload on that network: the app answers it (the control), Caddy's admin does not.
      const probe = await docker.createContainer({
        Image: 'tinyforge-test/busybox:latest',
        name: `${runId}-wl-probe`,
        Labels: { [TEST_RUN_LABEL]: runId },
        // nc, not wget: Debian's static busybox wget crashes in a bare image.
        Cmd: [
          'sh',
          '-c',
          `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 ${appIp} 80; echo "app=$?"; printf 'GET /config/ HTTP/1.0\\r\\nHost: tinyforge-admin\\r\\n\\r\\n' | nc -w 2 ${caddyIp} 2019; echo "admin=$?"`,
        ],
        // A TTY: the log comes back as plain text, not Docker's multiplexed frames.
        Tty: true,
        HostConfig: { NetworkMode: workloadNet },
      });
      await probe.start();
      await probe.wait();
      const out = (await probe.logs({ stdout: true, stderr: true })).toString('utf8');
      expect(out).toMatch(/200 OK[\s\S]*v1\s+app=0/);
      expect(out).toMatch(/Connection refused[\s\S]*admin=1/);
      expect(out).not.toContain('"apps"');
      // The engine still reaches it: through the front's port on the Docker host's loopback.
      expect(await caddy.listRoutes()).toContainEqual(expect.objectContaining({ id: 'stage-1' }));
    } finally {
      await docker
        .getContainer(`${runId}-wl-probe`)
        .remove({ force: true })
        .catch(() => undefined);
      await docker
        .getContainer(`${runId}-wl-app`)
        .remove({ force: true })
        .catch(() => undefined);
      await docker
        .getNetwork(workloadNet)
        .disconnect({ Container: `${runId}-caddy`, Force: true })
        .catch(() => undefined);
      await docker
        .getNetwork(workloadNet)
        .remove()
        .catch(() => undefined);
    }
  });

  it('removes a route, and a missing one quietly', async () => {
    await caddy.upsertRoute({ id: 'stage-2', host: 'other.test', upstream: { host: `${runId}-v1`, port: 80 } });
    expect((await caddy.listRoutes()).map((r) => r.id).sort()).toEqual(['stage-1', 'stage-2']);
    await caddy.removeRoute('stage-2');
    await caddy.removeRoute('never-was');
    expect((await caddy.listRoutes()).map((r) => r.id)).toEqual(['stage-1']);
    const r = await get('other.test');
    expect('body' in r && r.body).not.toBe('v1');
  });

  it('comes back with its routes after the proxy container is removed', async () => {
    await docker.getContainer(`${runId}-caddy`).remove({ force: true });
    await caddy.ensure();
    expect(await caddy.listRoutes()).toEqual([{ id: 'stage-1', host: 'app.test', upstream: { host: `${runId}-v2`, port: 80 } }]);
    await waitFor('v2 again', async () => {
      const r = await get('app.test');
      return 'body' in r && r.body === 'v2';
    });
  });
});
