// Stats end to end: real dockerd, real engine, browser shell, Debian's Chromium. A busy and an idle
// container of a project are sampled; the workload's stacked charts draw their points (with a
// deploy marked), the Containers table shows live CPU and memory, the Hosts page a host chart,
// Settings the history's size; and all of it reads in Russian too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalLabels } from '../src/main/engine/docker/labels';
import { DeployRepo } from '../src/main/engine/store/deployRepo';
import { DOCKER_SOCKET, newRunId, removeRun, runContainer, testDocker, waitFor } from '../src/main/engine/testing/dockerHost';
import { startHarness } from './harness';
import type { Harness } from './harness';

const docker = testDocker();
const runId = newRunId();
let h: Harness;
let workloadId: string;

const chart = (testId: string) => h.page.getByTestId('stats-panel-workload').getByTestId(testId);
const points = async (testId: string) => Number(await chart(testId).getAttribute('data-points'));

beforeAll(async () => {
  h = await startHarness({ dockerSocketPath: DOCKER_SOCKET, statsTickMs: 1_000 });
  await waitFor('docker up', () => h.app.services.runtime('local')?.connection.status.state === 'up');
  const project = await h.app.handlers['workloads.createProject']({
    hostId: 'local',
    name: 'shop',
    imageRepository: 'acme/shop',
    stages: [{ name: 'production', imageTag: 'latest', env: {}, port: 80, healthCheckPath: null, healthTimeoutSec: 60, subdomain: null, maxInstances: 2 }],
  });
  workloadId = project.id;
  const stageId = project.kind === 'project' ? project.stages[0]!.id : '';
  for (const [suffix, cmd] of [
    ['busy', ['sh', '-c', 'while :; do :; done']],
    ['idle', ['sleep', '3600']],
  ] as const) {
    const name = `${runId}-${suffix}`;
    await runContainer(docker, runId, { name, labels: canonicalLabels(project.id, 'project', 'production'), cmd: [...cmd] });
    await h.app.handlers['reconcile.now']({ hostId: 'local' });
    const row = await waitFor(`row ${name}`, () => h.app.services.containers.list().find((c) => c.name === name && c.state === 'running'));
    // Owned by the app's record, as a deploy would have made it.
    h.app.services.containers.setTrust(row, true, Date.now());
  }
  h.app.services.scope('local').statsCollector().sync();
  const ticks = async () => (await h.app.handlers['stats.history']({ scope: 'workload', id: project.id, range: '1h' })).times.length;
  await waitFor('a few ticks', async () => (await ticks()) >= 3, 20_000);
  // A deploy that finishes now, between samples, so its marker falls inside the drawn time range.
  const deploys = new DeployRepo(h.app.services.db);
  const run = deploys.start({
    hostId: 'local',
    workloadId: project.id,
    targetKey: stageId,
    stageId,
    kind: 'deploy',
    image: 'acme/shop:2',
    oldContainerId: null,
  });
  deploys.finish(run.id, 'succeeded', null);
  const atDeploy = await ticks();
  await waitFor('ticks after the deploy', async () => (await ticks()) >= atDeploy + 2, 20_000);
}, 60_000);

afterAll(async () => {
  await removeRun(docker, runId);
  await h?.close();
});

