// The container detail panel and its terminal end to end: real dockerd, real sshd, the engine behind
// the browser shell, Debian's Chromium. Open the panel from a row, type into xterm.js and read the
// answer in its buffer; resize the window and read the new size from `stty size`; the same on an SSH
// host; a container the app did not create is refused; the environment stays masked; both languages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalLabels } from '../src/main/engine/docker/labels';
import { DOCKER_SOCKET, TEST_IMAGE, TEST_RUN_LABEL, newRunId, removeRun, testDocker, waitFor } from '../src/main/engine/testing/dockerHost';
import { stage } from '../src/main/engine/testing/fixtures';
import { TestSshServer, addTrustedHost } from '../src/main/engine/testing/sshServer';
import { startHarness } from './harness';
import type { Harness } from './harness';

const docker = testDocker();
const runId = newRunId();
let h: Harness;
let sshd: TestSshServer;
let sshHostId: string;

/** A running container of a new project on the host; the user trusted it unless `forged`. */
async function container(hostId: string, suffix: string, opts: { forged?: boolean } = {}) {
  const project = h.app.services.workloads.createProject({ hostId, name: `term-${suffix}`, imageRepository: 'acme/term', stages: [stage('production')] });
  const name = `${runId}-${suffix}`;
  const created = await docker.createContainer({
    Image: TEST_IMAGE,
    name,
    Cmd: ['sleep', '3600'],
    Env: ['PORT=8080', 'API_TOKEN=tok-e2e-secret-value'],
    Labels: { ...canonicalLabels(project.id, 'project', 'production'), [TEST_RUN_LABEL]: runId },
  });
  await created.start();
  await h.app.handlers['reconcile.now']({ hostId });
  const row = await waitFor(`row ${name}`, () => h.app.services.containers.list(hostId).find((c) => c.name === name));
  return { row: opts.forged ? row : h.app.services.containers.setTrust(row, true, Date.now()), workloadId: project.id, name };
}

/** What xterm.js shows, row by row (its DOM renderer draws the buffer as rows of text). */
const screen = () => h.page.locator('.xterm-rows').innerText();
const terminal = () => h.page.getByTestId('terminal');

async function typeInTerminal(text: string) {
  await h.page.locator('.xterm-helper-textarea').focus();
  await h.page.keyboard.type(text);
  await h.page.keyboard.press('Enter');
}

beforeAll(async () => {
  sshd = await TestSshServer.start();
  h = await startHarness({ dockerSocketPath: DOCKER_SOCKET, resyncIntervalMs: 60_000 });
  await waitFor('docker up', () => h.app.services.runtime('local')?.connection.status.state === 'up');
  sshHostId = await addTrustedHost(h.app, sshd, 'term-ssh');
}, 60_000);

afterAll(async () => {
  await removeRun(docker, runId);
  await h?.close();
  await sshd?.dispose();
});

