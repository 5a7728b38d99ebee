// Registry watch as a user meets it: a stage deployed from the push registry on 127.0.0.1:5002 is
// set to "show updates" from its card; a new digest pushed under its tag shows as "Update
// available" on the stage, on its container in the workload's list, on the Containers page and in
// the container's detail panel; switching the stage to "deploy automatically" deploys it and the
// badge goes. A stack's services have their own watch. English and Russian; screenshots in e2e/artifacts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCKER_SOCKET, newRunId, testDocker, waitFor } from '../src/main/engine/testing/dockerHost';
import { removeDeployLeftovers, testProxy } from '../src/main/engine/testing/deployHarness';
import { PUSH_REGISTRY, publish, pushRegistryAnswers } from '../src/main/engine/testing/pushRegistry';
import { startHarness } from './harness';
import type { Harness } from './harness';

const docker = testDocker();
const runId = newRunId();
const proxy = testProxy(runId);
const prefix = `tf-regwatch-e2e-${runId.slice(-8)}`;
const repository = `${PUSH_REGISTRY}/${prefix}/web`;
const projectIds: string[] = [];
let h: Harness;
let projectId = '';
let stageId = '';
let stackId = '';
let v2 = '';

async function setLanguage(language: 'en' | 'ru'): Promise<void> {
  // The language reaches an open page: open one first.
  if (h.page.url() === 'about:blank') await h.open('#/');
  await h.app.handlers['settings.update']({ language });
  await expect.poll(() => h.page.locator('html').getAttribute('lang')).toBe(language);
}

beforeAll(async () => {
  await pushRegistryAnswers();
  h = await startHarness({ dockerSocketPath: DOCKER_SOCKET, proxy, deploy: { drainMs: 200, stopTimeoutSec: 1 }, registryWatch: { intervalMs: 1_000 } });
  await waitFor('docker up', () => h.app.services.runtime('local')?.connection.status.state === 'up');
  await publish('tinyforge-test/app:v1', repository, 'live');
  const project = await h.app.handlers['workloads.createProject']({
    hostId: 'local',
    name: `${prefix}-web`,
    imageRepository: repository,
    stages: [
      {
        name: 'production',
        imageTag: 'live',
        env: {},
        port: 80,
        healthCheckPath: '/health',
        healthTimeoutSec: 10,
        subdomain: `${prefix}-web`,
        maxInstances: 2,
      },
    ],
  });
  projectId = project.id;
  projectIds.push(project.id);
  stageId = project.kind === 'project' ? project.stages[0]!.id : '';
  const { done } = h.app.services.deployer('local').begin({ stageId });
  expect((await done).status).toBe('succeeded');
  const stack = await h.app.handlers['workloads.createStack']({
    hostId: 'local',
    name: `${prefix}-stack`,
    composeProjectName: `${prefix}-stack`.replace(/[^a-z0-9-]/g, '-'),
    composeFile: `services:\n  web:\n    image: ${repository}:live\n  worker:\n    image: ${repository}:\${WORKER_TAG}\n`,
    envFile: 'WORKER_TAG=live\n',
    allowHostAccess: false,
  });
  stackId = stack.id;
  projectIds.push(stack.id);
}, 120_000);

afterAll(async () => {
  await h?.close();
  await removeDeployLeftovers(docker, projectIds, proxy);
});

const stageCard = () => h.page.locator(`[data-testid="stage-card"][data-stage-id="${stageId}"]`);

