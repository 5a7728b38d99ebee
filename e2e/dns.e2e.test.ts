// DNS records end to end: RFC 2136 configured on the local host through the Hosts page (a wrong
// TSIG secret named by "test connection", then the right one saved), a stage deployed through its
// card gets its A record at the test BIND (scripts/test-host.sh) shown ok on the card and in the
// host's records list; a change made outside the app with nsupdate shows as drift and is repaired
// from the UI. English and Russian; screenshots in e2e/artifacts.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDeployLeftovers, testProxy } from '../src/main/engine/testing/deployHarness';
import { DOCKER_SOCKET, newRunId, testDocker, waitFor } from '../src/main/engine/testing/dockerHost';
import { TEST_BIND, bindAnswers, dig, nsupdateOutside, uniqueLabel } from '../src/main/engine/testing/testBind';
import { SAMPLE_SITE, tempDir as siteDir, writeTree } from '../src/main/engine/sites/siteFixtures';
import { ARTIFACTS, startHarness } from './harness';
import type { Harness } from './harness';

const docker = testDocker();
const runId = newRunId();
const proxy = testProxy(runId);
const zone = TEST_BIND.zone;
const label = uniqueLabel('web');
const fqdn = `${label}.${zone}`;
let h: Harness;
let projectId = '';
let siteId = '';

const card = () => h.page.locator('[data-testid="stage-card"][data-stage-name="production"]');
const localRow = () => h.page.locator('[data-testid="host-row"][data-host-id="local"]');
const recordRow = () => h.page.locator(`[data-testid="dns-record"][data-name="${fqdn}"][data-type="A"]`);

/** The whole page: the app scrolls inside .main, so the viewport grows to its height for the shot. */
async function fullShot(name: string) {
  const height = await h.page.locator('.main').evaluate((el) => el.scrollHeight);
  await h.page.setViewportSize({ width: 1280, height: Math.max(800, height) });
  await h.page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  await h.page.setViewportSize({ width: 1280, height: 800 });
}

beforeAll(async () => {
  await bindAnswers();
  h = await startHarness({
    dockerSocketPath: DOCKER_SOCKET,
    proxy: { ...proxy, domain: zone },
    deploy: { drainMs: 200, stopTimeoutSec: 1 },
    dns: { tickMs: 3_600_000 },
  });
  await waitFor('docker up', () => h.app.services.runtime('local')?.connection.status.state === 'up');
  const project = await h.app.handlers['workloads.createProject']({
    hostId: 'local',
    name: `dns-${runId.slice(-6)}`,
    imageRepository: 'tinyforge-test/app',
    stages: [{ name: 'production', imageTag: 'v1', env: {}, port: 80, healthCheckPath: '/health', healthTimeoutSec: 15, subdomain: label, maxInstances: 2 }],
  });
  projectId = project.id;
});

afterAll(async () => {
  await h?.close();
  await removeDeployLeftovers(docker, [projectId, siteId], proxy);
});

