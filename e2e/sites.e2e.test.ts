// A static site end to end through its page, against the real engine, dockerd and the managed
// Caddy: created through the form, its public name set (a bad one refused at its field, nothing
// saved), a folder deployed with the upload's progress shown live, version 1 serving and read
// through the proxy, a second version, a rollback to the first from the page, the same files again
// (nothing deployed), a source that does not exist refused in place, and the page in Russian.
// Screenshots land in e2e/artifacts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL } from '../src/main/engine/docker/labels';
import { DOCKER_SOCKET, newRunId, testDocker, waitFor } from '../src/main/engine/testing/dockerHost';
import { removeDeployLeftovers, testProxy } from '../src/main/engine/testing/deployHarness';
import { getVia } from '../src/main/engine/testing/proxyClient';
import { ARTIFACTS, startHarness } from './harness';
import type { Harness } from './harness';

const docker = testDocker();
const runId = newRunId();
const slug = `s${runId.replace(/[^a-z0-9]/g, '').slice(-10)}`;
const siteName = `site-${slug}`;
const subdomain = `www-${slug}`;
const publicHost = `${subdomain}.localhost`;
const proxy = testProxy(runId);
const root = mkdtempSync(join(tmpdir(), 'tinyforge-e2e-site-'));
let h: Harness;
let siteId = '';
let otherId = '';

/** A site folder whose index.html says `body`, with enough other files that the copy reports progress. */
function siteFolder(name: string, body: string): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), body);
  for (let i = 0; i < 200; i += 1) writeFileSync(join(dir, 'assets', `part-${i}.${body}.js`), `/* ${body} */ ${'x'.repeat(20_000)}\n`);
  return dir;
}

const v1 = siteFolder('v1', 'v1');
const v2 = siteFolder('v2', 'v2');

const card = () => h.page.getByTestId('site-deploy');
const version = (n: number) => h.page.locator(`[data-testid="site-version"][data-number="${n}"]`);

/** What the managed proxy answers for `host`, through its published HTTP port. */
async function throughProxy(host: string): Promise<string> {
  const info = await docker.getContainer(`${proxy.name}-front`).inspect();
  const answer = await getVia(`127.0.0.1:${info.NetworkSettings.Ports['80/tcp']?.[0]?.HostPort}`, host);
  return 'body' in answer ? `${answer.status} ${answer.body}` : answer.error;
}

/** The whole page: the app scrolls inside .main, so the viewport grows to its height for the shot. */
async function fullShot(name: string) {
  const height = await h.page.locator('.main').evaluate((el) => el.scrollHeight);
  await h.page.setViewportSize({ width: 1280, height: Math.max(800, Math.min(height, 4000)) });
  await h.page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  await h.page.setViewportSize({ width: 1280, height: 800 });
}

