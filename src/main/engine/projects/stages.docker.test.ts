// Stage editing through the contract against the real dockerd and a real Caddy: a renamed stage
// keeps its containers (the reconciler does not detach them), its route (moved to the new host
// name, still serving) and its history (rollback still works); bad input and unsafe removals are
// refused and change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDeployLeftovers, testProxy } from '../testing/deployHarness';
import { getVia } from '../testing/proxyClient';
import { createApp } from '../app';
import type { App } from '../app';
import { dispatchCall } from '../rpc/handlers';
import { DOCKER_SOCKET, newRunId, testDocker, waitFor } from '../testing/dockerHost';
import { tempDir } from '../testing/fixtures';
import type { DeployView, ProjectView, RoutesView, StageImageView } from '../../../shared/types';

const docker = testDocker();
const runId = newRunId();
const proxy = testProxy(runId);
const projectName = `web-${runId.slice(-6)}`;
let app: App;
let project: ProjectView;

async function call<T>(name: string, input: unknown): Promise<T> {
  const answer = await dispatchCall(app.handlers, name, input, { connectionId: 'test' });
  if (!answer.ok) throw new Error(`${name}: ${answer.error.code} ${answer.error.message}`);
  return answer.value as T;
}
const refusal = async (name: string, input: unknown) => {
  const answer = await dispatchCall(app.handlers, name, input, { connectionId: 'test' });
  return answer.ok ? null : answer.error;
};

async function deployed(started: DeployView): Promise<DeployView> {
  await waitFor(`deploy ${started.id}`, () => app.services.deploys.get(started.id).status !== 'running', 30_000);
  const [done] = await call<DeployView[]>('deploys.list', { stageId: started.stageId });
  return done!;
}

/** GET / through Caddy with a Host header (fetch cannot set one). */
async function viaProxy(host: string): Promise<string> {
  const info = await docker.getContainer(`${proxy.name}-front`).inspect();
  const answer = await getVia(`127.0.0.1:${info.NetworkSettings.Ports['80/tcp']?.[0]?.HostPort}`, host);
  if ('error' in answer) throw new Error(answer.error);
  return `${answer.status} ${answer.body}`;
}

const stageRows = (stageId: string) => app.services.containers.list('local').filter((c) => c.stageId === stageId && c.state !== 'missing');
const stage = (name: string) => project.stages.find((s) => s.name === name)!;
const base = { env: {}, port: 80, healthCheckPath: '/health', healthTimeoutSec: 15, maxInstances: 2 };

beforeAll(async () => {
  app = await createApp({
    dataDir: tempDir(),
    shell: 'browser',
    dockerSocketPath: DOCKER_SOCKET,
    resyncIntervalMs: 60_000,
    log: () => {},
    proxy,
    deploy: { drainMs: 200, stopTimeoutSec: 1 },
  });
  await waitFor('docker up', () => app.services.runtime('local')?.connection.status.state === 'up');
  project = await call<ProjectView>('workloads.createProject', {
    name: projectName,
    imageRepository: 'tinyforge-test/app',
    stages: [
      { ...base, name: 'staging', imageTag: 'v1', subdomain: null },
      { ...base, name: 'production', imageTag: 'v1', subdomain: `prod-${runId.slice(-6)}` },
    ],
  });
});

afterAll(async () => {
  await app?.close();
  await removeDeployLeftovers(docker, [project?.id ?? ''], proxy);
});

