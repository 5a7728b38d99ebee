// Live logs end to end: real dockerd, real engine, browser shell, Debian's Chromium. A container
// prints lines; the viewer shows them arriving, search narrows them, following stops when turned
// off, stderr is marked, and the Russian UI is complete. A container whose labels merely claim the
// workload offers no logs, and its logs stay closed at their direct URL too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalLabels } from '../src/main/engine/docker/labels';
import { DOCKER_SOCKET, newRunId, removeRun, runContainer, testDocker, waitFor } from '../src/main/engine/testing/dockerHost';
import { startHarness } from './harness';
import type { Harness } from './harness';

const docker = testDocker();
const runId = newRunId();
let h: Harness;
let rowId: string;
const name = `${runId}-chatty`;

// Three lines every 100 ms: an info line, every fifth a "payment" line, and an error on stderr.
const CHATTY = [
  'sh',
  '-c',
  'trap "exit 0" TERM; i=0; while true; do echo "GET /api/items/$i 200 12ms"; if [ $((i % 5)) -eq 0 ]; then echo "payment accepted order=$i"; fi; echo "warning: slow query $i" >&2; i=$((i+1)); sleep 0.1; done',
];

const lines = () => h.page.getByTestId('log-line');
const count = async (attr: 'data-shown' | 'data-total') => Number(await h.page.getByTestId('log-count').getAttribute(attr));
const scrollTop = () => h.page.getByTestId('log-scroll').evaluate((el) => el.scrollTop);
const atBottom = () => h.page.getByTestId('log-scroll').evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 12);

beforeAll(async () => {
  h = await startHarness({ dockerSocketPath: DOCKER_SOCKET });
  await waitFor('docker up', () => h.app.services.runtime('local')?.connection.status.state === 'up');
  const project = await h.app.handlers['workloads.createProject']({
    hostId: 'local',
    name: 'shop',
    imageRepository: 'acme/shop',
    stages: [{ name: 'production', imageTag: 'latest', env: {}, port: 80, healthCheckPath: null, healthTimeoutSec: 60, subdomain: null, maxInstances: 2 }],
  });
  await runContainer(docker, runId, { name, labels: canonicalLabels(project.id, 'project', 'production'), cmd: CHATTY });
  const row = await waitFor('row recorded', () => h.app.services.containers.list().find((c) => c.name === name && c.state === 'running'));
  // Started by the test with the workload's labels, not by a deploy: the user's trust makes it the app's.
  rowId = h.app.services.containers.setTrust(row, true, Date.now()).id;
  // Enough history that the view must scroll.
  await waitFor(
    'history',
    async () => (await docker.getContainer(row.dockerId).logs({ stdout: true, tail: 'all' as unknown as number })).toString().split('\n').length > 80,
    20_000,
  );
}, 60_000);

afterAll(async () => {
  await removeRun(docker, runId);
  await h?.close();
});

