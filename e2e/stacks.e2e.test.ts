// A compose stack end to end through its page, against the real engine, dockerd and compose CLI:
// created through the form (the same editor), then its editor refuses a YAML syntax error, a schema
// error and `privileged: true` without the box, each shown at its line and nothing saved; a
// two-service deploy whose output streams into the page while it runs; an edit and a second deploy,
// compared as a line diff; the page and the diff in Russian; taken down, confirmed by its name.
// Screenshots land in e2e/artifacts.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL } from '../src/main/engine/docker/labels';
import { DOCKER_SOCKET, TEST_IMAGE, newRunId, testDocker, waitFor, removeComposeProject } from '../src/main/engine/testing/dockerHost';
import { removeDeployLeftovers, testProxy } from '../src/main/engine/testing/deployHarness';
import { getVia } from '../src/main/engine/testing/proxyClient';
import { ARTIFACTS, startHarness } from './harness';
import type { Harness } from './harness';

const docker = testDocker();
const runId = newRunId();
const project = `tfui${runId.replace(/[^a-z0-9]/g, '').slice(-10)}`;
const stackName = `stack-${project}`;
const proxy = testProxy(runId);
let h: Harness;
let stackId = '';

const LOOP = `["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]`;
const composeFile = (mode: string) => `services:
  web:
    image: tinyforge-test/app:v1
  worker:
    image: ${TEST_IMAGE}
    command: ${LOOP}
    environment:
      MODE: ${mode}
`;

const editor = () => h.page.getByTestId('compose-editor');
const problems = () => h.page.getByTestId('compose-problem');

/**
 * Replaces the editor's text by pasting it, as a user pastes a file: a paste event with the text on
 * its clipboard data, which CodeMirror inserts as is. (Typed or inserted text goes through the
 * contenteditable, where Chromium turns runs of spaces into no-break spaces: not YAML indentation.)
 */