describe('stage editing', () => {
  it('renames a stage: its container stays on it, its route moves to the new host and serves, rollback still works', async () => {
    const staging = stage('staging');
    expect((await deployed(await call('deploys.start', { stageId: staging.id, imageTag: 'v1' }))).status).toBe('succeeded');
    expect((await deployed(await call('deploys.start', { stageId: staging.id, imageTag: 'v2' }))).status).toBe('succeeded');
    expect(await viaProxy(`staging-${projectName}.localhost`)).toBe('200 v2');
    const before = stageRows(staging.id)
      .map((c) => c.id)
      .sort();

    project = await call<ProjectView>('stages.update', { stageId: staging.id, stage: { ...base, name: 'preview', imageTag: 'v2', subdomain: null } });
    expect(project.stages.map((s) => [s.id, s.name])).toContainEqual([staging.id, 'preview']);
    // A full pass reads the old name from the labels: the rows must stay on the stage all the same.
    await call('reconcile.now', { hostId: 'local' });
    expect(
      stageRows(staging.id)
        .map((c) => c.id)
        .sort(),
    ).toEqual(before);
    expect(stageRows(staging.id).every((c) => c.role === 'preview')).toBe(true);
    expect(await viaProxy(`preview-${projectName}.localhost`)).toBe('200 v2');
    // The move kept the route's active health checks (the proxy stops sending to a sick instance).
    const moved = (await app.services.proxy('local').listRoutes()).find((r) => r.host === `preview-${projectName}.localhost`);
    expect(moved?.healthPath).toBe('/health');

    const routes = await call<RoutesView>('routes.list', { workloadId: project.id });
    expect(routes).toMatchObject({
      proxyError: null,
      routes: [{ stageId: staging.id, stageName: 'preview', host: `preview-${projectName}.localhost`, proxy: 'held' }],
    });

    const images = await call<StageImageView[]>('deploys.images', { stageId: staging.id });
    expect(images.map((i) => [i.image, i.current, i.rollbackTarget, i.presence])).toEqual([
      ['tinyforge-test/app:v2', true, false, 'present'],
      ['tinyforge-test/app:v1', false, true, 'present'],
    ]);

    const rolledBack = await deployed(await call('deploys.rollback', { stageId: staging.id }));
    expect(rolledBack).toMatchObject({ kind: 'rollback', status: 'succeeded' });
    expect(await viaProxy(`preview-${projectName}.localhost`)).toBe('200 v1');
    await call('reconcile.now', { hostId: 'local' });
    expect(stageRows(staging.id).filter((c) => c.state === 'running')).toHaveLength(1);
  });

  it('refuses bad input with field errors and unknown ids with NOT_FOUND, changing nothing', async () => {
    const preview = stage('preview');
    const saved = JSON.stringify(app.services.workloads.get(project.id));
    expect(await refusal('stages.update', { stageId: preview.id, stage: { ...base, name: 'Bad Name', port: 70_000, subdomain: null } })).toMatchObject({
      code: 'VALIDATION',
      issues: expect.arrayContaining([expect.objectContaining({ path: 'stage.name' }), expect.objectContaining({ path: 'stage.port' })]),
    });
    expect(await refusal('stages.update', { stageId: preview.id, stage: { ...base, name: 'production', subdomain: null } })).toMatchObject({
      code: 'VALIDATION',
      issues: [{ path: 'stage.name', message: 'is already used by another stage of this project' }],
    });
    expect(await refusal('stages.add', { workloadId: project.id, stage: { ...base, name: 'production' } })).toMatchObject({ code: 'VALIDATION' });
    expect(await refusal('stages.update', { stageId: 'nope', stage: { ...base, name: 'x' } })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal('stages.add', { workloadId: 'nope', stage: { ...base, name: 'x' } })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal('stages.remove', { stageId: 'nope' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal('deploys.images', { stageId: 'nope' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal('routes.list', { workloadId: 'nope' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(JSON.stringify(app.services.workloads.get(project.id))).toBe(saved);
  });

  it('refuses to edit or remove a stage while it deploys, and to remove one whose instance runs', async () => {
    const preview = stage('preview');
    const running = await call<DeployView>('deploys.start', { stageId: preview.id, imageTag: 'v2' });
    expect(await refusal('stages.update', { stageId: preview.id, stage: { ...base, name: 'later', subdomain: null } })).toMatchObject({
      code: 'DEPLOY_IN_PROGRESS',
    });
    expect(await refusal('stages.remove', { stageId: preview.id })).toMatchObject({ code: 'DEPLOY_IN_PROGRESS' });
    await deployed(running);
    const refused = await refusal('stages.remove', { stageId: preview.id });
    expect(refused).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/running instance.*Stop them first/) });
    expect(app.services.workloads.get(project.id)).toMatchObject({ stages: expect.arrayContaining([expect.objectContaining({ id: preview.id })]) });
  });

  it('removes a stopped stage with its containers and route; never the last stage', async () => {
    const preview = stage('preview');
    for (const row of stageRows(preview.id).filter((c) => c.state === 'running')) {
      await call('containers.stop', { id: row.id, workloadId: project.id, stageId: preview.id });
    }
    await waitFor('stopped', () => stageRows(preview.id).every((c) => c.state !== 'running'));
    const dockerIds = stageRows(preview.id).map((c) => c.dockerId);
    project = await call<ProjectView>('stages.remove', { stageId: preview.id });
    expect(project.stages.map((s) => s.name)).toEqual(['production']);
    for (const id of dockerIds) await expect(docker.getContainer(id).inspect()).rejects.toMatchObject({ statusCode: 404 });
    // Caddy answers an unrouted host with an empty 200: the route's absence shows in its own list.
    expect((await app.services.proxy('local').listRoutes()).map((r) => r.id)).not.toContain(preview.id);
    expect(await viaProxy(`preview-${projectName}.localhost`)).not.toMatch(/v1|v2/);
    expect(await refusal('stages.remove', { stageId: stage('production').id })).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/only stage/),
    });

    project = await call<ProjectView>('stages.add', { workloadId: project.id, stage: { ...base, name: 'qa', subdomain: null } });
    expect(project.stages.map((s) => s.name)).toEqual(['production', 'qa']);
  });
});
