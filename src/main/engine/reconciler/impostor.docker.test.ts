// Labels are claims, not proof. Anyone with the Docker socket can start a container that carries a
// stage's labels on the stage's network; before provenance, the reconciler adopted it as an instance
// and the proxy reconcile moved the stage's route to it once the real instance stopped. Here the
// attack from the issue runs against the real dockerd and a real Caddy: the route never points at
// the impostor, deploys neither count nor clean it up, Home flags it, and only a recorded user action
// trusts it.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import { workloadNetwork } from '../docker/labels';
import { LABEL } from '../docker/labels';
import type { CaddyDriver } from '../proxy/caddyDriver';
import { createAppProject, openDeployApp, removeDeployLeftovers, testProxy } from '../testing/deployHarness';
import { TEST_RUN_LABEL, newRunId, testDocker, waitFor } from '../testing/dockerHost';
import { getVia } from '../testing/proxyClient';

const docker = testDocker();
const runId = newRunId();
const proxyNames = testProxy(runId);
const impostorName = `${runId}-impostor`;
const legacyName = `${runId}-legacy`;
let app: App;
let projectId = '';
let stageId = '';

const rowNamed = (name: string) => app.services.containers.list('local').find((c) => c.name === name);
const routedDockerIds = () =>
  (app.services.db.prepare('SELECT docker_id AS d FROM containers WHERE stage_id = ? AND proxy_route_id IS NOT NULL').all(stageId) as { d: string }[]).map(
    (r) => r.d,
  );
async function body(): Promise<string> {
  const address = (app.services.proxy('local') as CaddyDriver).httpAddress;
  if (!address) return 'no proxy';
  const answer = await getVia(address, 'imp.localhost');
  return 'body' in answer ? `${answer.status} ${answer.body}` : `error ${answer.error}`;
}

/** What `docker run -d --network <stage network> -l ...` does: a container that claims the stage. */
function runImpostor(name: string, labels: Record<string, string>): string {
  const args = ['run', '-d', '--name', name, '--network', workloadNetwork(projectId), '-l', `${TEST_RUN_LABEL}=${runId}`];
  for (const [k, v] of Object.entries(labels)) args.push('-l', `${k}=${v}`);
  return execFileSync('docker', [...args, 'tinyforge-test/app:v2'], { encoding: 'utf8' }).trim();
}

beforeAll(async () => {
  app = await openDeployApp(proxyNames);
  ({ projectId, stageId } = await createAppProject(app, `imp-${runId.slice(-6)}`, { subdomain: 'imp', maxInstances: 2 }));
  expect((await app.services.deployer('local').deploy({ stageId, imageTag: 'v1' })).status).toBe('succeeded');
  await waitFor('v1 served', async () => (await body()) === '200 v1');
}, 60_000);

afterAll(async () => {
  await app?.close();
  for (const name of [impostorName, legacyName])
    await docker
      .getContainer(name)
      .remove({ force: true })
      .catch(() => undefined);
  await removeDeployLeftovers(docker, [projectId], proxyNames);
});

