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
  for (const name of [`${runId}-caddy`, `${runId}-caddy-front`]) await docker.getContainer(name).remove({ force: true }).catch(() => undefined);
  await docker.getNetwork(network).remove().catch(() => undefined);
  for (const name of [`${runId}-caddy`, `${runId}-caddy-front`]) await docker.getVolume(`${name}-config`).remove().catch(() => undefined);
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
