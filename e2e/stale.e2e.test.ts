// The Stale page as a user meets it: Tinyforge's own containers stopped 10 days ago (by the store's
// clock) are listed with why they stopped, a foreign one as old is not; a dry run lists exactly the
// selection, the confirmation removes exactly that. English and Russian; screenshots in e2e/artifacts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalLabels } from '../src/main/engine/docker/labels';
import { DAY_MS } from '../src/main/engine/stale/stalePlan';
import { DOCKER_SOCKET, TEST_IMAGE, TEST_RUN_LABEL, newRunId, removeRun, testDocker, waitFor } from '../src/main/engine/testing/dockerHost';
import { startHarness } from './harness';
import type { Harness } from './harness';

const docker = testDocker();
const runId = newRunId();
let h: Harness;
let projectId = '';
const own: Record<'en' | 'ru', { name: string; dockerId: string }> = { en: { name: '', dockerId: '' }, ru: { name: '', dockerId: '' } };
const foreign = `${runId}-foreign`;
/** An image a failed deploy of the project pulled 12 days ago, used by nothing since. */
let unusedImage = '';

/** A container of the project that crashes (exit 3) once it was seen running; its row then dates its exit 10 days back. */
async function exited(name: string, provenance: 'created' | 'unverified'): Promise<string> {
  const c = await docker.createContainer({
    Image: TEST_IMAGE,
    name,
    Cmd: ['sh', '-c', 'sleep 1; exit 3'],
    Labels: { ...canonicalLabels(projectId, 'project', 'production'), [TEST_RUN_LABEL]: runId },
  });
  await c.start();
  const row = await waitFor(`${name} exited`, () => h.app.services.containers.list().find((r) => r.dockerId === c.id && r.state === 'exited'), 15_000);
  h.app.services.db.prepare('UPDATE containers SET provenance = ?, finished_at = ? WHERE id = ?').run(provenance, Date.now() - 10 * DAY_MS, row.id);
  return c.id;
}

beforeAll(async () => {
  h = await startHarness({ dockerSocketPath: DOCKER_SOCKET });
  await waitFor('docker up', () => h.app.services.runtime('local')?.connection.status.state === 'up');
  const project = await h.app.handlers['workloads.createProject']({
    hostId: 'local',
    name: 'ledger',
    imageRepository: 'ghcr.io/acme/ledger',
    stages: [{ name: 'production', imageTag: 'v1', env: {}, port: 80, healthCheckPath: null, healthTimeoutSec: 10, subdomain: null, maxInstances: 2 }],
  });
  projectId = project.id;
  for (const language of ['en', 'ru'] as const) {
    const name = `${runId}-old-${language}`;
    own[language] = { name, dockerId: await exited(name, 'created') };
  }
  await exited(foreign, 'unverified');
  const base = await docker.createContainer({ Image: TEST_IMAGE, Cmd: ['true'], Labels: { [TEST_RUN_LABEL]: runId } });
  unusedImage = ((await base.commit({ repo: `tinyforge-test/${runId}`, tag: 'unused' })) as { Id: string }).Id;
  await base.remove();
  const stageId = project.kind === 'project' ? project.stages[0]!.id : '';
  const deploy = h.app.services.deploys.start({
    hostId: 'local',
    workloadId: projectId,
    targetKey: stageId,
    stageId,
    kind: 'deploy',
    image: unusedImage,
    oldContainerId: null,
  });
  h.app.services.deploys.advance(deploy.id, 'image', 'proxy', { imageDigest: unusedImage });
  h.app.services.deploys.finish(deploy.id, 'failed', 'test');
  h.app.services.db
    .prepare('UPDATE deploys SET started_at = ?, finished_at = ? WHERE id = ?')
    .run(Date.now() - 12 * DAY_MS, Date.now() - 12 * DAY_MS, deploy.id);
  h.app.events.emit('containers.changed', { hostId: 'local' });
});

