// Blue-green deploys against the real dockerd behind a real Caddy: v1, then v2 while a client sends
// requests without pause (zero failures, answers switch), a v3 whose health check never passes
// (undone, v2 still served), one deploy per stage at a time, and max_instances honoured.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodies, failures, getVia, underLoad as sendWhile } from '../testing/proxyClient';
import type { App } from '../app';
import { createApp } from '../app';
import { CaddyDriver } from '../proxy/caddyDriver';
import { DeployRepo } from '../store/deployRepo';
import { DOCKER_SOCKET, newRunId, testDocker, waitFor } from '../testing/dockerHost';
import { createAppProject, deployerFor, removeDeployLeftovers, testProxy } from '../testing/deployHarness';
import { tempDir } from '../testing/fixtures';
import type { Deployer } from './deployer';

const docker = testDocker();
const runId = newRunId();
let app: App;
let caddy: CaddyDriver;
let deployer: Deployer;
let stageId: string;
let projectId: string;
const HOST = 'app.localhost';

// The strictest client (a new connection per request, no retry): see proxyClient.ts.
const get = () => getVia(caddy.httpAddress!, HOST);

/** Requests without pause while `during` runs; returns every answer. */
const underLoad = (during: () => Promise<unknown>) => sendWhile(get, during);

beforeAll(async () => {
  // The app's own proxy (its proxy reconcile uses it) is the test's Caddy, not the default one.
  const proxy = testProxy(runId);
  app = await createApp({ dataDir: tempDir(), shell: 'browser', dockerSocketPath: DOCKER_SOCKET, resyncIntervalMs: 60_000, log: () => {}, proxy });
  await waitFor('docker up', () => app.services.runtime('local')?.connection.status.state === 'up');
  caddy = new CaddyDriver({ docker, ...proxy });
  await caddy.ensure();
  ({ projectId, stageId } = await createAppProject(app, `shop-${runId.slice(-6)}`, { subdomain: 'app', maxInstances: 2 }));
  deployer = deployerFor(app, caddy, { drainMs: 500 });
});

afterAll(async () => {
  await app?.close();
  await removeDeployLeftovers(docker, [projectId], { name: `${runId}-caddy`, network: `${runId}-proxy` });
});

const instances = () => app.services.containers.list('local').filter((c) => c.stageId === stageId && c.state !== 'missing');

describe('blue-green deploys', () => {
  it('deploys v1 and routes the stage to it', async () => {
    const record = await deployer.deploy({ stageId, imageTag: 'v1' });
    expect(record).toMatchObject({ status: 'succeeded', error: null, imageDigest: expect.stringMatching(/^sha256:/) });
    expect(record.steps.map((s) => s.step)).toEqual(['image', 'proxy', 'placeholder', 'create', 'start', 'health', 'route', 'drain', 'cleanup']);
    await waitFor('v1 served', async () => {
      const a = await get();
      return 'body' in a && a.body === 'v1';
    });
  });

  it('switches to v2 with zero failed requests under steady load, and stops v1 after draining', async () => {
    let record: Awaited<ReturnType<Deployer['deploy']>> | undefined;
    const answers = await underLoad(async () => {
      record = await deployer.deploy({ stageId, imageTag: 'v2' });
    });
    expect(record?.status).toBe('succeeded');
    expect(answers.length).toBeGreaterThan(50);
    expect(failures(answers)).toEqual([]);
    const b = bodies(answers);
    expect(b[0]).toBe('v1');
    expect(b.at(-1)).toBe('v2');
    expect(b.slice(b.indexOf('v2'))).not.toContain('v1');
    await waitFor('v1 stopped', () => instances().some((c) => c.image === 'tinyforge-test/app:v1' && c.state === 'exited'));
    // Stopped by SIGTERM through the container's init (143), not killed after the grace (137):
    // busybox httpd runs as the image's main process and has no SIGTERM handler of its own.
    const v1 = instances().find((c) => c.image === 'tinyforge-test/app:v1' && c.state === 'exited')!;
    expect((await docker.getContainer(v1.dockerId).inspect()).State.ExitCode).toBe(143);
  });

  it('refuses a second deploy of the stage while one runs', async () => {
    const first = deployer.deploy({ stageId, imageTag: 'v1' });
    await new Promise((r) => setTimeout(r, 20));
    await expect(deployer.deploy({ stageId, imageTag: 'v2' })).rejects.toMatchObject({ code: 'DEPLOY_IN_PROGRESS' });
    expect((await first).status).toBe('succeeded');
    // Three instances were kept at most two: the oldest stopped one went.
    await waitFor('max_instances', () => instances().length === 2);
  });

  it('undoes a deploy whose health check never passes: the stage keeps serving, nothing is left', async () => {
    app.services.db.prepare("UPDATE stages SET health_check_path = '/never', health_timeout_sec = 2 WHERE id = ?").run(stageId);
    const before = instances()
      .map((c) => c.id)
      .sort();
    let record: Awaited<ReturnType<Deployer['deploy']>> | undefined;
    const answers = await underLoad(async () => {
      record = await deployer.deploy({ stageId, imageTag: 'v2' });
    });
    expect(record).toMatchObject({ status: 'failed', error: expect.stringMatching(/health check \/never did not pass within 2 s/) });
    expect(failures(answers)).toEqual([]);
    expect(new Set(bodies(answers))).toEqual(new Set(['v1']));
    await app.handlers['reconcile.now']({ hostId: 'local' });
    expect(
      instances()
        .map((c) => c.id)
        .sort(),
    ).toEqual(before);
    const leftovers = await docker.listContainers({ all: true, filters: { name: [record!.id.slice(0, 8)] } });
    expect(leftovers).toEqual([]);
  });

  it('rolls back to the previous image by digest, with zero failed requests', async () => {
    app.services.db.prepare("UPDATE stages SET health_check_path = '/health', health_timeout_sec = 10 WHERE id = ?").run(stageId);
    const deploys = new DeployRepo(app.services.db);
    const [previous, current] = deploys.images(stageId).slice(-2);
    expect(previous!.imageDigest).not.toBe(current!.imageDigest);
    let record: Awaited<ReturnType<Deployer['rollback']>> | undefined;
    const answers = await underLoad(async () => {
      record = await deployer.rollback(stageId);
    });
    expect(record).toMatchObject({ kind: 'rollback', status: 'succeeded', imageDigest: previous!.imageDigest });
    expect(failures(answers)).toEqual([]);
    expect(bodies(answers).at(-1)).toBe('v2');
  });

  it("promotes one stage's exact image to another stage of the project", async () => {
    const project = app.services.workloads.get(projectId);
    const staging = app.services.db
      .prepare(
        "INSERT INTO stages (id, project_id, name, image_tag, env, port, health_check_path, health_timeout_sec, subdomain, max_instances, position) VALUES ('staging-' || lower(hex(randomblob(4))), ?, 'staging', 'v1', '{}', 80, '/health', 10, 'staging', 2, 1) RETURNING id",
      )
      .get(project.id) as { id: string };
    expect((await deployer.deploy({ stageId: staging.id, imageTag: 'v1' })).status).toBe('succeeded');
    const v1 = new DeployRepo(app.services.db).images(staging.id).at(-1)!.imageDigest;
    const promoted = await deployer.promote(staging.id, stageId);
    expect(promoted).toMatchObject({ kind: 'promote', status: 'succeeded', imageDigest: v1 });
    await waitFor('production serves v1', async () => {
      const a = await get();
      return 'body' in a && a.body === 'v1';
    });
    await expect(deployer.rollback(staging.id)).rejects.toThrow(/no earlier successful image/);
  });
});
