// Signed deliveries that really deploy, on the real dockerd behind the run's own Caddy: a GitHub
// push to main redeploys production, a Gitea tag push deploys that tag, two deliveries for one
// stage at once run one after the other (never overlapping), "redeliver" replays a stored one, and
// a site deploys an archive from a URL in the body with the same checks as an upload (a bad
// archive is refused and nothing is served).
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import { createAppProject, openDeployApp, removeDeployLeftovers, testProxy } from '../testing/deployHarness';
import { newRunId, removeComposeProject, testDocker, waitFor } from '../testing/dockerHost';
import { tempDir } from '../testing/fixtures';
import { postHook, signedHeaders } from '../testing/webhookClient';
import { SAMPLE_SITE, tarOf, writeTree } from '../sites/siteFixtures';
import { getVia } from '../testing/proxyClient';
import type { CaddyDriver } from '../proxy/caddyDriver';

const docker = testDocker();
const runId = newRunId();
const proxy = testProxy(runId);
const short = runId.replace(/[^a-z0-9]/g, '').slice(-8);
let app: App;
let base = '';
let projectId = '';
let stageId = '';
let siteId = '';
let secret = '';
let files: Server;
let filesUrl = '';

const deliveries = (id = projectId) => app.services.webhooks.view(id).deliveries;
const settled = (id: string) =>
  waitFor(`delivery ${id} to settle`, () => ['deployed', 'failed'].includes(deliveries().find((d) => d.id === id)?.outcome ?? ''), 90_000, 50);
const runningImage = async () => {
  const list = await docker.listContainers({ filters: { label: [`tinyforge.workload.id=${projectId}`], status: ['running'] } });
  return list.map((c) => c.Image).sort();
};

