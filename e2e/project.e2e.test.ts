// A project end to end through the UI, against the real engine, dockerd and a managed Caddy on a
// free port: create it with two stages, deploy v1 and v2 (read through Caddy), a failing deploy
// that leaves v2 serving, rollback, promote staging -> production, rename a stage (its instances
// stay), edit errors in the dialog. Screenshots in English and Russian land in e2e/artifacts.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDeployLeftovers, testProxy } from '../src/main/engine/testing/deployHarness';
import { getVia } from '../src/main/engine/testing/proxyClient';
import { DOCKER_SOCKET, newRunId, testDocker, waitFor } from '../src/main/engine/testing/dockerHost';
import { ARTIFACTS, startHarness } from './harness';
import type { Harness } from './harness';

const docker = testDocker();
const runId = newRunId();
const suffix = runId.slice(-6);
const proxy = testProxy(runId);
const projectName = `shop-${suffix}`;
const hosts = { staging: `stg-${suffix}.localhost`, production: `prod-${suffix}.localhost` };
let h: Harness;
let projectId = '';

/** GET / through Caddy with a Host header. */
async function viaCaddy(host: string): Promise<string> {
  const info = await docker.getContainer(`${proxy.name}-front`).inspect();
  const answer = await getVia(`127.0.0.1:${info.NetworkSettings.Ports['80/tcp']?.[0]?.HostPort}`, host);
  if ('error' in answer) throw new Error(answer.error);
  return answer.body;
}

const card = (stage: string) => h.page.locator(`[data-testid="stage-card"][data-stage-name="${stage}"]`);
const rows = (stage: string, status: string, kind = 'deploy') =>
  card(stage).locator(`[data-testid="deploy-row"][data-status="${status}"][data-kind="${kind}"]`).count();
/** The whole page: the app scrolls inside .main, so the viewport grows to its height for the shot. */
async function fullShot(name: string) {
  const height = await h.page.locator('.main').evaluate((el) => el.scrollHeight);
  await h.page.setViewportSize({ width: 1280, height: Math.max(800, height) });
  await h.page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  await h.page.setViewportSize({ width: 1280, height: 800 });
}

async function deploy(stage: string, tag: string | null) {
  await card(stage).getByTestId('stage-deploy').click();
  const dialog = h.page.getByTestId('deploy-dialog');
  if (tag !== null) await dialog.locator('input[name="imageTag"]').fill(tag);
  await dialog.locator('button[type="submit"]').click();
  await expect.poll(() => dialog.count()).toBe(0);
}

beforeAll(async () => {
  h = await startHarness({ dockerSocketPath: DOCKER_SOCKET, proxy, deploy: { drainMs: 200, stopTimeoutSec: 1 } });
  await waitFor('docker up', () => h.app.services.runtime('local')?.connection.status.state === 'up');
});

afterAll(async () => {
  await h?.close();
  await removeDeployLeftovers(docker, [projectId], proxy);
});