describe('container logs', () => {
  it('opens from the Containers page and streams lines in, stderr marked', async () => {
    await h.open('#/containers');
    const row = h.page.locator(`[data-testid="container-row"][data-container-name="${name}"]`);
    await expect.poll(() => row.getByTestId('container-logs-link').count()).toBe(1);
    await row.hover();
    await h.screenshot('logs-row-action-en');
    await row.getByTestId('container-logs-link').click();
    await expect.poll(() => h.page.url()).toContain(`#/containers/${rowId}/logs`);
    await expect.poll(() => h.page.getByTestId('container-logs').getAttribute('data-status')).toBe('live');

    const first = await count('data-total');
    await expect.poll(() => count('data-total'), { timeout: 5_000 }).toBeGreaterThan(first + 5);
    expect(await h.page.locator('[data-testid="log-line"][data-stream="stderr"]').count()).toBeGreaterThan(0);
    expect(await h.page.locator('[data-testid="log-line"][data-stream="stderr"]').first().innerText()).toContain('warning: slow query');
    // Virtualised: far fewer rows in the DOM than lines held.
    expect(await lines().count()).toBeLessThan(await count('data-total'));
    expect(await atBottom()).toBe(true);
    await h.screenshot('logs-live-en');
  });

  it('search narrows the lines, highlights the matches and counts them', async () => {
    await h.page.getByTestId('log-search').fill('payment');
    // Until the filter applies, every line is shown (shown = total > 0): wait for the filtered view.
    await expect.poll(async () => (await count('data-shown')) > 0 && (await count('data-shown')) < (await count('data-total'))).toBe(true);
    const shown = await count('data-shown');
    expect(shown).toBeLessThan(await count('data-total'));
    for (const text of await lines().allInnerTexts()) expect(text).toContain('payment');
    expect(await h.page.locator('mark.log-match').first().innerText()).toBe('payment');
    expect(await h.page.getByTestId('log-count').innerText()).toMatch(/\d+ of \d+ lines match/);
    await h.screenshot('logs-search-en');

    await h.page.getByTestId('log-search').fill('no such text anywhere');
    await expect.poll(() => h.page.getByTestId('log-empty').count()).toBe(1);
    await h.page.getByTestId('log-search').fill('');
    await expect.poll(() => lines().count()).toBeGreaterThan(10);
  });

  it('follow off stops auto-scroll; jump to latest resumes it', async () => {
    await h.page.getByTestId('log-follow').click();
    expect(await h.page.getByTestId('log-follow').getAttribute('aria-pressed')).toBe('false');
    await h.page.getByTestId('log-scroll').evaluate((el) => {
      el.scrollTop = 0;
    });
    const total = await count('data-total');
    await expect.poll(() => count('data-total'), { timeout: 5_000 }).toBeGreaterThan(total + 6);
    expect(await scrollTop()).toBe(0);
    expect(await atBottom()).toBe(false);
    await expect.poll(() => h.page.getByTestId('log-jump').count()).toBe(1);
    await h.screenshot('logs-paused-en');

    await h.page.getByTestId('log-jump').click();
    await expect.poll(() => atBottom()).toBe(true);
    expect(await h.page.getByTestId('log-follow').getAttribute('aria-pressed')).toBe('true');
    const now = await count('data-total');
    await expect.poll(() => count('data-total'), { timeout: 5_000 }).toBeGreaterThan(now + 3);
    expect(await atBottom()).toBe(true);
  });

  it('scrolling up by hand pauses following', async () => {
    await h.page.getByTestId('log-scroll').hover();
    await h.page.mouse.wheel(0, -600);
    await expect.poll(() => h.page.getByTestId('log-follow').getAttribute('aria-pressed')).toBe('false');
    await expect.poll(() => h.page.getByTestId('log-jump').count()).toBe(1);
    await h.page.getByTestId('log-jump').click();
  });

  it('shows timestamps on request and clears the view', async () => {
    await h.page.getByTestId('log-times').click();
    await expect.poll(() => h.page.locator('.log-time').first().innerText()).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
    await h.page.getByTestId('log-clear').click();
    expect(await count('data-total')).toBeLessThan(5);
    await expect.poll(() => count('data-total'), { timeout: 5_000 }).toBeGreaterThan(3);
    await h.page.getByTestId('log-times').click();
  });

  it('says so when the container is removed', async () => {
    const row = h.app.services.containers.get(rowId)!;
    await docker.getContainer(row.dockerId).remove({ force: true });
    await expect.poll(() => h.page.getByTestId('container-logs').getAttribute('data-status'), { timeout: 10_000 }).toBe('ended');
    expect(await h.page.getByTestId('log-status').innerText()).toContain('The container was removed');
    await h.screenshot('logs-removed-en');
  });

  it('is complete in Russian', async () => {
    await h.app.handlers['settings.update']({ language: 'ru' });
    await expect.poll(() => h.page.locator('html').getAttribute('lang')).toBe('ru');
    expect(await h.page.getByTestId('log-status').innerText()).toContain('Контейнер удалён');
    expect(await h.page.getByTestId('log-follow').innerText()).toBe('Следить');
    expect(await h.page.getByTestId('log-count').innerText()).toMatch(/строк/);
    // Nothing to follow again once the container is gone.
    expect(await h.page.getByTestId('log-reopen').count()).toBe(0);
    await h.page.getByTestId('log-search').fill('payment');
    await expect.poll(() => h.page.getByTestId('log-count').innerText()).toMatch(/Совпада/);
    await h.screenshot('logs-ru');
    await h.page.getByTestId('log-search').fill('');
    await h.app.handlers['settings.update']({ language: 'en' });
  });

  it('refuses the logs of a container whose labels claim the workload, at their direct URL too', async () => {
    const forgedName = `${runId}-forged`;
    const project = h.app.services.workloads.list().find((w) => w.name === 'shop')!;
    await runContainer(docker, runId, {
      name: forgedName,
      labels: canonicalLabels(project.id, 'project', 'production'),
      cmd: ['sh', '-c', 'echo forged-secret-line; sleep 3600'],
    });
    const forged = await waitFor('forged row', () => h.app.services.containers.list().find((c) => c.name === forgedName && c.state === 'running'));
    expect(forged.provenance).toBe('unverified');

    await h.open('#/containers');
    const row = h.page.locator(`[data-testid="container-row"][data-container-name="${forgedName}"]`);
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getByTestId('container-logs-link').count()).toBe(0);

    await h.open(`#/containers/${forged.id}/logs`);
    await expect.poll(() => h.page.getByTestId('container-logs').getAttribute('data-status'), { timeout: 10_000 }).toBe('failed');
    expect(await h.page.getByTestId('log-status').innerText()).toMatch(/not allowed/i);
    expect(await h.page.getByTestId('log-line').count()).toBe(0);
    expect(await h.page.content()).not.toContain('forged-secret-line');
    await h.screenshot('logs-forged-refused-en');
  });

  it('refuses a forged deep link quietly: an unknown id shows not found', async () => {
    await h.open('#/containers/not-a-container/logs');
    await expect.poll(() => h.page.getByTestId('logs-not-found').count()).toBe(1);
  });
});
