// Settings, Registries, in the browser shell against the real engine and dockerd: a bad host is
// named on its field and nothing is saved; the test button logs in to the registry behind basic
// auth (scripts/test-host.sh, 127.0.0.1:5001) from the local Docker host, refusing a wrong password
// with REGISTRY_AUTH_FAILED; the saved login shows where its password is kept, never the password;
// the same section in Russian. Debian's Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_REGISTRY, AUTH_REGISTRY_LOGIN, authRegistryAnswers } from '../src/main/engine/testing/testRegistry';
import { DOCKER_SOCKET } from '../src/main/engine/testing/dockerHost';
import { startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
const WRONG = 'e2e-wrong-pa55';

beforeAll(async () => {
  await authRegistryAnswers();
  h = await startHarness({ dockerSocketPath: DOCKER_SOCKET });
});
afterAll(async () => {
  await h?.close();
});

const form = () => h.page.getByTestId('registry-form');

describe('Settings, Registries', () => {
  it('names a bad registry host on its field and saves nothing', async () => {
    await h.open('#/settings');
    await expect.poll(() => h.page.getByTestId('registries-empty').count()).toBe(1);
    await form().locator('[name="registry"]').fill('https://ghcr.io/acme');
    await form().locator('[name="username"]').fill('octo');
    await form().locator('[name="password"]').fill('t0ken');
    await h.page.getByTestId('save-registry').click();
    await expect.poll(() => form().innerText()).toContain('Enter a registry host such as ghcr.io');
    expect(h.app.services.registries.list()).toEqual([]);
  });

  it('tests a wrong and a right login from the Docker host, saves the right one, and never shows it', async () => {
    await form().locator('[name="registry"]').fill(AUTH_REGISTRY);
    await form().locator('[name="username"]').fill(AUTH_REGISTRY_LOGIN.username);
    await form().locator('[name="password"]').fill(WRONG);
    await h.page.getByTestId('test-registry').click();
    const result = h.page.getByTestId('registry-test-result');
    await expect.poll(() => result.getAttribute('data-code'), { timeout: 15_000 }).toBe('REGISTRY_AUTH_FAILED');
    expect(await result.innerText()).toContain('Registry refused the login');
    await h.screenshot('settings-registries-refused-en');

    await form().locator('[name="password"]').fill(AUTH_REGISTRY_LOGIN.password);
    await h.page.getByTestId('test-registry').click();
    await expect.poll(() => h.page.getByTestId('registry-test-result').getAttribute('data-ok'), { timeout: 15_000 }).toBe('true');
    expect(await h.page.getByTestId('registry-test-result').innerText()).toBe(`${AUTH_REGISTRY} accepted the login.`);
    expect(h.app.services.registries.list()).toEqual([]);

    await h.page.getByTestId('save-registry').click();
    const row = h.page.locator(`[data-testid="registry-row"][data-registry="${AUTH_REGISTRY}"]`);
    await expect.poll(() => row.count()).toBe(1);
    // The browser shell has no keychain: session only, and the page says so.
    expect(await row.getByTestId('registry-keeping').innerText()).toBe('This session only');
    expect(await form().locator('[name="password"]').inputValue()).toBe('');
    expect(h.app.services.registries.login(AUTH_REGISTRY)).toMatchObject({ username: AUTH_REGISTRY_LOGIN.username, password: AUTH_REGISTRY_LOGIN.password });
    await h.screenshot('settings-registries-saved-en', { docs: true });
    const html = await h.page.content();
    expect(html).not.toContain(AUTH_REGISTRY_LOGIN.password);
    expect(html).not.toContain(WRONG);
  });

  it('reads the same in Russian', async () => {
    await h.page.getByTestId('language-switch').selectOption('ru');
    const section = h.page.getByTestId('registries-section');
    await expect.poll(() => section.innerText()).toContain('Реестры');
    expect(await section.getByTestId('registry-keeping').innerText()).toBe('Только до конца сеанса');
    await section.getByTestId('edit-registry').click();
    // Editing keeps the saved password: the hint says so, and the test uses it without retyping.
    expect(await h.page.getByTestId('registry-password-hint').innerText()).toContain('Оставьте пустым');
    await h.page.getByTestId('test-registry').click();
    await expect.poll(() => h.page.getByTestId('registry-test-result').innerText(), { timeout: 15_000 }).toBe(`${AUTH_REGISTRY} принял данные входа.`);
    await h.screenshot('settings-registries-ru');
    await h.page.getByTestId('language-switch').selectOption('en');
  });

  it('removes the login only once the user confirms, naming the registry', async () => {
    await h.page.getByTestId('remove-registry').click();
    const dialog = h.page.getByTestId('remove-registry-dialog');
    expect(await dialog.innerText()).toContain(AUTH_REGISTRY);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(h.app.services.registries.list()).toHaveLength(1);
    await h.page.getByTestId('remove-registry').click();
    await h.screenshot('settings-registries-remove-en');
    await h.page.getByTestId('confirm-remove-registry').click();
    await expect.poll(() => h.page.getByTestId('registries-empty').count()).toBe(1);
    expect(h.app.services.registries.list()).toEqual([]);
  });
});