describe('a project through its page', () => {
  it('creates a project with two stages through the form', async () => {
    await h.open('#/workloads');
    await h.page.getByTestId('new-project').click();
    const form = h.page.getByTestId('project-form');
    await form.locator('input[name="name"]').fill(projectName);
    await form.locator('input[name="imageRepository"]').fill('tinyforge-test/app');
    await form.getByTestId('add-stage').click();
    for (const [index, stage] of (['staging', 'production'] as const).entries()) {
      await form.locator(`input[name="stages.${index}.name"]`).fill(stage);
      await form.locator(`input[name="stages.${index}.imageTag"]`).fill('v1');
      await form.locator(`input[name="stages.${index}.port"]`).fill('80');
      await form.locator(`input[name="stages.${index}.healthCheckPath"]`).fill('/health');
      await form.locator(`input[name="stages.${index}.healthTimeoutSec"]`).fill('10');
      await form.locator(`input[name="stages.${index}.subdomain"]`).fill(hosts[stage].split('.')[0]!);
    }
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => h.page.locator(`[data-testid="workload-row"][data-workload-name="${projectName}"]`).count()).toBe(1);
    projectId = h.app.services.workloads.list().find((w) => w.name === projectName)!.id;
    await h.open(`#/workloads/${projectId}`);
    await expect.poll(() => h.page.getByTestId('stage-card').count()).toBe(2);
    expect(await card('staging').getByTestId('rollback-reason').innerText()).toMatch(/not run an earlier image/);
    expect(await card('staging').getByTestId('stage-rollback').isDisabled()).toBe(true);
  });

  it('deploys v1, then shows the instance and the route, and Caddy serves v1', async () => {
    await deploy('staging', null);
    await expect.poll(() => rows('staging', 'succeeded'), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => card('staging').getByTestId('instance-card').count()).toBeGreaterThanOrEqual(1);
    await expect.poll(() => h.page.locator(`[data-testid="route-row"][data-host="${hosts.staging}"][data-proxy="held"]`).count()).toBe(1);
    expect(await viaCaddy(hosts.staging)).toBe('v1');
  });

  it('deploys v2 and shows it in the history with its steps', async () => {
    await deploy('staging', 'v2');
    // While it runs, the card names the step in progress (deploys.changed events, no polling).
    await card('staging').getByTestId('deploy-live').waitFor({ state: 'visible', timeout: 5_000 });
    expect(await card('staging').getByTestId('stage-deploy').isDisabled()).toBe(true);
    await expect.poll(() => rows('staging', 'succeeded'), { timeout: 30_000 }).toBe(2);
    await card('staging').getByTestId('deploy-live').waitFor({ state: 'detached' });
    expect(await viaCaddy(hosts.staging)).toBe('v2');
    expect(await card('staging').getByTestId('stage-current-image').innerText()).toBe('tinyforge-test/app:v2');
    await card('staging').locator('[data-testid="deploy-row"] summary').first().click();
    await expect.poll(() => card('staging').locator('[data-testid="deploy-steps"] li[data-outcome="done"]').count()).toBeGreaterThanOrEqual(8);
    await fullShot('project-deployed-en');
  });

  it("streams an instance's logs in a dialog from its card", async () => {
    const instance = card('staging').locator('[data-testid="instance-card"][data-state="running"]').first();
    const name = (await instance.getAttribute('data-container-name'))!;
    await instance.getByTestId('instance-logs').click();
    const dialog = h.page.getByTestId('instance-logs-dialog');
    await expect.poll(() => dialog.getByTestId('container-logs').getAttribute('data-status'), { timeout: 10_000 }).toBe('live');
    // busybox httpd logs nothing by itself: write to its PID 1's stdout, as the app would.
    const exec = await docker.getContainer(name).exec({ Cmd: ['sh', '-c', `echo "order ${suffix} paid" > /proc/1/fd/1`], AttachStdout: true });
    (await exec.start({})).resume();
    await expect
      .poll(() => dialog.getByTestId('log-line').allInnerTexts(), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining(`order ${suffix} paid`));
    await h.page.screenshot({ path: join(ARTIFACTS, 'project-logs-en.png') });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
  });

  it('shows why a deploy of a missing tag failed, while v2 keeps serving', async () => {
    await deploy('staging', 'v3-missing');
    await expect.poll(() => rows('staging', 'failed'), { timeout: 30_000 }).toBe(1);
    expect(await card('staging').getByTestId('deploy-error').first().innerText()).toMatch(/v3-missing|no such|not found|pull/i);
    // Once on the card: below the steps, not again under the failed step.
    const failed = card('staging').locator('[data-testid="deploy-row"][data-status="failed"]').first();
    expect(await failed.getByTestId('deploy-error').count()).toBe(1);
    expect(await failed.locator('[data-testid="deploy-steps"] .danger-text').count()).toBe(0);
    expect(await viaCaddy(hosts.staging)).toBe('v2');
    await fullShot('project-failed-en');
  });

  it('rolls back to v1, naming the target first', async () => {
    const rollback = card('staging').getByTestId('stage-rollback');
    expect(await rollback.innerText()).toContain('tinyforge-test/app:v1');
    await rollback.click();
    expect(await h.page.getByTestId('rollback-dialog').innerText()).toContain('tinyforge-test/app:v1');
    await h.page.getByTestId('confirm-rollback').click();
    await expect.poll(() => rows('staging', 'succeeded', 'rollback'), { timeout: 30_000 }).toBe(1);
    expect(await viaCaddy(hosts.staging)).toBe('v1');
  });

  it('promotes staging to production', async () => {
    await card('staging').getByTestId('stage-promote').click();
    const dialog = h.page.getByTestId('promote-dialog');
    await dialog.locator('select[name="toStageId"]').selectOption({ label: 'production' });
    await h.page.getByTestId('confirm-promote').click();
    await expect.poll(() => rows('production', 'succeeded', 'promote'), { timeout: 30_000 }).toBe(1);
    expect(await viaCaddy(hosts.production)).toBe('v1');
    await expect.poll(() => card('production').getByTestId('instance-card').count()).toBe(1);
    // Promote deploys by digest; the page names it by the tag staging deployed it under.
    await expect.poll(() => card('production').getByTestId('stage-current-image').innerText()).toBe('tinyforge-test/app:v1');
  });

  it('shows field errors in the stage dialog and saves nothing', async () => {
    await card('production').getByTestId('stage-edit').click();
    const form = h.page.getByTestId('stage-form');
    await form.locator('input[name="stage.name"]').fill('staging');
    await form.locator('input[name="stage.port"]').fill('99999');
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => form.getByTestId('field-error').count()).toBeGreaterThan(0);
    await form.locator('input[name="stage.port"]').fill('80');
    await form.locator('button[type="submit"]').click();
    // The duplicate name only the engine can see comes back on the name field.
    await expect.poll(() => form.getByTestId('field-error').innerText()).toMatch(/already has this name/);
    await h.page.getByTestId('stage-dialog').screenshot({ path: join(ARTIFACTS, 'project-stage-dialog-en.png') });
    await h.page.keyboard.press('Escape');
    expect(h.app.services.workloads.stageContext((await card('production').getAttribute('data-stage-id'))!).stage.name).toBe('production');
  });

  it('renames a stage and its instances, route and history stay with it', async () => {
    const before = await card('staging')
      .getByTestId('instance-card')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-container-name')).sort());
    await card('staging').getByTestId('stage-edit').click();
    await h.page.getByTestId('stage-form').locator('input[name="stage.name"]').fill('preview');
    await h.page.getByTestId('stage-form').locator('button[type="submit"]').click();
    await expect.poll(() => card('preview').count()).toBe(1);
    await h.app.handlers['reconcile.now']({ hostId: 'local' });
    await expect
      .poll(() =>
        card('preview')
          .getByTestId('instance-card')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-container-name')).sort()),
      )
      .toEqual(before);
    expect(await rows('preview', 'succeeded')).toBe(2);
    await expect.poll(() => h.page.locator('[data-testid="route-row"][data-proxy="held"]').count()).toBe(2);
    expect(await viaCaddy(hosts.staging)).toBe('v1');
    await fullShot('project-en');
    // The README's picture: the first screen of the page, as a newcomer would see it.
    await h.screenshot('project-page-en', { docs: true });
  });

  it('lists the instances it deployed on the Containers page as its own, not unverified', async () => {
    const own = h.app.services.containers.list().filter((c) => c.workloadId === projectId);
    expect(own.length).toBeGreaterThanOrEqual(2);
    await h.open('#/containers');
    const listed = h.page.locator(`[data-testid="container-row"][data-container-name^="${projectName}-"]`);
    await expect.poll(() => listed.count()).toBe(own.length);
    expect(await listed.evaluateAll((els) => els.map((e) => e.getAttribute('data-provenance')))).toEqual(own.map(() => 'created'));
    await h.screenshot('containers-en', { docs: true });
    // The tests below work on the project's page.
    await h.open(`#/workloads/${projectId}`);
    await expect.poll(() => card('preview').count()).toBe(1);
  });

  it('renders the page in Russian', async () => {
    await h.app.handlers['settings.update']({ language: 'ru' });
    await expect.poll(() => h.page.locator('html').getAttribute('lang')).toBe('ru');
    expect(await card('preview').getByTestId('stage-deploy').innerText()).toMatch(/[А-Яа-яЁё]/);
    await fullShot('project-ru');
    await h.screenshot('project-page-ru', { docs: true });
    await card('preview').getByTestId('stage-edit').click();
    await h.page.getByTestId('stage-dialog').screenshot({ path: join(ARTIFACTS, 'project-stage-dialog-ru.png') });
    await h.page.keyboard.press('Escape');
    await h.app.handlers['settings.update']({ language: 'en' });
  });
});

