// SSH hosts end to end: add a host in the Hosts page, see its key, accept it, see its containers,
// see it go down (rows kept, marked stale) and come back by itself. Real engine, real sshd in front
// of the real dockerd, Debian's Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL } from '../src/main/engine/docker/labels';
import { DOCKER_SOCKET, newRunId, removeRun, runContainer, testDocker, waitFor } from '../src/main/engine/testing/dockerHost';
import { TestSshServer } from '../src/main/engine/testing/sshServer';
import { startHarness } from './harness';
import type { Harness } from './harness';

const docker = testDocker();
const runId = newRunId();
let h: Harness;
let sshd: TestSshServer;
let hostId: string;

const hostRow = () => h.page.locator(`[data-testid="host-row"][data-host-id="${hostId}"]`);
const containerRow = () => h.page.locator(`[data-testid="container-row"][data-container-name="${runId}-web"]`);

beforeAll(async () => {
  sshd = await TestSshServer.start();
  h = await startHarness({ dockerSocketPath: DOCKER_SOCKET });
  await waitFor('local up', () => h.app.services.runtime('local')?.connection.status.state === 'up');
});
afterAll(async () => {
  await removeRun(docker, runId);
  await h?.close();
  await sshd?.dispose();
});

describe('SSH hosts', () => {
  it('adds a host, shows its key for review, and connects only once it is accepted', async () => {
    await h.open('#/hosts');
    await h.page.getByTestId('add-host').click();
    const form = h.page.getByTestId('host-form');
    await form.locator('[name="name"]').fill('lab');
    await form.locator('[name="ssh.address"]').fill('127.0.0.1');
    await form.locator('[name="ssh.port"]').fill(String(sshd.port));
    await form.locator('[name="ssh.username"]').fill('root');
    await form.locator('[name="ssh.privateKeyPath"]').fill(sshd.clientKey);

    await h.page.getByTestId('test-host').click();
    const result = h.page.getByTestId('host-test-result');
    await expect.poll(() => result.getAttribute('data-fingerprint'), { timeout: 15_000 }).toBe(sshd.hostKey.fingerprint);
    expect(await result.getAttribute('data-ok')).toBe('false');
    await h.screenshot('hosts-test-untrusted-en');
    expect(sshd.acceptedLogins()).toBe(0);

    await h.page.getByTestId('save-host').click();
    const offer = h.page.getByTestId('host-key-offer');
    await expect.poll(() => offer.getAttribute('data-fingerprint'), { timeout: 15_000 }).toBe(sshd.hostKey.fingerprint);
    expect(await offer.innerText()).toContain(sshd.hostKey.fingerprint);
    hostId = (await offer.getAttribute('data-host-id'))!;
    expect(await hostRow().getAttribute('data-host-state')).toBe('down');
    expect(sshd.acceptedLogins()).toBe(0);
    await h.screenshot('hosts-key-offer-en');

    await offer.getByTestId('accept-host-key').click();
    await expect.poll(() => hostRow().getAttribute('data-host-state'), { timeout: 20_000 }).toBe('up');
    expect(h.app.services.hosts.get(hostId)?.hostKey).toEqual(sshd.hostKey);
    await h.screenshot('hosts-up-en', { docs: true });
  });

  it("shows the host's containers, keeps them marked stale while it is down, and recovers by itself", async () => {
    h.app.services.workloads.createStack({ hostId, name: 'remote-shop', composeProjectName: `${runId}-shop`, composeFile: '', envFile: '' });
    await runContainer(docker, runId, { name: `${runId}-web`, labels: { [LABEL.composeProject]: `${runId}-shop`, [LABEL.composeService]: 'web' } });
    await h.app.handlers['reconcile.now']({ hostId });
    await h.open(`#/containers?host=${hostId}`);
    await expect.poll(() => containerRow().getAttribute('data-state'), { timeout: 10_000 }).toBe('running');
    expect(await h.page.getByTestId('filter-host').inputValue()).toBe(hostId);
    expect(await containerRow().getAttribute('data-host-id')).toBe(hostId);
    expect(await containerRow().getAttribute('data-stale')).not.toBe('true');

    // The SSH session dies mid event stream.
    sshd.killSessions();
    await expect.poll(() => containerRow().getAttribute('data-stale'), { timeout: 15_000 }).toBe('true');
    expect(await containerRow().getAttribute('data-state')).toBe('running');
    expect(await containerRow().locator('[data-testid="stale-marker"]').count()).toBe(1);
    await h.screenshot('containers-host-down-en');

    // Back by itself, with no click: the reconnect backoff is short for a fresh failure.
    await expect.poll(() => containerRow().getAttribute('data-stale'), { timeout: 30_000 }).not.toBe('true');
    expect(h.app.services.hostViews().find((v) => v.id === hostId)?.state).toBe('up');
  });

  it('refuses to remove a host with workloads, naming why', async () => {
    await h.open('#/hosts');
    await hostRow().getByTestId('remove-host').click();
    await h.page.getByTestId('confirm-remove-host').click();
    await expect.poll(() => h.page.getByTestId('remove-host-error').innerText(), { timeout: 10_000 }).toMatch(/HOST_HAS_WORKLOADS|workload/i);
    expect(h.app.services.hosts.get(hostId)).toBeDefined();
    await h.page.keyboard.press('Escape');
  });

  it('warns loudly when the host key changes, and accepts the new one only after an explicit confirmation', async () => {
    const oldKey = sshd.hostKey;
    await sshd.replaceHostKey();
    const newKey = sshd.hostKey;
    await h.open('#/hosts');
    await hostRow().getByTestId('reconnect-host').click();
    const changed = h.page.getByTestId('host-key-changed');
    await expect.poll(() => changed.getAttribute('data-fingerprint'), { timeout: 20_000 }).toBe(newKey.fingerprint);
    const text = await changed.innerText();
    expect(text).toContain(oldKey.fingerprint);
    expect(text).toContain(newKey.fingerprint);
    expect(await hostRow().getAttribute('data-host-state')).toBe('down');
    await h.screenshot('hosts-key-changed-en');

    await h.page.getByTestId('review-new-host-key').click();
    const accept = h.page.getByTestId('accept-host-key');
    expect(await accept.isDisabled()).toBe(true);
    await h.page.getByTestId('confirm-key-verified').check();
    await accept.click();
    await expect.poll(() => hostRow().getAttribute('data-host-state'), { timeout: 20_000 }).toBe('up');
    expect(h.app.services.hosts.get(hostId)?.hostKey).toEqual(newKey);
  });

  it('renders the Hosts page in Russian', async () => {
    await h.app.handlers['settings.update']({ language: 'ru' });
    await h.open('#/hosts');
    await expect.poll(() => h.page.locator('html').getAttribute('lang')).toBe('ru');
    await expect.poll(() => h.page.locator('main h1').innerText()).toMatch(/Хосты/);
    await h.screenshot('hosts-ru');
    await h.app.handlers['settings.update']({ language: 'en' });
  });
});
