// Adopting what runs on the host, as a user meets it: the Containers page's "Other containers" view
// lists two compose projects started by `docker-compose` outside the app, read only; adopting the
// one whose files are on disk shows its own file, adopting the one whose files are gone says why and
// shows a draft; each lands on its new stack's page. English and Russian; screenshots in e2e/artifacts.
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCKER_SOCKET, TEST_IMAGE, TEST_RUN_LABEL, newRunId, testDocker, waitFor, removeComposeProject } from '../src/main/engine/testing/dockerHost';
import { tempDir } from '../src/main/engine/testing/fixtures';
import { startHarness } from './harness';
import type { Harness } from './harness';

const exec = promisify(execFile);
const docker = testDocker();
const runId = newRunId();
const suffix = runId.replace(/[^a-z0-9]/g, '').slice(-10);
const shop = `shop${suffix}`;
const legacy = `legacy${suffix}`;
const work = tempDir('tinyforge-e2e-adopt-');
let h: Harness;

const composeFile = `services:
  web:
    image: ${TEST_IMAGE}
    ports:
      - "127.0.0.1::80"
    labels:
      ${TEST_RUN_LABEL}: ${runId}
  worker:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    volumes:
      - ./data:/data
    labels:
      ${TEST_RUN_LABEL}: ${runId}
`;

async function composeUp(project: string): Promise<string> {
  const dir = join(work, project);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'compose.yml'), composeFile);
  await exec('docker-compose', ['-p', project, '-f', join(dir, 'compose.yml'), 'up', '-d'], { cwd: dir });
  return dir;
}

beforeAll(async () => {
  await composeUp(shop);
  // The second project's checkout is gone: only its containers remain.
  rmSync(await composeUp(legacy), { recursive: true, force: true });
  h = await startHarness({ dockerSocketPath: DOCKER_SOCKET });
  await waitFor('docker up', () => h.app.services.runtime('local')?.connection.status.state === 'up');
}, 120_000);

afterAll(async () => {
  await h?.close();
  for (const project of [shop, legacy]) {
    await removeComposeProject(docker, project);
  }
  rmSync(work, { recursive: true, force: true });
}, 60_000);

const group = (project: string) => h.page.locator(`[data-testid="foreign-group"][data-project="${project}"]`);

describe('other containers and adoption', () => {
  it('lists a foreign compose project read only, and adopts it from its own file (English)', async () => {
    await h.app.handlers['settings.update']({ language: 'en' });
    await h.open('#/containers');
    await h.page.getByTestId('tab-other').click();
    await expect.poll(() => group(shop).locator('[data-testid="foreign-row"]').count(), { timeout: 15_000 }).toBe(2);
    const text = await group(shop).innerText();
    expect(text).toContain(`Compose project ${shop}`);
    expect(text).toContain(TEST_IMAGE);
    expect(text).toMatch(/127\.0\.0\.1:\d+->80\/tcp/);
    // Read only: the one action is adopting the project.
    expect(await group(shop).locator('button').allInnerTexts()).toEqual(['Adopt…']);
    await group(shop).scrollIntoViewIfNeeded();
    await h.screenshot('other-containers-en', { docs: true });

    await group(shop).getByTestId('adopt-button').click();
    const dialog = h.page.getByTestId('adopt-dialog');
    await expect.poll(() => dialog.getByTestId('adopt-file').count(), { timeout: 15_000 }).toBe(1);
    expect((await dialog.getByTestId('adopt-file').innerText()).trimEnd()).toBe(composeFile.trimEnd());
    expect(await dialog.getByTestId('adopt-source').innerText()).toContain(join(work, shop, 'compose.yml'));
    // The bind is relative to where compose ran; the stack runs from its own folder: said before saving.
    expect(await dialog.getByTestId('adopt-relative').innerText()).toContain('worker: volumes ./data:/data');
    await dialog.locator('input[name="name"]').fill(`Shop ${suffix}`);
    await h.screenshot('adopt-dialog-en', { docs: true });
    await dialog.getByRole('button', { name: 'Create stack' }).click();

    await expect.poll(() => h.page.url(), { timeout: 10_000 }).toMatch(/#\/workloads\/[^/]+$/);
    const stack = h.app.services.workloads.list('local').find((w) => w.kind === 'stack' && w.composeProjectName === shop);
    expect(stack).toMatchObject({ name: `Shop ${suffix}`, composeFile, adoptPending: true });
    expect(h.page.url()).toContain(`#/workloads/${stack!.id}`);
    await expect.poll(() => h.page.locator('h1').innerText()).toBe(`Shop ${suffix}`);
    await h.screenshot('adopt-stack-page-en');
  });

  it('says why a project whose files are gone cannot be imported and offers the draft (Russian)', async () => {
    await h.app.handlers['settings.update']({ language: 'ru' });
    await h.open('#/containers/other');
    await expect.poll(() => h.page.locator('html').getAttribute('lang')).toBe('ru');
    await expect.poll(() => group(legacy).locator('[data-testid="foreign-row"]').count(), { timeout: 15_000 }).toBe(2);
    // The adopted project is the stack's now, no longer "other".
    await expect.poll(() => group(shop).count(), { timeout: 15_000 }).toBe(0);
    expect(await group(legacy).innerText()).toContain(`Проект compose ${legacy}`);
    await h.screenshot('other-containers-ru');

    await group(legacy).getByTestId('adopt-button').click();
    const dialog = h.page.getByTestId('adopt-dialog');
    await expect.poll(() => dialog.getByTestId('adopt-unreadable').count(), { timeout: 15_000 }).toBe(1);
    const why = await dialog.getByTestId('adopt-unreadable').innerText();
    expect(why).toContain(`Файла compose ${join(work, legacy, 'compose.yml')} на хосте больше нет.`);
    const draft = await dialog.getByTestId('adopt-draft').innerText();
    expect(draft).toContain(`compose project ${legacy}`);
    expect(draft).toMatch(/web:\n\s+image: tinyforge-test\/busybox:latest/);
    await h.screenshot('adopt-dialog-draft-ru', { docs: true });
    await dialog.getByRole('button', { name: 'Создать стек' }).click();

    await expect.poll(() => h.page.url(), { timeout: 10_000 }).toMatch(/#\/workloads\/[^/]+$/);
    const stack = h.app.services.workloads.list('local').find((w) => w.kind === 'stack' && w.composeProjectName === legacy);
    expect(stack).toMatchObject({ name: legacy, adoptPending: true });
    expect(stack?.kind === 'stack' && stack.composeFile.trimEnd()).toBe(draft.trimEnd());
    await h.screenshot('adopt-stack-page-ru');
    await h.app.handlers['settings.update']({ language: 'en' });
  });
});