beforeAll(async () => {
  app = await openDeployApp(proxy);
  ({ projectId, stageId } = await createAppProject(app, `hook-${short}`, { subdomain: `hook-${short}` }));
  secret = app.services.webhooks.rotateSecret(projectId).secret;
  base = (await app.services.webhooks.updateListener({ enabled: true, address: '127.0.0.1', port: 0 })).baseUrl!;
  // A local file server the site delivery downloads its archive from.
  const dir = tempDir();
  writeTree(join(dir, 'site'), SAMPLE_SITE);
  tarOf(join(dir, 'site'), join(dir, 'site.tar.gz'), true);
  writeFileSync(join(dir, 'junk.tar.gz'), 'this is not an archive');
  files = createServer((req, res) => {
    try {
      res.end(readFileSync(join(dir, (req.url ?? '').replace(/[^a-z.]/g, ''))));
    } catch {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
  filesUrl = `http://127.0.0.1:${(files.address() as { port: number }).port}`;
}, 90_000);

const composeProject = `tfhook${short}`;
const stackImage = `tf-${composeProject}/app`;

afterAll(async () => {
  files?.close();
  await app?.close();
  await removeDeployLeftovers(docker, [projectId, siteId], proxy);
  await removeComposeProject(docker, composeProject);
  await docker
    .getImage(`${stackImage}:latest`)
    .remove()
    .catch(() => undefined);
});

describe('a signed delivery', () => {
  it('a GitHub push to main: 202 at once, then production deploys its own tag (v1)', async () => {
    const body = JSON.stringify({ ref: 'refs/heads/main', after: 'abc' });
    const started = Date.now();
    const answer = await postHook(base, projectId, body, signedHeaders('github', secret, body));
    expect(answer).toMatchObject({ status: 202, body: { outcome: 'queued' } });
    expect(Date.now() - started).toBeLessThan(2_000);
    const id = answer.body.delivery as string;
    await settled(id);
    expect(deliveries().find((d) => d.id === id)).toMatchObject({ outcome: 'deployed', source: 'github', event: 'push' });
    expect(app.services.deploys.history(stageId)[0]).toMatchObject({ status: 'succeeded', image: 'tinyforge-test/app:v1' });
    expect(await runningImage()).toEqual(['tinyforge-test/app:v1']);
  });

  it('a Gitea tag push deploys the tag’s name as the image tag', async () => {
    const body = JSON.stringify({ ref: 'refs/tags/v2' });
    const answer = await postHook(base, projectId, body, signedHeaders('gitea', secret, body));
    expect(answer.status).toBe(202);
    await settled(answer.body.delivery as string);
    expect(app.services.deploys.history(stageId)[0]).toMatchObject({ status: 'succeeded', image: 'tinyforge-test/app:v2' });
    await waitFor('v1 drained', async () => (await runningImage()).join() === 'tinyforge-test/app:v2', 30_000);
  });

  it('two deliveries for one stage at once: both answered 202 at once, the deploys run one after the other, never two at once', async () => {
    const one = JSON.stringify({ stage: 'production', tag: 'v1' });
    const two = JSON.stringify({ stage: 'production', tag: 'v2' });
    const before = app.services.deploys.history(stageId).length;
    const [a, b] = await Promise.all([
      postHook(base, projectId, one, signedHeaders('generic', secret, one)),
      postHook(base, projectId, two, signedHeaders('gitlab', secret, two)),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    await settled(a.body.delivery as string);
    await settled(b.body.delivery as string);
    const runs = app.services.deploys.history(stageId).slice(0, app.services.deploys.history(stageId).length - before);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    const [later, earlier] = runs;
    expect(later!.startedAt).toBeGreaterThanOrEqual(earlier!.finishedAt!);
    expect(
      deliveries()
        .filter((d) => [a.body.delivery, b.body.delivery].includes(d.id))
        .map((d) => d.outcome),
    ).toEqual(['deployed', 'deployed']);
  });

  it('"redeliver" replays a stored accepted delivery as a new, logged deploy', async () => {
    const original = deliveries().find((d) => d.source === 'gitea' && d.outcome === 'deployed')!;
    const before = app.services.deploys.history(stageId).length;
    const again = await app.handlers['webhooks.redeliver']({ workloadId: projectId, deliveryId: original.id });
    expect(again).toMatchObject({ redeliveryOf: original.id, outcome: 'queued', address: 'redeliver' });
    await settled(again.id);
    expect(app.services.deploys.history(stageId)).toHaveLength(before + 1);
    expect(app.services.deploys.history(stageId)[0]).toMatchObject({ status: 'succeeded', image: 'tinyforge-test/app:v2' });
  });

  it('a refused delivery cannot be redelivered (its body was never kept)', async () => {
    const refused = deliveries().find((d) => d.outcome === 'refused') ?? null;
    const body = '{"ref":"refs/heads/main"}';
    await postHook(base, projectId, body, { 'X-Hub-Signature-256': `sha256=${'0'.repeat(64)}`, 'X-GitHub-Delivery': 'r' });
    const row = refused ?? deliveries().find((d) => d.outcome === 'refused')!;
    await expect(Promise.resolve().then(() => app.handlers['webhooks.redeliver']({ workloadId: projectId, deliveryId: row.id }))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });
});

describe('a site delivery', () => {
  it('deploys the archive at the URL in the body, and refuses a junk archive with the upload’s own check, serving on', async () => {
    const site = await app.handlers['workloads.createSite']({ hostId: 'local', name: `hooksite-${short}`, sourceDir: '' });
    siteId = site.id;
    await app.handlers['sites.update']({
      id: siteId,
      subdomain: `hooksite-${short}`,
      options: { spaFallback: false, notFoundPage: null, cacheHashed: true, precompressed: false },
      keepVersions: 2,
    });
    const siteSecret = app.services.webhooks.rotateSecret(siteId).secret;
    const good = JSON.stringify({ archiveUrl: `${filesUrl}/site.tar.gz` });
    const answer = await postHook(base, siteId, good, signedHeaders('generic', siteSecret, good));
    expect(answer.status).toBe(202);
    const id = answer.body.delivery as string;
    await waitFor('site deployed', () => ['deployed', 'failed'].includes(deliveries(siteId).find((d) => d.id === id)?.outcome ?? ''), 90_000, 50);
    expect(deliveries(siteId).find((d) => d.id === id)).toMatchObject({ outcome: 'deployed' });
    const address = (app.services.proxy('local') as CaddyDriver).httpAddress ?? '';
    expect(await getVia(address, `hooksite-${short}.localhost`, '/')).toMatchObject({ status: 200, body: '<h1>v1</h1>' });

    const junk = JSON.stringify({ archiveUrl: `${filesUrl}/junk.tar.gz` });
    const refused = await postHook(base, siteId, junk, signedHeaders('generic', siteSecret, junk));
    await waitFor(
      'junk settled',
      () => ['deployed', 'failed'].includes(deliveries(siteId).find((d) => d.id === refused.body.delivery)?.outcome ?? ''),
      30_000,
      50,
    );
    expect(deliveries(siteId).find((d) => d.id === refused.body.delivery)).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/archive/i) });
    expect(await getVia(address, `hooksite-${short}.localhost`, '/')).toMatchObject({ status: 200, body: '<h1>v1</h1>' });

    for (const bad of ['{"archiveUrl":"file:///etc/passwd"}', '{"archiveUrl":"http://user:pw@127.0.0.1/x"}', '{}']) {
      expect((await postHook(base, siteId, bad, signedHeaders('generic', siteSecret, bad))).status).toBe(422);
    }
  });
});

describe('a stack delivery', () => {
  it('pulls and updates the stack: its service is recreated on the image its tag names now', async () => {
    await docker.getImage('tinyforge-test/app:v1').tag({ repo: stackImage, tag: 'latest' });
    const stack = await app.handlers['workloads.createStack']({
      hostId: 'local',
      name: `hookstack ${short}`,
      composeProjectName: composeProject,
      composeFile: `services:\n  web:\n    image: ${stackImage}:latest\n    init: true\n`,
      envFile: '',
      allowHostAccess: false,
    });
    const first = await app.handlers['stacks.run']({ id: stack.id, operation: { kind: 'deploy', pull: false } });
    const imageOfWeb = async () =>
      (await docker.listContainers({ filters: { label: [`com.docker.compose.project=${composeProject}`], status: ['running'] } })).map((c) => c.ImageID);
    await waitFor(
      'first deploy',
      async () => (await app.handlers['stacks.operations']({ id: stack.id })).find((o) => o.id === first.id && o.status !== 'running'),
      60_000,
      100,
    );
    const v1 = (await docker.getImage('tinyforge-test/app:v1').inspect()).Id;
    const v2 = (await docker.getImage('tinyforge-test/app:v2').inspect()).Id;
    expect(await imageOfWeb()).toEqual([v1]);
    // A new image behind the same tag (what a registry push does; nothing can be pulled here).
    await docker.getImage('tinyforge-test/app:v2').tag({ repo: stackImage, tag: 'latest' });
    const stackSecret = app.services.webhooks.rotateSecret(stack.id).secret;
    const body = JSON.stringify({ ref: 'refs/heads/main' });
    const answer = await postHook(base, stack.id, body, signedHeaders('github', stackSecret, body));
    expect(answer.status).toBe(202);
    await waitFor(
      'stack delivery settled',
      () => ['deployed', 'failed'].includes(deliveries(stack.id).find((d) => d.id === answer.body.delivery)?.outcome ?? ''),
      90_000,
      50,
    );
    expect(deliveries(stack.id).find((d) => d.id === answer.body.delivery)).toMatchObject({ outcome: 'deployed' });
    expect((await app.handlers['stacks.operations']({ id: stack.id }))[0]).toMatchObject({ kind: 'update', status: 'succeeded' });
    expect(await imageOfWeb()).toEqual([v2]);
  });
});