describe('registry watch in the UI', () => {
  it('shows an update pushed under the watched tag, on the stage, its containers and the detail panel', async () => {
    await setLanguage('en');
    await h.open(`#/workloads/${projectId}`);
    await stageCard().locator('[data-testid="watch-mode"]').selectOption('notify');
    await expect.poll(() => stageCard().locator('[data-testid="watch-state"]').getAttribute('data-state'), { timeout: 15_000 }).toBe('current');

    v2 = await publish('tinyforge-test/app:v2', repository, 'live');
    await expect.poll(() => stageCard().locator('[data-testid="watch-state"]').getAttribute('data-state'), { timeout: 15_000 }).toBe('update');
    expect(await stageCard().locator('[data-testid="watch-available"]').getAttribute('title')).toBe(v2);
    await expect.poll(() => h.page.locator('[data-testid="workload-containers"] [data-testid="update-badge"]').count()).toBe(1);
    await stageCard().scrollIntoViewIfNeeded();
    await h.screenshot('registry-watch-stage-update-en');
    // Notify only: nothing was deployed.
    expect(h.app.services.deploys.history(stageId)).toHaveLength(1);

    await h.open('#/containers?kind=project');
    const row = h.page.locator('[data-testid="container-row"]', { has: h.page.locator('[data-testid="update-badge"]') });
    await expect.poll(() => row.count()).toBe(1);
    await h.screenshot('registry-watch-containers-en');

    await row.locator('[data-testid="container-detail-link"]').click();
    await expect.poll(() => h.page.locator('[data-testid="detail-update"]').getAttribute('data-state')).toBe('update');
    await h.screenshot('registry-watch-detail-en');

    await setLanguage('ru');
    await expect.poll(() => h.page.locator('[data-testid="detail-update"]').textContent()).toContain('Есть обновление: тег теперь указывает на');
    await h.screenshot('registry-watch-detail-ru');
    await h.open('#/containers?kind=project');
    await expect.poll(() => h.page.locator('[data-testid="update-badge"]').first().textContent()).toBe('Обновление');
    await h.screenshot('registry-watch-containers-ru');
    await h.open(`#/workloads/${projectId}`);
    await expect.poll(() => stageCard().locator('[data-testid="watch-state"]').textContent()).toBe('Есть обновление');
    await stageCard().scrollIntoViewIfNeeded();
    await h.screenshot('registry-watch-stage-update-ru');
  }, 120_000);

  it('deploys the waiting update when the stage is switched to deploy automatically', async () => {
    await setLanguage('en');
    await h.open(`#/workloads/${projectId}`);
    await stageCard().locator('[data-testid="watch-mode"]').selectOption('deploy');
    await expect.poll(() => stageCard().locator('[data-testid="watch-state"]').getAttribute('data-state'), { timeout: 60_000 }).toBe('current');
    // Until the old instance is drained both digests run; then only the new one.
    await expect.poll(() => stageCard().locator('[data-testid="watch-running"]').getAttribute('title'), { timeout: 60_000 }).toBe(v2);
    await expect.poll(() => h.page.locator('[data-testid="update-badge"]').count()).toBe(0);
    expect(h.app.services.deploys.history(stageId)[0]!.image).toBe(`${repository}@${v2}`);
    expect(h.app.services.deploys.history(stageId)).toHaveLength(2);
    const drained = await waitFor(
      'the old instance stopped',
      () => h.app.services.containers.listByWorkload(projectId).find((c) => c.state === 'exited'),
      20_000,
    );
    await new Promise((r) => setTimeout(r, 1_000));
    expect(h.app.services.containers.listByWorkload(projectId).find((c) => c.id === drained.id)?.stopKind).toBe('app');
    await stageCard().scrollIntoViewIfNeeded();
    await h.screenshot('registry-watch-stage-deployed-en');
    await setLanguage('ru');
    await h.screenshot('registry-watch-stage-deployed-ru');
  }, 120_000);

  it("lists a stack's services with a watch each, the image read through the .env", async () => {
    for (const language of ['en', 'ru'] as const) {
      await setLanguage(language);
      await h.open(`#/workloads/${stackId}`);
      const services = h.page.locator('[data-testid="service-watch"]');
      await expect.poll(() => services.count()).toBe(2);
      const web = h.page.locator('[data-testid="service-watch"][data-service="web"]');
      await web.locator('[data-testid="watch-mode"]').selectOption('notify');
      await expect.poll(() => web.locator('[data-testid="watch-panel"]').getAttribute('data-mode')).toBe('notify');
      await expect.poll(() => web.locator('[data-testid="watch-available"]').getAttribute('title'), { timeout: 15_000 }).toBe(v2);
      // The stack was never deployed: nothing runs, so no update is claimed.
      expect(await web.locator('[data-testid="watch-state"]').getAttribute('data-state')).toBe('unknown');
      expect(await web.locator('[data-testid="watch-state"]').textContent()).toBe(
        language === 'en' ? 'Nothing runs to compare with' : 'Не с чем сравнить: ничего не запущено',
      );
      await h.page.locator('[data-testid="stack-watch"]').scrollIntoViewIfNeeded();
      await h.screenshot(`registry-watch-stack-${language}`);
      await web.locator('[data-testid="watch-mode"]').selectOption('off');
      await expect.poll(() => web.locator('[data-testid="watch-panel"]').getAttribute('data-mode')).toBe('off');
    }
  }, 120_000);

  it('has the check interval in Settings', async () => {
    for (const language of ['en', 'ru'] as const) {
      await setLanguage(language);
      await h.open('#/settings');
      await expect.poll(() => h.page.locator('input[name="registryWatchIntervalMin"]').inputValue()).toBe('15');
      await h.screenshot(`registry-watch-settings-${language}`);
    }
  });
});