describe('a container that only claims a stage by its labels', () => {
  let impostorDockerId = '';
  let servingDockerId = '';

  it('is shown as unverified and flagged on Home, with its name, image and when it appeared', async () => {
    impostorDockerId = runImpostor(impostorName, {
      [LABEL.managed]: 'true',
      [LABEL.workloadId]: projectId,
      [LABEL.workloadKind]: 'project',
      [LABEL.role]: 'production',
    });
    const row = await waitFor('impostor listed', () => rowNamed(impostorName));
    expect(row).toMatchObject({ provenance: 'unverified', workloadId: projectId, stageId, trustedAt: null });
    const health = await app.handlers['system.health']({});
    expect(health.unverified.count).toBe(1);
    expect(health.unverified.oldest.map((c) => [c.name, c.image, c.provenance])).toEqual([[impostorName, 'tinyforge-test/app:v2', 'unverified']]);
    expect(health.unverified.oldest[0]!.firstSeenAt).toBeGreaterThan(0);
  });

  it('never gets the route when the real instance stops: the proxy reconcile passes it over', async () => {
    servingDockerId = routedDockerIds()[0]!;
    execFileSync('docker', ['stop', '-t', '1', servingDockerId]);
    await waitFor('stop seen', () => app.services.containers.list('local').some((c) => c.dockerId === servingDockerId && c.state === 'exited'));
    // Several passes and proxy reconciles: each would have moved the route before provenance.
    const answers: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      await app.services.runtime('local')!.reconciler.trigger(true);
      await app.services.proxyReconciler('local').trigger();
      answers.push(await body());
    }
    expect(answers.filter((a) => a.includes('v2'))).toEqual([]);
    const routes = await app.services.proxy('local').listRoutes();
    expect(routes.map((r) => r.upstream.host)).not.toContain(impostorName);
    expect(routedDockerIds()).toEqual([servingDockerId]);
    execFileSync('docker', ['start', servingDockerId]);
    await waitFor('v1 served again', async () => (await body()) === '200 v1');
  }, 60_000);

  it('is neither drained nor cleaned up nor counted by a deploy of its stage', async () => {
    // max_instances 2: two deploys would remove every older instance of the stage but one.
    for (let i = 0; i < 2; i += 1) expect((await app.services.deployer('local').deploy({ stageId, imageTag: 'v1' })).status).toBe('succeeded');
    const impostor = await docker.getContainer(impostorDockerId).inspect();
    expect(impostor.State.Running).toBe(true);
    const verified = app.services.deployerRows.instances(stageId, 'local');
    expect(verified.map((i) => i.dockerId)).not.toContain(impostorDockerId);
    expect(verified.length).toBeLessThanOrEqual(2);
    expect(await body()).toBe('200 v1');
  }, 60_000);

  it('is trusted only by an explicit call naming its workload, recorded, and reversibly', async () => {
    const row = rowNamed(impostorName)!;
    const other = await app.handlers['workloads.createProject']({
      hostId: 'local',
      name: `other-${runId.slice(-6)}`,
      imageRepository: 'acme/other',
      stages: [],
    });
    const trust = async (input: { id: string; workloadId: string; trusted: boolean }) => app.handlers['containers.trust'](input);
    await expect(trust({ id: row.id, workloadId: other.id, trusted: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const created = app.services.containers.list('local').find((c) => c.stageId === stageId && c.provenance === 'created')!;
    await expect(trust({ id: created.id, workloadId: projectId, trusted: false })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(rowNamed(impostorName)!.provenance).toBe('unverified');

    const trusted = await app.handlers['containers.trust']({ id: row.id, workloadId: projectId, trusted: true });
    expect(trusted).toMatchObject({ provenance: 'trusted', trustedAt: expect.any(Number) });
    expect(app.services.deployerRows.instances(stageId, 'local').map((i) => i.dockerId)).toContain(impostorDockerId);
    expect((await app.handlers['system.health']({})).unverified).toEqual({ count: 0, oldest: [] });

    expect(await app.handlers['containers.trust']({ id: row.id, workloadId: projectId, trusted: false })).toMatchObject({
      provenance: 'unverified',
      trustedAt: null,
    });
    const log = app.services.db.prepare('SELECT action, name, image FROM container_trust_log WHERE docker_id = ? ORDER BY id').all(impostorDockerId);
    expect(log).toEqual([
      { action: 'trusted', name: impostorName, image: 'tinyforge-test/app:v2' },
      { action: 'untrusted', name: impostorName, image: 'tinyforge-test/app:v2' },
    ]);
    await app.handlers['workloads.delete']({ id: other.id });
  });

  it('can be removed by the user', async () => {
    const row = rowNamed(impostorName)!;
    await app.handlers['containers.remove']({ id: row.id, workloadId: projectId });
    await expect(docker.getContainer(impostorDockerId).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('adopts a container of an older tinyforge (legacy label) once, as unverified', async () => {
    runImpostor(legacyName, { [LABEL.legacyInstanceId]: projectId, [LABEL.role]: 'production' });
    const row = await waitFor('legacy listed', () => rowNamed(legacyName));
    expect(row.provenance).toBe('unverified');
    expect(app.services.deployerRows.instances(stageId, 'local').map((i) => i.name)).not.toContain(legacyName);
  });
});