/** Starts recording every upload phase and file count the progress bar shows, as the user would see them. */
async function watchProgress() {
  await h.page.evaluate(() => {
    const w = window as unknown as { phases: string[]; amounts: string[]; observer?: MutationObserver };
    w.observer?.disconnect();
    w.phases = [];
    w.amounts = [];
    const look = () => {
      const bar = document.querySelector('[data-testid="site-progress"]');
      const phase = bar?.getAttribute('data-phase');
      if (phase && w.phases.at(-1) !== phase) w.phases.push(phase);
      const amount = bar?.querySelector('[data-testid="site-progress-amount"]')?.textContent;
      if (amount && w.amounts.at(-1) !== amount) w.amounts.push(amount);
    };
    w.observer = new MutationObserver(look);
    w.observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

const seen = () => h.page.evaluate(() => ({ ...(window as unknown as { phases: string[]; amounts: string[] }) }));

async function deploy(path: string) {
  await card().locator('input[name="sourcePath"]').fill(path);
  await card().getByTestId('site-deploy-submit').click();
}

async function waitServing(n: number) {
  await expect.poll(() => version(n).getAttribute('data-serving'), { timeout: 60_000 }).toBe('true');
  expect(await h.page.locator('[data-testid="site-version"][data-serving="true"]').count()).toBe(1);
}

beforeAll(async () => {
  // A short drain: the old server's 30 s of grace would only slow the test down.
  h = await startHarness({ dockerSocketPath: DOCKER_SOCKET, proxy, deploy: { drainMs: 200, stopTimeoutSec: 1 } });
  await waitFor('docker up', () => h.app.services.runtime('local')?.connection.status.state === 'up');
});

afterAll(async () => {
  // Deleting a site removes its containers, route and version volumes; what a failed test left
  // half done goes by its labels below.
  for (const id of [siteId, otherId].filter(Boolean)) await Promise.resolve(h?.app.handlers['workloads.delete']({ id })).catch(() => undefined);
  await h?.close();
  await removeDeployLeftovers(docker, [siteId, otherId], proxy);
  for (const id of [siteId, otherId].filter(Boolean)) {
    const { Volumes } = await docker.listVolumes({ filters: { label: [`${LABEL.workloadId}=${id}`] } });
    await Promise.all(
      (Volumes ?? []).map((v) =>
        docker
          .getVolume(v.Name)
          .remove({ force: true })
          .catch(() => undefined),
      ),
    );
  }
  rmSync(root, { recursive: true, force: true });
});

describe('a static site through its page', () => {
  it('creates the site through the form', async () => {
    await h.open('#/workloads');
    await h.page.getByTestId('new-site').click();
    const form = h.page.getByTestId('site-form');
    await form.locator('input[name="name"]').fill(siteName);
    await form.locator('input[name="sourceDir"]').fill(v1);
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => h.page.locator(`[data-testid="workload-row"][data-workload-name="${siteName}"]`).count()).toBe(1);
    siteId = h.app.services.workloads.list().find((w) => w.name === siteName)!.id;
    await h.open(`#/workloads/${siteId}`);
    await h.page.getByTestId('site-settings').waitFor();
    // Nothing deployed yet; the deploy card starts from the folder the form was given.
    expect(await h.page.getByTestId('site-versions').count()).toBe(0);
    expect(await card().locator('input[name="sourcePath"]').inputValue()).toBe(v1);
  });

  it('refuses a bad public name and version count at their fields, then saves a good one', async () => {
    const settings = h.page.getByTestId('site-settings');
    await settings.locator('input[name="subdomain"]').fill('Not_A_Label');
    await settings.locator('input[name="keepVersions"]').fill('0');
    await settings.getByTestId('site-settings-save').click();
    const errors = settings.getByTestId('field-error');
    await expect.poll(() => errors.count()).toBe(2);
    expect(await errors.allInnerTexts()).toEqual([expect.stringContaining('DNS label'), expect.stringContaining('1 to 50')]);
    const stored = await h.app.handlers['workloads.get']({ id: siteId });
    expect(stored.kind === 'site' && [stored.subdomain, stored.keepVersions]).toEqual([null, 5]);

    // A name another site of the host holds: marked at the field, the summary says who holds it.
    const other = await h.app.handlers['workloads.createSite']({ hostId: 'local', name: `other-${slug}`, sourceDir: '' });
    otherId = other.id;
    await h.app.handlers['sites.update']({
      id: other.id,
      subdomain: `taken-${slug}`,
      options: { spaFallback: false, notFoundPage: null, cacheHashed: true, precompressed: true },
      keepVersions: 5,
    });
    await settings.locator('input[name="subdomain"]').fill(`taken-${slug}`);
    await settings.locator('input[name="keepVersions"]').fill('3');
    await settings.getByTestId('site-settings-save').click();
    await expect.poll(() => errors.allInnerTexts()).toEqual(['Another workload on this host already has this public name.']);
    expect(await settings.getByTestId('form-errors').innerText()).toContain(`other-${slug}`);
    await settings.screenshot({ path: join(ARTIFACTS, 'site-settings-taken-en.png') });

    await settings.locator('input[name="subdomain"]').fill(subdomain);
    await settings.locator('input[name="keepVersions"]').fill('3');
    await settings.getByTestId('site-settings-save').click();
    await expect.poll(() => settings.getByTestId('site-public-host').innerText()).toBe(publicHost);
    expect(await errors.count()).toBe(0);
    const saved = await h.app.handlers['workloads.get']({ id: siteId });
    expect(saved.kind === 'site' && [saved.subdomain, saved.keepVersions]).toEqual([subdomain, 3]);
  });

  it('deploys a folder with its upload shown live, and serves it as version 1 through the proxy', async () => {
    await watchProgress();
    await deploy(v1);
    await expect.poll(() => card().getByTestId('site-progress').getAttribute('data-phase'), { timeout: 60_000 }).toBe('done');
    const { phases, amounts } = await seen();
    // The bar counted the copy up (the first file is always told), went through the switch to
    // done, and its last count is every file of the folder.
    expect(phases).toEqual(['copying', 'deploying', 'done']);
    expect(amounts[0]).toMatch(/^Files \d+ of 201 · /);
    expect(amounts.some((a) => !a.startsWith('Files 201 of 201'))).toBe(true);
    expect(amounts.at(-1)).toMatch(/^Files 201 of 201 · [\d.]+ MB of [\d.]+ MB$/);
    await waitServing(1);
    expect(await version(1).innerText()).toMatch(/Version 1[\s\S]*Serving[\s\S]*201 files/);
    await expect.poll(() => throughProxy(publicHost), { timeout: 20_000 }).toBe('200 v1');
    await expect.poll(() => h.page.locator('[data-testid="deploy-row"][data-status="succeeded"]').count(), { timeout: 20_000 }).toBe(1);
    await fullShot('site-deployed-en');
  });

  it('deploys a second folder as version 2, then rolls back to version 1 from the page', async () => {
    await deploy(v2);
    await waitServing(2);
    await expect.poll(() => throughProxy(publicHost), { timeout: 20_000 }).toBe('200 v2');
    // Version 1 is kept and not served: it can be served again.
    expect(await version(2).getByTestId('site-version-rollback').count()).toBe(0);
    await version(1).getByTestId('site-version-rollback').click();
    const dialog = h.page.getByTestId('site-rollback-dialog');
    expect(await dialog.innerText()).toMatch(/Roll back to version 1\?[\s\S]*Nothing is copied/);
    await dialog.screenshot({ path: join(ARTIFACTS, 'site-rollback-dialog-en.png') });
    await dialog.getByTestId('site-rollback-confirm').click();
    await expect.poll(() => dialog.count()).toBe(0);
    await waitServing(1);
    await expect.poll(() => throughProxy(publicHost), { timeout: 20_000 }).toBe('200 v1');
    await expect.poll(() => h.page.locator('[data-testid="deploy-row"][data-kind="rollback"][data-status="succeeded"]').count(), { timeout: 20_000 }).toBe(1);
    expect(await h.page.getByTestId('site-version').count()).toBe(2);
  });

  it('deploys nothing when the files are the version served now', async () => {
    await deploy(v1);
    await expect.poll(() => card().getByTestId('site-deploy-unchanged').count(), { timeout: 30_000 }).toBe(1);
    expect(await card().getByTestId('site-progress').count()).toBe(0);
    expect(await h.page.getByTestId('site-version').count()).toBe(2);
  });

  it('shows a source that does not exist, and a relative path, refused in place; nothing changes', async () => {
    const missing = join(root, 'no-such-folder');
    await deploy(missing);
    const error = card().getByTestId('site-deploy-error');
    await expect.poll(() => error.count(), { timeout: 30_000 }).toBe(1);
    expect(await error.innerText()).toContain(missing);
    // The bar of the last upload is not left under the refusal, as if it were this one's.
    expect(await card().getByTestId('site-progress').count()).toBe(0);
    await card().screenshot({ path: join(ARTIFACTS, 'site-bad-source-en.png') });

    await deploy('relative/site');
    await expect.poll(() => card().getByTestId('field-error').innerText()).toMatch(/full path on this computer/);
    expect(await error.count()).toBe(0);
    expect(await h.page.getByTestId('site-version').count()).toBe(2);
    await expect.poll(() => throughProxy(publicHost)).toBe('200 v1');
  });

  it('renders the page in Russian', async () => {
    await h.app.handlers['settings.update']({ language: 'ru' });
    await expect.poll(() => h.page.locator('html').getAttribute('lang')).toBe('ru');
    expect(await card().getByTestId('site-deploy-submit').innerText()).toBe('Развернуть');
    expect(await version(1).innerText()).toMatch(/Версия 1[\s\S]*Обслуживает[\s\S]*201 файл/);
    expect(await card().getByTestId('field-error').innerText()).toMatch(/полный путь на этом компьютере/);
    await fullShot('site-deployed-ru');
    await version(2).getByTestId('site-version-rollback').click();
    const dialog = h.page.getByTestId('site-rollback-dialog');
    expect(await dialog.innerText()).toContain('Откатиться к версии 2?');
    await dialog.screenshot({ path: join(ARTIFACTS, 'site-rollback-dialog-ru.png') });
    await h.page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await h.app.handlers['settings.update']({ language: 'en' });
    await expect.poll(() => h.page.locator('html').getAttribute('lang')).toBe('en');
  });
});
