// Workloads, Home, Hosts and Settings end to end, plus the Docker-unreachable state; screenshots of
// every page in both languages land in e2e/artifacts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalLabels, LABEL } from '../src/main/engine/docker/labels';
import { DOCKER_SOCKET, newRunId, removeRun, runContainer, testDocker, waitFor } from '../src/main/engine/testing/dockerHost';
import { startHarness } from './harness';
import type { Harness } from './harness';

const docker = testDocker();
const runId = newRunId();
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ dockerSocketPath: DOCKER_SOCKET });
  await waitFor('docker up', () => h.app.services.runtime('local')?.connection.status.state === 'up');
});
afterAll(async () => {
  await removeRun(docker, runId);
  await h?.close();
});

describe('Workloads', () => {
  it('creates a project through the form, then shows its containers on its page', async () => {
    await h.open('#/workloads');
    await h.page.getByTestId('new-project').click();
    const form = h.page.getByTestId('project-form');
    await form.locator('input[name="name"]').fill('checkout');
    await form.locator('input[name="imageRepository"]').fill('ghcr.io/acme/checkout');
    await form.locator('input[name="stages.0.name"]').fill('production');
    await form.locator('input[name="stages.0.port"]').fill('8080');
    await h.screenshot('workloads-form-en');
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => h.page.locator('[data-testid="workload-row"][data-workload-name="checkout"]').count()).toBe(1);
    const created = h.app.services.workloads.list().find((w) => w.name === 'checkout');
    expect(created).toMatchObject({ kind: 'project', imageRepository: 'ghcr.io/acme/checkout', stages: [{ name: 'production', port: 8080 }] });

    await runContainer(docker, runId, { name: `${runId}-checkout-blue`, labels: canonicalLabels(created!.id, 'project', 'production') });
    await h.open(`#/workloads/${created!.id}`);
    await expect
      .poll(() => h.page.locator(`[data-testid="workload-containers"] [data-container-name="${runId}-checkout-blue"]`).count(), { timeout: 5_000 })
      .toBe(1);
    await h.screenshot('workload-detail-en');
  });

  it("shows the engine's refusal next to the form and creates nothing", async () => {
    await h.open('#/workloads');
    await h.page.getByTestId('new-project').click();
    const form = h.page.getByTestId('project-form');
    await form.locator('input[name="name"]').fill('checkout');
    await form.locator('input[name="imageRepository"]').fill('acme/other');
    await form.locator('input[name="stages.0.name"]').fill('production');
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => h.page.getByTestId('form-errors').innerText()).toMatch(/already exists/);
    expect(h.app.services.workloads.list().filter((w) => w.name === 'checkout')).toHaveLength(1);

    await form.locator('input[name="imageRepository"]').fill('Acme/Not Valid');
    await form.locator('input[name="name"]').fill('payments');
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => form.getByTestId('field-error').count()).toBeGreaterThan(0);
    expect(h.app.services.workloads.list().some((w) => w.name === 'payments')).toBe(false);
    await h.screenshot('workloads-form-errors-en');
  });

  it('refuses to delete a workload whose containers still run, and says which', async () => {
    const created = h.app.services.workloads.list().find((w) => w.name === 'checkout')!;
    await h.open(`#/workloads/${created.id}`);
    await h.page.getByTestId('delete-workload').click();
    await h.page.getByTestId('confirm-delete').click();
    await expect.poll(() => h.page.getByTestId('delete-error').innerText()).toContain(`${runId}-checkout-blue`);
    expect(h.app.services.workloads.list().some((w) => w.id === created.id)).toBe(true);
  });
});

describe('Home, Hosts and Settings', () => {
  it('reports forged labels on the Home page health card', async () => {
    await runContainer(docker, runId, { name: `${runId}-intruder`, labels: { [LABEL.workloadId]: 'made-up-workload', [LABEL.role]: 'production' } });
    await h.open('#/');
    await expect.poll(() => h.page.getByTestId('forged-containers').innerText(), { timeout: 5_000 }).toContain('made-up-workload');
    expect(await h.page.getByTestId('health-card').innerText()).toMatch(/local/);
    await h.screenshot('home-en');
  });

  it('renders every page in both languages', async () => {
    for (const language of ['en', 'ru'] as const) {
      await h.app.handlers['settings.update']({ language });
      for (const [route, page] of [
        ['#/', 'home'],
        ['#/workloads', 'workloads'],
        ['#/hosts', 'hosts'],
        ['#/stale', 'stale-empty'],
        ['#/settings', 'settings'],
      ] as const) {
        await h.open(route);
        await expect.poll(() => h.page.locator('html').getAttribute('lang')).toBe(language);
        await h.page.waitForSelector('main h1');
        const heading = await h.page.locator('main h1').innerText();
        expect(heading.length).toBeGreaterThan(0);
        if (language === 'ru') expect(heading).toMatch(/[А-Яа-яЁё]/);
        await h.screenshot(`${page}-${language}`);
      }
    }
    await h.app.handlers['settings.update']({ language: 'en' });
  });

  it('shows the host up with its Docker version on the Hosts page', async () => {
    await h.open('#/hosts');
    const row = h.page.locator('[data-testid="host-row"][data-host-id="local"]');
    await expect.poll(() => row.getAttribute('data-host-state')).toBe('up');
    // The version cell alone, against what the daemon itself reports (not a pattern the latency
    // text could also match).
    const { Version } = await docker.version();
    expect(await row.getByTestId('host-docker-version').innerText()).toContain(Version);
  });
});

describe('Docker unreachable', () => {
  it('says so, with the reason, instead of an empty list', async () => {
    const down = await startHarness({ dockerSocketPath: '/nonexistent/docker.sock' });
    try {
      await down.open('#/containers');
      await expect.poll(() => down.page.getByTestId('docker-down').isVisible()).toBe(true);
      expect(await down.page.getByTestId('docker-down').innerText()).toMatch(/\/nonexistent\/docker\.sock/);
      // Worded from the reason's code, not from its text: the title changes with the language.
      expect(await down.page.getByTestId('docker-down-reason').innerText()).toMatch(/^Docker not found: no Docker socket at \/nonexistent\/docker\.sock/);
      await down.screenshot('containers-docker-down-en');
      await down.app.handlers['settings.update']({ language: 'ru' });
      await expect
        .poll(() => down.page.getByTestId('docker-down-reason').innerText())
        .toMatch(/^Docker не найден: no Docker socket at \/nonexistent\/docker\.sock/);
      await down.screenshot('containers-docker-down-ru');
    } finally {
      await down.close();
    }
  });
});
