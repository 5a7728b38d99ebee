// Deploys through the contract, as the renderer will use them: start answers at once and progress
// arrives as deploys.changed events; refusals are specific; an unfinished deploy left in the
// database is settled when the app starts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import type { App } from '../app';
import { dispatchCall } from '../rpc/handlers';
import { DOCKER_SOCKET, newRunId, testDocker, waitFor } from '../testing/dockerHost';
import { createAppProject, removeDeployLeftovers, testProxy } from '../testing/deployHarness';
import { stageDeploy, tempDir } from '../testing/fixtures';

const docker = testDocker();
const runId = newRunId();
const dataDir = tempDir();
const proxy = testProxy(runId);
let app: App;
let projectId = '';
let stageId = '';
const changes: { deployId: string; status: string }[] = [];

const open = () =>
  createApp({
    dataDir,
    shell: 'browser',
    dockerSocketPath: DOCKER_SOCKET,
    resyncIntervalMs: 60_000,
    log: () => {},
    proxy,
    deploy: { drainMs: 200, stopTimeoutSec: 1 },
  });
const call = (name: string, input: unknown) => dispatchCall(app.handlers, name, input, { connectionId: 'test' });

beforeAll(async () => {
  app = await open();
  await waitFor('docker up', () => app.services.runtime('local')?.connection.status.state === 'up');
  ({ projectId, stageId } = await createAppProject(app, `api-${runId.slice(-6)}`, { subdomain: 'api' }));
  app.events.subscribe((event, payload) => {
    if (event === 'deploys.changed') changes.push(payload as { deployId: string; status: string });
  });
});

afterAll(async () => {
  await app?.close();
  await removeDeployLeftovers(docker, [projectId], proxy);
});

describe('deploys through the contract', () => {
  it('starts a deploy at once, reports each step as an event, and lists it when done', async () => {
    const started = await call('deploys.start', { stageId, imageTag: 'v1' });
    expect(started).toMatchObject({ ok: true, value: { status: 'running', kind: 'deploy', image: 'tinyforge-test/app:v1' } });
    const id = started.ok ? (started.value as { id: string }).id : '';
    await waitFor('succeeded', () => changes.some((c) => c.deployId === id && c.status === 'succeeded'), 30_000);
    expect(changes.filter((c) => c.deployId === id).length).toBeGreaterThanOrEqual(8);
    const list = await call('deploys.list', { stageId });
    expect(list).toMatchObject({ ok: true, value: [{ id, status: 'succeeded', imageDigest: expect.stringMatching(/^sha256:/) }] });
    expect(JSON.stringify(list)).not.toMatch(/newContainerId|oldContainerId/);
    const recent = await call('deploys.recent', { limit: 5 });
    expect(recent).toMatchObject({ ok: true, value: [{ id, workloadName: expect.stringMatching(/^api-/), stageName: 'production', status: 'succeeded' }] });
    expect(JSON.stringify(recent)).not.toMatch(/newContainerId|oldContainerId/);
    expect(await call('deploys.recent', { limit: 0 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('refuses clearly: a second deploy in progress, an unknown stage, promote to itself, nothing to roll back to', async () => {
    const first = await call('deploys.start', { stageId, imageTag: 'v2' });
    expect(first.ok).toBe(true);
    expect(await call('deploys.start', { stageId, imageTag: 'v1' })).toMatchObject({ ok: false, error: { code: 'DEPLOY_IN_PROGRESS' } });
    expect(await call('deploys.start', { stageId: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('deploys.start', { stageId, imageTag: 'bad tag!' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await call('deploys.promote', { fromStageId: stageId, toStageId: stageId })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const id = first.ok ? (first.value as { id: string }).id : '';
    await waitFor('second deploy done', () => changes.some((c) => c.deployId === id && c.status !== 'running'), 30_000);
  });

  it('settles a deploy a crash left running when the app starts again', async () => {
    const before = app.services.deploys.start(stageDeploy(projectId, stageId, 'tinyforge-test/app:v1'));
    await app.close();
    app = await open();
    expect(app.services.deploys.get(before.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/^interrupted: /) });
    expect(app.services.deploys.running()).toEqual([]);
  });
});