async function setEditorText(text: string) {
  const content = editor().locator('.cm-content');
  await content.click();
  await h.page.keyboard.press('Control+A');
  await content.evaluate((el, pasted) => {
    const data = new DataTransfer();
    data.setData('text/plain', pasted);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
  // The document as CodeMirror holds it, line by line (short files: every line is rendered).
  const shown = () =>
    editor()
      .locator('.cm-content .cm-line')
      .evaluateAll((els) => els.map((l) => l.textContent ?? '').join('\n'));
  await expect.poll(shown).toBe(text);
}

/** The problems listed under the editor, once the check of the current text has answered. */
async function listedProblems() {
  await expect.poll(() => h.page.getByTestId('stack-check-state').getAttribute('data-state'), { timeout: 15_000 }).not.toBe('checking');
  return problems().evaluateAll((els) =>
    els.map((e) => ({ line: Number(e.getAttribute('data-line')), kind: e.getAttribute('data-kind'), text: e.textContent })),
  );
}

const storedFile = async () => {
  const stack = await h.app.handlers['workloads.get']({ id: stackId });
  return stack.kind === 'stack' ? stack.composeFile : null;
};

/** The whole page: the app scrolls inside .main, so the viewport grows to its height for the shot. */
async function fullShot(name: string) {
  const height = await h.page.locator('.main').evaluate((el) => el.scrollHeight);
  await h.page.setViewportSize({ width: 1280, height: Math.max(800, Math.min(height, 4000)) });
  await h.page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  await h.page.setViewportSize({ width: 1280, height: 800 });
}

const newestOperation = () => h.page.getByTestId('stack-live');

async function waitForOperation(kind: string, count: number) {
  await expect
    .poll(() => h.page.locator(`[data-testid="stack-operation"][data-kind="${kind}"][data-status="succeeded"]`).count(), { timeout: 60_000 })
    .toBe(count);
}

beforeAll(async () => {
  h = await startHarness({ dockerSocketPath: DOCKER_SOCKET, proxy });
  await waitFor('docker up', () => h.app.services.runtime('local')?.connection.status.state === 'up');
});

afterAll(async () => {
  await h?.close();
  await removeComposeProject(docker, project);
  await removeDeployLeftovers(docker, [], proxy);
});

/** What the managed proxy answers for `host`, through its published HTTP port. */
async function throughProxy(host: string): Promise<string> {
  const info = await docker.getContainer(`${proxy.name}-front`).inspect();
  const answer = await getVia(`127.0.0.1:${info.NetworkSettings.Ports['80/tcp']?.[0]?.HostPort}`, host);
  return 'body' in answer ? `${answer.status} ${answer.body}` : answer.error;
}

describe('a compose stack through its page', () => {
  it('creates the stack through the form, typing the file into the same editor', async () => {
    await h.open('#/workloads');
    await h.page.getByTestId('new-stack').click();
    const form = h.page.getByTestId('stack-form');
    await form.locator('input[name="name"]').fill(stackName);
    await form.locator('input[name="composeProjectName"]').fill(project);
    await setEditorText(composeFile('one'));
    await expect.poll(() => form.getByTestId('stack-check-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('ok');
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => h.page.locator(`[data-testid="workload-row"][data-workload-name="${stackName}"]`).count()).toBe(1);
    stackId = h.app.services.workloads.list().find((w) => w.name === stackName)!.id;
    expect(await storedFile()).toBe(composeFile('one'));
    await h.open(`#/workloads/${stackId}`);
    await editor().locator('.cm-content').waitFor();
    // CodeMirror's own styles apply under the app's Content-Security-Policy: gutters beside the text.
    expect(
      await editor()
        .locator('.cm-gutters')
        .evaluate((el) => getComputedStyle(el).display),
    ).toBe('flex');
    expect(await h.page.getByTestId('stack-history').count()).toBe(0);
  });

  it('shows a YAML syntax error at its line, and refuses to save it', async () => {
    // Line 4 is indented one space short of its siblings.
    await setEditorText('services:\n  web:\n    image: tinyforge-test/app:v1\n   ports: ["8080:80"]\n  worker:\n    image: tinyforge-test/busybox:latest\n');
    expect((await listedProblems()).map((p) => [p.line, p.kind])).toEqual([[4, 'syntax']]);
    // Underlined in the text, marked in the gutter.
    expect(await editor().locator('.cm-lintRange-error').count()).toBeGreaterThanOrEqual(1);
    expect(await editor().locator('.cm-lint-marker-error').count()).toBeGreaterThanOrEqual(1);
    await h.page.getByTestId('stack-save').click();
    await expect.poll(() => h.page.getByTestId('stack-save-error').innerText()).toMatch(/Not saved/);
    expect(await storedFile()).toBe(composeFile('one'));
    await h.page.screenshot({ path: join(ARTIFACTS, 'stack-syntax-error-en.png') });
  });

  it('shows a schema error at its line; clicking it puts the cursor there', async () => {
    await setEditorText('services:\n  web:\n    image: tinyforge-test/app:v1\n    restart_policy: always\n');
    expect((await listedProblems()).map((p) => [p.line, p.kind])).toEqual([[4, 'schema']]);
    expect(await problems().first().innerText()).toMatch(/Line 4[\s\S]*restart_policy[\s\S]*not a known option/);
    await problems().first().click();
    // The active line is the problem's.
    await expect.poll(() => editor().locator('.cm-activeLine').innerText()).toContain('restart_policy');
    await h.page.getByTestId('stack-save').click();
    await expect.poll(() => h.page.getByTestId('stack-save-error').count()).toBe(1);
    expect(await storedFile()).toBe(composeFile('one'));
  });

  it('refuses privileged: true at its line until the box is ticked, and lists it as host access', async () => {
    await setEditorText('services:\n  web:\n    image: tinyforge-test/app:v1\n    privileged: true\n');
    expect((await listedProblems()).map((p) => [p.line, p.kind])).toEqual([[4, 'host-access']]);
    expect(await h.page.getByTestId('host-access-use').innerText()).toMatch(/Line 4[\s\S]*web[\s\S]*privileged/);
    await h.page.getByTestId('stack-save').click();
    await expect.poll(() => h.page.getByTestId('stack-save-error').innerText()).toMatch(/Not saved/);
    expect(await storedFile()).toBe(composeFile('one'));
    await h.page.screenshot({ path: join(ARTIFACTS, 'stack-host-access-refused-en.png') });
    // Ticked, the same file passes the checks; it is still listed so nobody forgets it is there.
    await h.page.getByTestId('allow-host-access').check();
    expect((await listedProblems()).length).toBe(0);
    expect(await h.page.getByTestId('host-access-uses').getAttribute('data-allowed')).toBe('true');
    await h.page.getByTestId('allow-host-access').uncheck();
  });

  it('deploys a two-service stack, its output streaming into the page while it runs', async () => {
    await setEditorText(composeFile('one'));
    expect((await listedProblems()).length).toBe(0);
    // The stored file is the one the form created: nothing to save, so Save is off.
    expect(await h.page.getByTestId('stack-save').isDisabled()).toBe(true);
    // Records the most lines the live panel showed while its operation was still running.
    await h.page.evaluate(() => {
      const w = window as unknown as { linesWhileRunning: number };
      w.linesWhileRunning = 0;
      new MutationObserver(() => {
        const live = document.querySelector('[data-testid="stack-live"][data-status="running"] [data-testid="stack-live-output"]');
        if (live) w.linesWhileRunning = Math.max(w.linesWhileRunning, Number(live.getAttribute('data-lines')));
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await h.page.getByTestId('stack-deploy').click();
    await expect.poll(() => newestOperation().getAttribute('data-status'), { timeout: 60_000 }).toBe('succeeded');
    await waitForOperation('deploy', 1);
    expect(await h.page.evaluate(() => (window as unknown as { linesWhileRunning: number }).linesWhileRunning)).toBeGreaterThan(0);
    expect(await h.page.getByTestId('stack-live-output').innerText()).toMatch(/web/);
    await expect
      .poll(() => h.page.locator('[data-testid="stack-service"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-service')).sort()), {
        timeout: 20_000,
      })
      .toEqual(['web', 'worker']);
    await expect.poll(() => h.page.locator('[data-testid="stack-container"][data-state="running"]').count(), { timeout: 20_000 }).toBe(2);
    await expect.poll(() => h.page.getByTestId('stack-version').count()).toBe(1);
    await fullShot('stack-deployed-en');
  });

  it('deploys an edit as version 2 and shows the two files as a line diff', async () => {
    await setEditorText(composeFile('two'));
    await h.page.getByTestId('stack-save').click();
    await expect.poll(() => storedFile()).toBe(composeFile('two'));
    await h.page.getByTestId('stack-deploy').click();
    await waitForOperation('deploy', 2);
    await expect.poll(() => h.page.getByTestId('stack-version').count()).toBe(2);
    await h.page.locator('[data-testid="stack-version"][data-number="2"]').getByTestId('stack-version-compare').click();
    const dialog = h.page.getByTestId('stack-compare-dialog');
    const diff = dialog.getByTestId('version-diff');
    await diff.locator('.cm-content').waitFor();
    // The older line shown deleted, the newer one inserted.
    await expect.poll(() => diff.locator('.cm-deletedChunk').innerText()).toContain('MODE: one');
    expect(await diff.locator('.cm-changedLine').innerText()).toContain('MODE: two');
    await dialog.screenshot({ path: join(ARTIFACTS, 'stack-version-diff-en.png') });
    await h.page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
  });

  it("checks the file on the host: compose's own refusal shown as is, then the saved file accepted", async () => {
    // Passes the app's checks (the schema has no view of other services) but not compose's.
    await setEditorText(`${composeFile('two')}    depends_on: [nowhere]\n`);
    expect((await listedProblems()).length).toBe(0);
    await h.page.getByTestId('stack-check-on-host').click();
    const result = h.page.getByTestId('stack-host-check');
    await expect.poll(() => result.getAttribute('data-ok'), { timeout: 30_000 }).toBe('false');
    expect(await result.locator('pre').innerText()).toContain('nowhere');
    await h.page.screenshot({ path: join(ARTIFACTS, 'stack-host-check-en.png') });
    await setEditorText(composeFile('two'));
    await h.page.getByTestId('stack-check-on-host').click();
    await expect.poll(() => result.getAttribute('data-ok'), { timeout: 30_000 }).toBe('true');
    expect(await h.page.getByTestId('stack-unsaved').count()).toBe(0);
  });

  it("streams a service container's logs in its panel", async () => {
    const web = h.page.locator('[data-testid="stack-service"][data-service="web"]');
    await web.getByTestId('stack-container-logs').click();
    await expect.poll(() => web.getByTestId('container-logs').getAttribute('data-status'), { timeout: 10_000 }).toBe('live');
    const name = (await web.getByTestId('stack-container').getAttribute('data-container-name'))!;
    const exec = await docker.getContainer(name).exec({ Cmd: ['sh', '-c', `echo "stack ${project} says hi" > /proc/1/fd/1`], AttachStdout: true });
    (await exec.start({})).resume();
    await expect
      .poll(() => web.getByTestId('log-line').allInnerTexts(), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining(`stack ${project} says hi`));
    await web.getByTestId('stack-container-logs').click();
    await expect.poll(() => web.getByTestId('container-logs').count()).toBe(0);
  });

  it('restarts one service from its panel, recorded in the history by its name', async () => {
    const web = h.page.locator('[data-testid="stack-service"][data-service="web"]');
    await web.getByTestId('stack-service-restart').click();
    await waitForOperation('restart-service', 1);
    expect(await h.page.locator('[data-testid="stack-operation"][data-kind="restart-service"]').innerText()).toContain('Restart service web');
    expect(await h.page.getByTestId('stack-deploy').isDisabled()).toBe(false);
  });

  it('publishes the web service through the proxy: routed, answered under its name, a taken name refused in place', async () => {
    const routes = h.page.getByTestId('stack-routes');
    await routes.getByTestId('route-service').selectOption('web');
    await routes.getByTestId('route-port').fill('80');
    await routes.getByTestId('route-subdomain').fill(`web-${project}`);
    await routes.getByTestId('route-publish').click();
    await expect.poll(() => routes.locator('[data-testid="stack-route"][data-state="routed"]').count(), { timeout: 20_000 }).toBe(1);
    expect(await routes.getByTestId('stack-route').innerText()).toContain(`web-${project}.localhost`);
    await expect.poll(() => throughProxy(`web-${project}.localhost`), { timeout: 20_000 }).toBe('200 v1');

    await routes.getByTestId('route-service').selectOption('worker');
    await routes.getByTestId('route-subdomain').fill(`web-${project}`);
    await routes.getByTestId('route-publish').click();
    await expect.poll(() => routes.getByTestId('route-error').innerText()).toContain(`web-${project}.localhost`);
    expect(await routes.getByTestId('stack-route').count()).toBe(1);
    await routes.screenshot({ path: join(ARTIFACTS, 'stack-routes-en.png') });
  });

  it('rolls back to version 1 after naming it and its images, and the worker runs its file again', async () => {
    await h.page.locator('[data-testid="stack-version"][data-number="1"]').getByTestId('stack-version-rollback').click();
    const dialog = h.page.getByTestId('stack-rollback-dialog');
    expect(await dialog.innerText()).toMatch(/Roll back to version 1[\s\S]*web[\s\S]*tinyforge-test\/app:v1[\s\S]*worker/);
    await dialog.getByTestId('stack-rollback-confirm').click();
    await expect.poll(() => dialog.count()).toBe(0);
    await waitForOperation('rollback', 1);
    const worker = (await docker.listContainers({ filters: { label: [`${LABEL.composeProject}=${project}`, `${LABEL.composeService}=worker`] } }))[0]!;
    expect((await docker.getContainer(worker.Id).inspect()).Config.Env).toContain('MODE=one');
    // The stack's file is version 1's again, and the editor (not edited since) follows it.
    expect(await storedFile()).toBe(composeFile('one'));
    await expect.poll(() => editor().locator('.cm-content').innerText()).toContain('MODE: one');
  });

  it('keeps a secret value write-only: listed by name with where it is kept, never shown again', async () => {
    const value = `tok-${Date.now()}-secret`;
    const secrets = h.page.getByTestId('stack-secrets');
    await secrets.getByTestId('secret-key').fill('API_TOKEN');
    await secrets.getByTestId('secret-value').fill(value);
    await secrets.getByTestId('secret-add').click();
    await expect.poll(() => secrets.getByTestId('stack-secret').count()).toBe(1);
    expect(await secrets.getByTestId('stack-secret').innerText()).toMatch(/API_TOKEN[\s\S]*This session only/);
    expect(await secrets.getByTestId('secret-value').inputValue()).toBe('');
    expect(await h.page.content()).not.toContain(value);
    await secrets.screenshot({ path: join(ARTIFACTS, 'stack-secrets-en.png') });
  });

  it('renders the page and the diff in Russian', async () => {
    await h.app.handlers['settings.update']({ language: 'ru' });
    await expect.poll(() => h.page.locator('html').getAttribute('lang')).toBe('ru');
    expect(await h.page.getByTestId('stack-deploy').innerText()).toMatch(/[А-Яа-яЁё]/);
    expect(await h.page.locator('[data-testid="stack-version"][data-number="2"]').innerText()).toContain('Версия 2');
    await fullShot('stack-deployed-ru');
    await h.page.locator('[data-testid="stack-version"][data-number="2"]').getByTestId('stack-version-compare').click();
    const dialog = h.page.getByTestId('stack-compare-dialog');
    await dialog.getByTestId('version-diff').locator('.cm-deletedChunk').waitFor();
    await dialog.screenshot({ path: join(ARTIFACTS, 'stack-version-diff-ru.png') });
    await h.page.keyboard.press('Escape');
    await setEditorText('services:\n  web:\n    image: tinyforge-test/app:v1\n    privileged: true\n');
    expect((await listedProblems()).map((p) => p.text).join(' ')).toMatch(/Строка 4.*привилегированный/);
    await h.page.screenshot({ path: join(ARTIFACTS, 'stack-host-access-refused-ru.png') });
    await setEditorText(composeFile('two'));
    await h.app.handlers['settings.update']({ language: 'en' });
    await expect.poll(() => h.page.locator('html').getAttribute('lang')).toBe('en');
  });

  it('unpublishes the web service: gone from the page and from the proxy', async () => {
    const routes = h.page.getByTestId('stack-routes');
    await routes.getByTestId('stack-route-unpublish').click();
    await expect.poll(() => routes.getByTestId('stack-route').count()).toBe(0);
    expect(await throughProxy(`web-${project}.localhost`)).not.toBe('200 v1');
  });

  it('takes the stack down only once its name is typed', async () => {
    await h.page.getByTestId('stack-down').click();
    const dialog = h.page.getByTestId('stack-down-dialog');
    expect(await dialog.getByTestId('stack-down-volumes').isChecked()).toBe(false);
    expect(await dialog.getByTestId('stack-down-confirm').isDisabled()).toBe(true);
    await dialog.locator('input[name="confirmName"]').fill('not-the-name');
    expect(await dialog.getByTestId('stack-down-confirm').isDisabled()).toBe(true);
    await dialog.locator('input[name="confirmName"]').fill(stackName);
    await dialog.getByTestId('stack-down-confirm').click();
    await expect.poll(() => dialog.count()).toBe(0);
    await waitForOperation('down', 1);
    await expect
      .poll(async () => (await docker.listContainers({ all: true, filters: { label: [`${LABEL.composeProject}=${project}`] } })).length, { timeout: 20_000 })
      .toBe(0);
  });
});
