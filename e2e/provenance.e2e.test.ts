// A container that carries a project's labels but was not created by the app, as a user meets it:
// flagged on Home and on the Containers page, marked on the workload's page, trusted only after a
// warning that names its image, and removable. English and Russian; screenshots in e2e/artifacts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalLabels } from '../src/main/engine/docker/labels';
import { DOCKER_SOCKET, newRunId, removeRun, runContainer, testDocker, waitFor } from '../src/main/engine/testing/dockerHost';
import { startHarness } from './harness';
import type { Harness } from './harness';

const docker = testDocker();
const runId = newRunId();
const impostor = `${runId}-impostor`;
let h: Harness;
let projectId = '';

beforeAll(async () => {
  h = await startHarness({ dockerSocketPath: DOCKER_SOCKET });
  await waitFor('docker up', () => h.app.services.runtime('local')?.connection.status.state === 'up');
  const project = await h.app.handlers['workloads.createProject']({
    hostId: 'local',
    name: 'storefront',
    imageRepository: 'ghcr.io/acme/storefront',
    stages: [{ name: 'production', imageTag: 'v1', env: {}, port: 80, healthCheckPath: null, healthTimeoutSec: 10, subdomain: null, maxInstances: 2 }],
  });
  projectId = project.id;
  await runContainer(docker, runId, { name: impostor, labels: canonicalLabels(projectId, 'project', 'production') });
  await waitFor('impostor listed', () => h.app.services.containers.list().some((c) => c.name === impostor));
});
afterAll(async () => {
  await removeRun(docker, runId);
  await h?.close();
});

describe('an unverified container', () => {
  it('is flagged on Home with its name, image and the workload it claims, in both languages', async () => {
    for (const language of ['en', 'ru'] as const) {
      await h.app.handlers['settings.update']({ language });
      await h.open('#/');
      await expect.poll(() => h.page.locator('html').getAttribute('lang')).toBe(language);
      const item = h.page.locator(`[data-testid="unverified-container"][data-container-name="${impostor}"]`);
      await expect.poll(() => item.count()).toBe(1);
      const text = await item.innerText();
      expect(text).toContain('tinyforge-test/busybox:latest');
      expect(text).toContain('storefront');
      const title = await h.page.getByTestId('unverified-containers').locator('h3').textContent();
      expect(title).toMatch(language === 'ru' ? /создан не Tinyforge/ : /not created by Tinyforge/);
      await h.screenshot(`home-unverified-${language}`, { docs: language === 'en' });
    }
    await h.app.handlers['settings.update']({ language: 'en' });
  });

  it('is marked in the Containers list', async () => {
    await h.open('#/containers');
    const row = h.page.locator(`[data-testid="container-row"][data-container-name="${impostor}"]`);
    await expect.poll(() => row.getAttribute('data-provenance')).toBe('unverified');
    expect(await row.getByTestId('provenance-badge').innerText()).toBe('unverified');
    await h.screenshot('containers-unverified-en');
  });

  it('is not shown as an instance of its stage, and is trusted only after a warning that names its image', async () => {
    await h.open(`#/workloads/${projectId}`);
    const row = h.page.locator(`[data-testid="workload-containers"] [data-container-name="${impostor}"]`);
    await expect.poll(() => row.getAttribute('data-provenance')).toBe('unverified');
    expect(await h.page.locator(`[data-testid="instance-card"][data-container-name="${impostor}"]`).count()).toBe(0);

    await row.getByTestId('trust-container').click();
    const dialog = h.page.getByTestId('trust-dialog');
    expect(await dialog.getByTestId('trust-image').innerText()).toBe('tinyforge-test/busybox:latest');
    await h.screenshot('trust-dialog-en');
    // Cancelling changes nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(h.app.services.containers.list().find((c) => c.name === impostor)!.provenance).toBe('unverified');

    await row.getByTestId('trust-container').click();
    await h.page.getByTestId('confirm-trust').click();
    await expect.poll(() => row.getAttribute('data-provenance')).toBe('trusted');
    expect(h.app.services.containers.list().find((c) => c.name === impostor)).toMatchObject({ provenance: 'trusted', trustedAt: expect.any(Number) });
    // Trusted, it is an instance of its stage now.
    await expect.poll(() => h.page.locator(`[data-testid="instance-card"][data-container-name="${impostor}"]`).count()).toBe(1);
    await h.screenshot('workload-trusted-en');

    await row.getByTestId('untrust-container').click();
    await expect.poll(() => row.getAttribute('data-provenance')).toBe('unverified');
  });

  it('can be removed from the workload page, in Russian', async () => {
    await h.app.handlers['settings.update']({ language: 'ru' });
    await h.open(`#/workloads/${projectId}`);
    await expect.poll(() => h.page.locator('html').getAttribute('lang')).toBe('ru');
    const row = h.page.locator(`[data-testid="workload-containers"] [data-container-name="${impostor}"]`);
    expect(await row.getByTestId('provenance-badge').innerText()).toBe('не проверен');
    await row.getByTestId('remove-unverified').click();
    await h.screenshot('remove-unverified-ru');
    await h.page.getByTestId('confirm-remove-unverified').click();
    await expect.poll(() => h.app.services.containers.list().find((c) => c.name === impostor)?.state, { timeout: 10_000 }).toBe('missing');
    await expect(docker.getContainer(impostor).inspect()).rejects.toMatchObject({ statusCode: 404 });
    await h.app.handlers['settings.update']({ language: 'en' });
  });
});