describe('stats charts', () => {
  it('draw a workload stacked by container, with a deploy marked, and stay live', async () => {
    await h.open(`#/workloads/${workloadId}`);
    await expect.poll(() => chart('stats-chart-cpu').count(), { timeout: 10_000 }).toBe(1);
    expect(await chart('stats-chart-cpu').getAttribute('data-series')).toBe('2');
    expect(await chart('stats-chart-mem').getAttribute('data-series')).toBe('2');
    const before = await points('stats-chart-cpu');
    expect(before).toBeGreaterThanOrEqual(3);
    expect(await chart('stats-chart-cpu').locator('canvas').count()).toBe(1);
    // Live: new ticks arrive as events and extend the chart without a reload.
    await expect.poll(() => points('stats-chart-cpu'), { timeout: 10_000 }).toBeGreaterThan(before);
    await h.page.getByTestId('stats-panel-workload').scrollIntoViewIfNeeded();
    await h.screenshot('stats-workload-en');
    await h.page.getByTestId('stats-range-24h').click();
    await expect.poll(() => h.page.getByTestId('stats-range-24h').getAttribute('aria-pressed')).toBe('true');
  });

  it('show live CPU and memory in the Containers table', async () => {
    await h.open('#/containers');
    const busy = h.page.locator(`[data-testid="container-row"][data-container-name="${runId}-busy"]`);
    await expect.poll(() => busy.getByTestId('container-cpu').innerText(), { timeout: 10_000 }).toMatch(/\d %/);
    await expect.poll(() => busy.getByTestId('container-mem').innerText()).toMatch(/\d/);
    await h.screenshot('stats-containers-en');
  });

  it("draw one container's charts in its detail panel", async () => {
    const busy = h.app.services.containers.list().find((c) => c.name === `${runId}-busy`)!;
    await h.open(`#/containers/${busy.id}/stats`);
    const panel = h.page.getByTestId('stats-panel-container');
    await expect.poll(() => panel.getByTestId('stats-chart-cpu').count(), { timeout: 10_000 }).toBe(1);
    expect(await panel.getByTestId('stats-chart-cpu').getAttribute('data-series')).toBe('1');
    expect(await h.page.getByTestId('detail-tab-stats').getAttribute('class')).toContain('active');
    await h.screenshot('stats-container-detail-en');

    // An idle container's network moves a few bytes a second at most: its rate axis must still
    // read as distinct ticks (the formatter's unit tests pin the labels; this is for the eye).
    const idle = h.app.services.containers.list().find((c) => c.name === `${runId}-idle`)!;
    await h.open(`#/containers/${idle.id}/stats`);
    await expect.poll(() => h.page.getByTestId('stats-panel-container').getByTestId('stats-chart-net').count(), { timeout: 10_000 }).toBe(1);
    await h.page.getByTestId('stats-panel-container').getByTestId('stats-chart-net').scrollIntoViewIfNeeded();
    await h.screenshot('stats-idle-rates-en');
  });

  it('show a host chart on the Hosts page and the history size in Settings', async () => {
    await h.open('#/hosts');
    await expect.poll(() => h.page.getByTestId('stats-panel-host').getByTestId('stats-chart-cpu').count(), { timeout: 10_000 }).toBe(1);
    await h.page.getByTestId('stats-panel-host').scrollIntoViewIfNeeded();
    await h.screenshot('stats-host-en');
    await h.open('#/settings');
    await expect.poll(() => h.page.getByTestId('stats-size-bytes').innerText(), { timeout: 10_000 }).toMatch(/On disk: \d/);
  });

  it('is complete in Russian', async () => {
    await h.app.handlers['settings.update']({ language: 'ru' });
    await h.open(`#/workloads/${workloadId}`);
    await expect.poll(() => h.page.locator('html').getAttribute('lang')).toBe('ru');
    await expect.poll(() => h.page.getByTestId('stats-range-1h').innerText(), { timeout: 10_000 }).toBe('1 ч');
    expect(await h.page.getByTestId('stats-panel-workload').innerText()).toContain('Потребление ресурсов по контейнерам');
    await h.page.getByTestId('stats-panel-workload').scrollIntoViewIfNeeded();
    await h.screenshot('stats-workload-ru');
    const idle = h.app.services.containers.list().find((c) => c.name === `${runId}-idle`)!;
    await h.open(`#/containers/${idle.id}/stats`);
    await expect.poll(() => h.page.getByTestId('stats-panel-container').getByTestId('stats-chart-net').count(), { timeout: 10_000 }).toBe(1);
    await h.page.getByTestId('stats-panel-container').getByTestId('stats-chart-net').scrollIntoViewIfNeeded();
    await h.screenshot('stats-idle-rates-ru');
    await h.open('#/containers');
    await h.screenshot('stats-containers-ru');
    await h.open('#/settings');
    await expect.poll(() => h.page.getByTestId('stats-size-bytes').innerText(), { timeout: 10_000 }).toMatch(/На диске/);
    await h.page.getByTestId('stats-history-size').scrollIntoViewIfNeeded();
    await h.screenshot('stats-settings-ru');
    await h.app.handlers['settings.update']({ language: 'en' });
  });
});