describe('adding and removing stages', () => {
  it('adds a stage through the dialog, refuses to remove a running one, stops its instance, then removes it', async () => {
    await h.page.getByTestId('add-stage').click();
    const form = h.page.getByTestId('stage-form');
    await form.locator('input[name="stage.name"]').fill('qa');
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => card('qa').count()).toBe(1);
    expect(await card('qa').getByTestId('no-instances').count()).toBe(1);

    await card('production').getByTestId('stage-remove').click();
    await h.page.getByTestId('confirm-remove-stage').click();
    await expect.poll(() => h.page.getByTestId('remove-stage-error').innerText()).toMatch(/Stop them first/);
    await h.page.keyboard.press('Escape');
    expect(await card('production').count()).toBe(1);

    await card('production').getByTestId('instance-stop').click();
    await expect.poll(() => card('production').locator('[data-testid="instance-card"]').getAttribute('data-state'), { timeout: 20_000 }).toBe('exited');
    await card('production').getByTestId('stage-remove').click();
    await h.page.getByTestId('confirm-remove-stage').click();
    await expect.poll(() => card('production').count()).toBe(0);
    await expect.poll(() => h.page.locator(`[data-testid="route-row"][data-host="${hosts.production}"]`).count()).toBe(0);
    expect(h.app.services.containers.list('local').some((c) => c.role === 'production' && c.workloadId === projectId && c.state !== 'missing')).toBe(false);
  });
});