describe('DNS records through the UI', () => {
  it('configures RFC 2136 on the local host: a wrong secret is named by the test, the right one saved', async () => {
    await h.open('#/hosts');
    await localRow().getByTestId('edit-host').click();
    const form = h.page.getByTestId('dns-form');
    await form.locator('[name="settings.kind"]').selectOption('rfc2136');
    await form.locator('[name="settings.zone"]').fill(zone);
    await form.locator('[name="settings.ipv4"]').fill('192.0.2.77');
    await form.locator('[name="settings.server"]').fill(TEST_BIND.host);
    await form.locator('[name="settings.port"]').fill(String(TEST_BIND.port));
    await form.locator('[name="settings.keyName"]').fill(TEST_BIND.key.name);
    await form.locator('[name="settings.secret"]').fill(TEST_BIND.outsideKey.secret);
    await h.page.getByTestId('dns-test').click();
    await expect.poll(() => form.getByTestId('dns-test-error').count()).toBe(1);
    expect(await form.getByTestId('dns-test-error').innerText()).toContain('refused the key or token');
    expect(h.app.services.secrets.dnsSecret('local')).toBeNull();
    await h.screenshot('dns-settings-wrong-key-en');

    await form.locator('[name="settings.secret"]').fill(TEST_BIND.key.secret);
    await h.page.getByTestId('dns-test').click();
    await expect.poll(() => form.getByTestId('dns-test-ok').count()).toBe(1);
    await h.screenshot('dns-settings-tested-en');
    await h.page.getByTestId('save-dns').click();
    await expect.poll(() => h.page.getByTestId('dns-form').count()).toBe(0);
    expect(await h.app.handlers['dns.settings']({ hostId: 'local' })).toMatchObject({ kind: 'rfc2136', zone, ipv4: '192.0.2.77', secret: 'session' });
    expect(await h.page.content()).not.toContain(TEST_BIND.key.secret);
    await expect.poll(() => h.page.getByTestId('dns-records-empty').count()).toBe(1);
  });

  it('deploys the stage from its card; its A record is created at BIND and shown ok', async () => {
    await h.open(`#/workloads/${projectId}`);
    await card().getByTestId('stage-deploy').click();
    const dialog = h.page.getByTestId('deploy-dialog');
    await dialog.locator('button[type="submit"]').click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect
      .poll(() => card().locator('[data-testid="dns-line-record"][data-type="A"] [data-dns-state]').getAttribute('data-dns-state'), { timeout: 40_000 })
      .toBe('ok');
    expect(await dig(fqdn, 'A')).toEqual(['192.0.2.77']);
    await fullShot('dns-stage-card-en');
  });

  it('shows a change made outside the app as drift in the host’s list, and repairs it from there', async () => {
    await nsupdateOutside(`update delete ${fqdn} A`, `update add ${fqdn} 300 A 198.51.100.77`);
    await h.open('#/hosts');
    await h.page.getByTestId('dns-check').click();
    await expect.poll(() => recordRow().getByTestId('dns-state').getAttribute('data-dns-state')).toBe('drift');
    expect(await recordRow().getByTestId('dns-observed').innerText()).toContain('198.51.100.77');
    await fullShot('dns-records-drift-en');

    await h.page.getByTestId('language-switch').selectOption('ru');
    await expect.poll(() => recordRow().getByTestId('dns-observed').innerText()).toContain('Изменена вне Tinyforge');
    expect(await h.page.getByTestId('dns-records').innerText()).toContain('DNS-записи на');
    expect(await recordRow().getByTestId('dns-state').innerText()).toBe('расхождение');
    await fullShot('dns-records-drift-ru');

    await recordRow().getByTestId('dns-repair').click();
    await expect.poll(() => recordRow().getByTestId('dns-state').getAttribute('data-dns-state')).toBe('ok');
    expect(await dig(fqdn, 'A')).toEqual(['192.0.2.77']);
    expect(await recordRow().getByTestId('dns-state').innerText()).toBe('в порядке');
    await fullShot('dns-records-repaired-ru');

    await localRow().getByTestId('edit-host').click();
    await expect.poll(() => h.page.getByTestId('dns-secret-keeping').innerText()).toContain('только до конца сеанса');
    await fullShot('dns-settings-ru');
    await h.open(`#/workloads/${projectId}`);
    await expect.poll(() => card().getByTestId('dns-record-line').innerText()).toContain('в порядке');
    await fullShot('dns-stage-card-ru');
    await h.page.getByTestId('language-switch').selectOption('en');
  });

  it('shows a site’s record state on its page', async () => {
    const docs = uniqueLabel('docs');
    const site = await h.app.handlers['workloads.createSite']({ hostId: 'local', name: `Docs ${runId.slice(-6)}`, sourceDir: '' });
    siteId = site.id;
    await h.app.handlers['sites.update']({
      id: siteId,
      subdomain: docs,
      options: { spaFallback: false, notFoundPage: null, cacheHashed: true, precompressed: true },
      keepVersions: 2,
    });
    const dir = siteDir();
    await h.app.handlers['sites.deploy']({ id: siteId, source: { kind: 'folder', path: writeTree(dir.path, SAMPLE_SITE) } });
    await h.open(`#/workloads/${siteId}`);
    const line = h.page.getByTestId('site-settings').getByTestId('dns-record-line');
    await expect.poll(() => line.locator('[data-type="A"] [data-dns-state]').getAttribute('data-dns-state'), { timeout: 40_000 }).toBe('ok');
    expect(await dig(`${docs}.${zone}`, 'A')).toEqual(['192.0.2.77']);
    await fullShot('dns-site-en');
    await h.page.getByTestId('language-switch').selectOption('ru');
    await expect.poll(() => line.innerText()).toContain('в порядке');
    await fullShot('dns-site-ru');
    await h.page.getByTestId('language-switch').selectOption('en');
    dir.remove();
  });
});