afterAll(async () => {
  await removeRun(docker, runId);
  await h?.close();
  if (unusedImage)
    await docker
      .getImage(unusedImage)
      .remove({ force: true })
      .catch(() => undefined);
});

const gone = (id: string) =>
  docker
    .getContainer(id)
    .inspect()
    .then(
      () => false,
      () => true,
    );

describe('the Stale page', () => {
  it('shows a crash badge on the Containers page', async () => {
    await h.open('#/containers');
    const row = h.page.locator(`[data-testid="container-row"][data-container-name="${own.en.name}"]`);
    await expect.poll(() => row.getByTestId('stop-kind').getAttribute('data-stop-kind')).toBe('crash');
    expect(await row.getByTestId('stop-kind').innerText()).toBe('Crashed');
    await h.screenshot('containers-crash-en');
  });

  for (const language of ['en', 'ru'] as const) {
    it(`lists own stale containers only, and removes exactly the confirmed one (${language})`, async () => {
      await h.app.handlers['settings.update']({ language });
      await h.open('#/stale');
      await expect.poll(() => h.page.locator('html').getAttribute('lang')).toBe(language);
      const rows = h.page.getByTestId('stale-row');
      await expect
        .poll(async () => (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).sort())
        .toEqual(language === 'en' ? [own.en.name, own.ru.name].sort() : [own.ru.name]);
      expect(await h.page.locator(`[data-testid="stale-row"][data-name="${foreign}"]`).count()).toBe(0);
      expect(await h.page.getByTestId('nav-count-stale').locator('[aria-hidden]').innerText()).toBe(language === 'en' ? '2' : '1');
      const row = h.page.locator(`[data-testid="stale-row"][data-name="${own[language].name}"]`);
      expect(await row.innerText()).toContain(language === 'en' ? '10 days' : '10 дней');
      expect(await row.getByTestId('stop-kind').innerText()).toBe(language === 'en' ? 'Crashed' : 'Аварийно завершён');
      // A stale row opens the container's detail panel like every other owned row.
      expect(await row.getByTestId('stale-detail-link').getAttribute('href')).toMatch(/^#\/containers\/[^/]+\/overview$/);

      if (language === 'en') {
        const image = h.page.locator(`[data-testid="stale-image"][data-image="${unusedImage}"]`);
        await expect.poll(() => image.count()).toBe(1);
        expect(await image.innerText()).toContain('12 days');
        await h.screenshot('stale-images-en');
      }

      // The workload filter lands in the URL, like the Containers page's.
      await h.page.getByTestId('stale-workload').selectOption(projectId);
      await expect.poll(() => h.page.url()).toContain(`workload=${projectId}`);
      await h.screenshot(`stale-${language}`, { docs: language === 'en' });

      await row.locator('input[type="checkbox"]').check();
      await h.page.getByTestId('stale-with-images').uncheck();
      await h.page.getByTestId('stale-review').click();
      const dialog = h.page.getByTestId('stale-confirm');
      await expect.poll(() => dialog.isVisible()).toBe(true);
      const listed = await dialog
        .getByTestId('stale-plan-containers')
        .locator('li')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
      expect(listed).toEqual([own[language].name]);
      await h.screenshot(`stale-confirm-${language}`);
      await h.page.getByTestId('stale-confirm-remove').click();
      await expect.poll(() => h.page.getByTestId('stale-removed').isVisible()).toBe(true);
      await expect.poll(() => h.page.locator(`[data-testid="stale-row"][data-name="${own[language].name}"]`).count()).toBe(0);
      expect(await gone(own[language].dockerId)).toBe(true);
      expect(await gone((await docker.getContainer(foreign).inspect()).Id)).toBe(false);
    });
  }

  it('keeps the threshold in Settings', async () => {
    await h.app.handlers['settings.update']({ language: 'en' });
    await h.open('#/settings');
    const field = h.page.locator('input[name="staleAfterDays"]');
    await expect.poll(() => field.inputValue()).toBe('7');
    await h.screenshot('settings-stale-en');
  });
});