describe('the container detail panel', () => {
  it('opens from the Containers page, shows the overview, and keeps secret values out of the page', async () => {
    const { row, name } = await container('local', 'overview');
    await h.open('#/containers');
    const tableRow = h.page.locator(`[data-testid="container-row"][data-container-name="${name}"]`);
    await expect.poll(() => tableRow.getByTestId('container-detail-link').count()).toBe(1);
    await tableRow.getByTestId('container-detail-link').click();
    await expect.poll(() => h.page.url()).toContain(`#/containers/${row.id}/overview`);
    await expect.poll(() => h.page.getByTestId('detail-image').innerText()).toBe(TEST_IMAGE);
    expect(await h.page.getByTestId('detail-labels').innerText()).toContain('tinyforge.workload.id');
    await h.screenshot('container-overview-en');

    await h.page.getByTestId('detail-tab-environment').click();
    const secretRow = h.page.locator('[data-testid="env-row"][data-key="API_TOKEN"]');
    await expect.poll(() => secretRow.count()).toBe(1);
    expect(await h.page.content()).not.toContain('tok-e2e-secret-value');
    expect(await h.page.content()).not.toContain('8080');
    await h.screenshot('container-env-masked-en');
    await secretRow.getByTestId('env-reveal').click();
    await expect.poll(() => secretRow.getByTestId('env-value').innerText()).toBe('tok-e2e-secret-value');

    // A reload lands on the same tab.
    await h.page.reload();
    await expect.poll(() => h.page.getByTestId('container-detail').getAttribute('data-tab')).toBe('environment');
    expect(await h.page.content()).not.toContain('tok-e2e-secret-value');
  });

  it('runs a terminal: 6*7 is 42, and stty follows the window size', async () => {
    const { row, workloadId } = await container('local', 'local');
    await h.open(`#/containers/${row.id}/terminal`);
    await expect.poll(() => terminal().getAttribute('data-status'), { timeout: 15_000 }).toBe('open');
    expect(await terminal().getAttribute('data-shell')).toBe('sh');

    await typeInTerminal('echo $((6*7))');
    await expect.poll(screen).toMatch(/^42$/m);

    const sized = async () => `${await terminal().getAttribute('data-rows')} ${await terminal().getAttribute('data-cols')}`;
    await typeInTerminal('busybox stty size');
    const first = await sized();
    await expect.poll(screen).toContain(first);
    // Drawn in the theme's colour, not the page's black on the terminal's black (the CSP blocks
    // xterm's own <style> elements; cspStyles.ts mirrors them).
    expect(await h.page.locator('.xterm-rows').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(255, 255, 255)');
    await h.screenshot('container-terminal-en');

    await h.page.setViewportSize({ width: 900, height: 600 });
    await expect.poll(sized).not.toBe(first);
    const second = await sized();
    await typeInTerminal('clear; busybox stty size');
    await expect.poll(screen).toMatch(new RegExp(`^${second}$`, 'm'));
    await h.page.setViewportSize({ width: 1280, height: 800 });

    // The session is in the workload's history once it ends (leaving the page closes it).
    await h.open(`#/workloads/${workloadId}`);
    await expect.poll(() => h.page.locator('[data-testid="exec-session"]').getAttribute('data-end-reason')).toBe('closed');
    await h.page.getByTestId('exec-history-card').scrollIntoViewIfNeeded();
    await h.screenshot('workload-exec-history-en');
  });

  it('runs a terminal on an SSH host too', async () => {
    const { row } = await container(sshHostId, 'ssh');
    await h.open(`#/containers/${row.id}/terminal`);
    await expect.poll(() => terminal().getAttribute('data-status'), { timeout: 15_000 }).toBe('open');
    await typeInTerminal('echo $((6*7))');
    await expect.poll(screen).toMatch(/^42$/m);
    const size = `${await terminal().getAttribute('data-rows')} ${await terminal().getAttribute('data-cols')}`;
    await typeInTerminal('busybox stty size');
    await expect.poll(screen).toMatch(new RegExp(`^${size}$`, 'm'));
  });

  it('refuses a container whose labels claim a workload the app did not create it for', async () => {
    const { row } = await container('local', 'forged', { forged: true });
    await h.open(`#/containers/${row.id}/terminal`);
    await expect.poll(() => terminal().getAttribute('data-status'), { timeout: 15_000 }).toBe('failed');
    expect(await h.page.getByTestId('terminal-error').innerText()).toMatch(/not allowed/i);
    await h.page.getByTestId('detail-tab-overview').click();
    await expect.poll(() => h.page.getByTestId('error-state').count()).toBe(1);
    await h.screenshot('container-forged-refused-en');
  });

  it('is complete in Russian', async () => {
    const { row } = await container('local', 'russian');
    await h.app.handlers['settings.update']({ language: 'ru' });
    try {
      await h.open(`#/containers/${row.id}/overview`);
      await expect.poll(() => h.page.locator('html').getAttribute('lang')).toBe('ru');
      await expect.poll(() => h.page.getByTestId('detail-tab-terminal').innerText()).toBe('Терминал');
      await expect.poll(() => h.page.getByTestId('container-overview').count()).toBe(1);
      await h.screenshot('container-overview-ru');
      await h.page.getByTestId('detail-tab-environment').click();
      await expect.poll(() => h.page.locator('[data-testid="env-row"]').count()).toBeGreaterThan(0);
      await h.screenshot('container-env-masked-ru');
      await h.page.getByTestId('detail-tab-terminal').click();
      await expect.poll(() => terminal().getAttribute('data-status'), { timeout: 15_000 }).toBe('open');
      await typeInTerminal('echo $((6*7))');
      await expect.poll(screen).toMatch(/^42$/m);
      await h.screenshot('container-terminal-ru');
    } finally {
      await h.app.handlers['settings.update']({ language: 'en' });
    }
  });
});
