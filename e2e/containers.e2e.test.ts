// The Containers page end to end: real dockerd, real engine, browser shell, Debian's Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalLabels } from '../src/main/engine/docker/labels';
import { DOCKER_SOCKET, newRunId, removeRun, runContainer, testDocker, waitFor } from '../src/main/engine/testing/dockerHost';
import { startHarness } from './harness';
import type { Harness } from './harness';

const docker = testDocker();
const runId = newRunId();
let h: Harness;
let projectId: string;
const name = (suffix: string) => `${runId}-${suffix}`;
const rowOf = (suffix: string) => h.page.locator(`[data-testid="container-row"][data-container-name="${name(suffix)}"]`);

beforeAll(async () => {
  h = await startHarness({ dockerSocketPath: DOCKER_SOCKET });
  await waitFor('docker up', () => h.app.services.runtime('local')?.connection.status.state === 'up');
  const api = await h.app.handlers['workloads.createProject']({
    hostId: 'local',
    name: 'storefront',
    imageRepository: 'acme/storefront',
    stages: [
      { name: 'staging', imageTag: 'latest', env: {}, port: 80, healthCheckPath: '/health', healthTimeoutSec: 60, subdomain: null, maxInstances: 2 },
      { name: 'production', imageTag: 'latest', env: {}, port: 80, healthCheckPath: '/health', healthTimeoutSec: 60, subdomain: null, maxInstances: 2 },
    ],
  });
  projectId = api.id;
  await h.app.handlers['workloads.createSite']({ hostId: 'local', name: 'docs', sourceDir: '/srv/docs' });
  await runContainer(docker, runId, { name: name('web-blue'), labels: canonicalLabels(projectId, 'project', 'production') });
  await runContainer(docker, runId, { name: name('web-staging'), labels: canonicalLabels(projectId, 'project', 'staging') });
  await runContainer(docker, runId, { name: name('web-old'), labels: canonicalLabels(projectId, 'project', 'production'), start: false });
  await waitFor('rows recorded', () => h.app.services.containers.list().filter((c) => c.name.startsWith(runId)).length === 3);
});

afterAll(async () => {
  await removeRun(docker, runId);
  await h?.close();
});

describe('Containers page', () => {
  it('lists the owned containers with their workload, stage and state', async () => {
    await h.open('#/containers');
    await expect.poll(() => rowOf('web-blue').count()).toBe(1);
    const row = rowOf('web-blue');
    expect(await row.getAttribute('data-state')).toBe('running');
    expect(await row.innerText()).toContain('storefront');
    expect(await row.innerText()).toContain('production');
    expect(await rowOf('web-old').getAttribute('data-state')).toBe('created');
    expect(await h.page.getByTestId('container-count').getAttribute('data-total')).toBe('3');
    await h.screenshot('containers-en');
  });

  it('filters through the URL: select, search, reload and the back button', async () => {
    await h.open('#/containers');
    await expect.poll(() => rowOf('web-blue').count()).toBe(1);
    await h.page.getByTestId('filter-state').selectOption('running');
    await expect.poll(() => h.page.url()).toContain('state=running');
    await expect.poll(() => rowOf('web-old').count()).toBe(0);
    expect(await rowOf('web-blue').count()).toBe(1);

    await h.page.getByTestId('filter-search').fill('staging');
    await expect.poll(() => h.page.url()).toContain('q=staging');
    await expect.poll(() => rowOf('web-blue').count()).toBe(0);
    expect(await rowOf('web-staging').count()).toBe(1);
    await h.screenshot('containers-filtered-en');

    await h.page.reload();
    await expect.poll(() => rowOf('web-staging').count()).toBe(1);
    expect(await rowOf('web-blue').count()).toBe(0);
    expect(await h.page.getByTestId('filter-search').inputValue()).toBe('staging');
    expect(await h.page.getByTestId('filter-state').inputValue()).toBe('running');

    await h.page.goBack();
    await expect.poll(() => h.page.url()).not.toContain('q=staging');
    await expect.poll(() => rowOf('web-blue').count()).toBe(1);
    expect(await h.page.getByTestId('filter-state').inputValue()).toBe('running');

    await h.open('#/containers?kind=site');
    await expect.poll(() => h.page.getByTestId('container-count').getAttribute('data-shown')).toBe('0');
    await h.page.getByTestId('clear-filters').click();
    await expect.poll(() => rowOf('web-blue').count()).toBe(1);
  });

  it('updates live, without a reload, when a container is killed outside the app', async () => {
    await h.open('#/containers');
    await expect.poll(() => rowOf('web-staging').getAttribute('data-state')).toBe('running');
    const marker = await h.page.evaluate(() => {
      (window as unknown as { __noReload: boolean }).__noReload = true;
      return true;
    });
    expect(marker).toBe(true);
    const [c] = await docker.listContainers({ filters: { name: [name('web-staging')] } });
    await docker.getContainer(c!.Id).kill();
    await expect.poll(() => rowOf('web-staging').getAttribute('data-state'), { timeout: 5_000 }).toBe('exited');
    expect(await h.page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    await h.screenshot('containers-after-kill-en');
  });

  it('switches to Russian, and keeps the choice after a reload', async () => {
    await h.open('#/containers');
    await expect.poll(() => rowOf('web-blue').count()).toBe(1);
    await h.page.getByTestId('language-switch').selectOption('ru');
    await expect.poll(() => h.page.locator('html').getAttribute('lang')).toBe('ru');
    await expect.poll(() => h.page.getByTestId('nav-containers').innerText()).toMatch(/Контейнеры/);
    expect((await h.app.handlers['settings.get']({})).language).toBe('ru');
    // Russian is a chunk loaded on demand: the first paint after a reload must wait for it, never
    // show English for a moment. The observer runs before the browser paints the inserted nodes.
    await h.page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        const nav = document.querySelector('[data-testid="nav-containers"]');
        if (!nav) return;
        (window as unknown as { __firstNavText?: string }).__firstNavText = nav.textContent ?? '';
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    await h.page.reload();
    await expect.poll(() => h.page.getByTestId('nav-containers').innerText()).toMatch(/Контейнеры/);
    expect(await h.page.evaluate(() => (window as unknown as { __firstNavText?: string }).__firstNavText)).toMatch(/Контейнеры/);
    await h.screenshot('containers-ru');
    await h.page.getByTestId('language-switch').selectOption('en');
    await expect.poll(() => h.page.getByTestId('nav-containers').innerText()).toMatch(/Containers/);
  });
});
