// Webhooks end to end, in both languages: the listener turned on in Settings, a project's hook URL
// and a freshly made secret copied from its page (through the real clipboard), a signed push
// delivered with the real curl binary, and the deploy it starts seen on the page. Screenshots in
// e2e/artifacts.
import { execFile } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProject, removeDeployLeftovers, testProxy } from '../src/main/engine/testing/deployHarness';
import { DOCKER_SOCKET, newRunId, testDocker, waitFor } from '../src/main/engine/testing/dockerHost';
import { ARTIFACTS, startHarness } from './harness';
import type { Harness } from './harness';

const run = promisify(execFile);
const docker = testDocker();
const runId = newRunId();
const suffix = runId.replace(/[^a-z0-9]/g, '').slice(-6);
const proxy = testProxy(runId);
let h: Harness;
let projectId = '';
let stageId = '';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

async function fullShot(name: string) {
  const height = await h.page.locator('.main').evaluate((el) => el.scrollHeight);
  await h.page.setViewportSize({ width: 1280, height: Math.max(800, height) });
  await h.page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  await h.page.setViewportSize({ width: 1280, height: 800 });
}

const clipboard = () => h.page.evaluate(() => navigator.clipboard.readText());

/** POSTs a GitHub-signed push with curl; answers curl's status code and body. */
async function curlPush(url: string, secret: string, ref: string): Promise<{ status: number; body: string }> {
  const body = JSON.stringify({ ref, after: randomUUID() });
  const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  const { stdout } = await run('curl', [
    '-sS',
    '-X',
    'POST',
    '-H',
    'Content-Type: application/json',
    '-H',
    `X-Hub-Signature-256: ${signature}`,
    '-H',
    `X-GitHub-Delivery: ${randomUUID()}`,
    '-H',
    'X-GitHub-Event: push',
    '--data-binary',
    body,
    '-w',
    '\n%{http_code}',
    url,
  ]);
  const lines = stdout.trimEnd().split('\n');
  return { status: Number(lines.pop()), body: lines.join('\n') };
}

beforeAll(async () => {
  h = await startHarness({ dockerSocketPath: DOCKER_SOCKET, proxy, deploy: { drainMs: 200, stopTimeoutSec: 1 } });
  await waitFor('docker up', () => h.app.services.runtime('local')?.connection.status.state === 'up');
  ({ projectId, stageId } = await createAppProject(h.app, `hooked-${suffix}`, { subdomain: `hooked-${suffix}` }));
  await h.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.shell.origin });
});

afterAll(async () => {
  await h?.close();
  await removeDeployLeftovers(docker, [projectId], proxy);
});

describe('webhooks through the UI', () => {
  for (const [language, ref, tag] of [
    ['en', 'refs/heads/main', 'v1'],
    ['ru', 'refs/tags/v2', 'v2'],
  ] as const) {
    it(`turns the listener on, copies the hook URL and a new secret, and a push sent with curl starts a deploy (${language})`, async () => {
      await h.app.handlers['settings.update']({ language });
      const port = await freePort();
      await h.open('#/settings');
      await expect.poll(() => h.page.locator('html').getAttribute('lang')).toBe(language);
      const section = h.page.getByTestId('webhook-listener-section');
      const enabled = section.getByTestId('webhook-listener-enabled');
      if (!(await enabled.isChecked())) await enabled.check();
      await section.locator('input[name="port"]').fill(String(port));
      await section.getByTestId('webhook-listener-save').click();
      await expect.poll(() => section.getByTestId('webhook-listener-url').textContent()).toBe(`http://127.0.0.1:${port}`);
      await section.scrollIntoViewIfNeeded();
      await h.screenshot(`webhooks-settings-${language}`);

      await h.open(`#/workloads/${projectId}`);
      const panel = h.page.getByTestId('webhook-panel');
      await panel.getByTestId('webhook-url-copy').click();
      const hookUrl = await clipboard();
      expect(hookUrl).toBe(`http://127.0.0.1:${port}/hooks/${projectId}`);

      await panel.getByTestId('webhook-secret-rotate').click();
      // A secret exists from the first round: rotating asks first.
      if (language === 'ru') await h.page.getByTestId('webhook-rotate-confirm').click();
      await panel.getByTestId('webhook-secret-copy').click();
      const secret = await clipboard();
      expect(secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
      expect(await panel.getByTestId('webhook-secret-value').textContent()).toBe(secret);
      await fullShot(`webhooks-secret-${language}`);
      await panel.getByTestId('webhook-secret-done').click();
      await expect.poll(() => panel.getByTestId('webhook-secret-value').count()).toBe(0);

      const before = h.app.services.deploys.history(stageId).length;
      const answer = await curlPush(hookUrl, secret, ref);
      expect(answer.status).toBe(202);
      expect(JSON.parse(answer.body)).toMatchObject({ outcome: 'queued' });
      // The deploy starts, and the page shows it: a new run on the stage card, the delivery in the log.
      await expect.poll(() => h.page.locator('[data-testid="deploy-row"]').count(), { timeout: 30_000 }).toBeGreaterThan(before);
      await expect
        .poll(() => panel.locator('[data-testid="webhook-delivery"][data-outcome="deployed"]').count(), { timeout: 60_000 })
        .toBe(language === 'en' ? 1 : 2);
      expect(h.app.services.deploys.history(stageId)[0]).toMatchObject({ status: 'succeeded', image: `tinyforge-test/app:${tag}` });
      await fullShot(`webhooks-project-${language}`);

      // A signature made with any other secret is refused.
      expect((await curlPush(hookUrl, `${secret}x`, ref)).status).toBe(401);
    });
  }
});
