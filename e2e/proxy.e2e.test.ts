// A host's reverse proxy from the Hosts page: the local host's edit shows only its proxy form; a bad
// domain is named on its field and nothing is saved; NPM's password is sent once, cleared from the
// form, and only where it is kept is shown. Real engine, Debian's Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
const SECRET = 'npm-e2e-pa55word';

beforeAll(async () => {
  // Docker is not needed: the settings are stored, and no proxy is touched until a deploy.
  h = await startHarness({ dockerSocketPath: '/nonexistent/docker.sock' });
});
afterAll(async () => {
  await h?.close();
});

const localRow = () => h.page.locator('[data-testid="host-row"][data-host-id="local"]');

describe('host proxy settings', () => {
  it('refuses a bad domain on its field and saves nothing, then saves a good one', async () => {
    await h.open('#/hosts');
    await localRow().getByTestId('edit-host').click();
    expect(await h.page.getByTestId('host-form').count()).toBe(0);
    const form = h.page.getByTestId('proxy-form');
    await form.locator('[name="proxy.domain"]').fill('https://apps.example.com');
    await form.locator('[name="proxy.httpPort"]').fill('eighty');
    await form.locator('[name="proxy.image"]').fill('--privileged caddy');
    await h.page.getByTestId('save-proxy').click();
    await expect.poll(() => form.innerText()).toContain('Enter a domain such as apps.example.com');
    expect(await form.innerText()).toContain('Enter a number.');
    expect(await form.innerText()).toContain('Enter an image such as caddy:2');
    await h.screenshot('hosts-proxy-invalid-en');
    expect(h.app.services.hosts.require('local').proxy).toMatchObject({ domain: 'localhost', httpPort: 80, image: 'caddy:2' });

    await form.locator('[name="proxy.domain"]').fill('apps.example.com');
    await form.locator('[name="proxy.httpPort"]').fill('8080');
    await form.locator('[name="proxy.image"]').fill('mirror.example.com/library/caddy:2');
    expect(await form.innerText()).toContain('api.apps.example.com');
    await h.page.getByTestId('save-proxy').click();
    await expect.poll(() => h.page.getByTestId('proxy-form').count()).toBe(0);
    expect(h.app.services.hosts.require('local').proxy).toEqual({
      kind: 'caddy',
      domain: 'apps.example.com',
      httpPort: 8080,
      image: 'mirror.example.com/library/caddy:2',
      npm: null,
    });
  });

  it('sends the NPM password once, clears it, and shows only where it is kept', async () => {
    await localRow().getByTestId('edit-host').click();
    const form = h.page.getByTestId('proxy-form');
    await form.locator('[name="proxy.kind"]').selectOption('npm');
    await form.locator('[name="proxy.npm.url"]').fill('http://npm.lan:81');
    await form.locator('[name="proxy.npm.email"]').fill('ops@example.com');
    // No password known yet: the engine names the field.
    await h.page.getByTestId('save-proxy').click();
    await expect.poll(() => form.innerText()).toContain('Required.');
    expect(h.app.services.hosts.require('local').proxy.kind).toBe('caddy');

    await form.locator('[name="proxy.npm.password"]').fill(SECRET);
    await h.page.getByTestId('save-proxy').click();
    await expect.poll(() => h.page.getByTestId('proxy-form').count()).toBe(0);
    expect(h.app.services.hosts.require('local').proxy).toMatchObject({ kind: 'npm', npm: { url: 'http://npm.lan:81', email: 'ops@example.com' } });
    expect(h.app.services.secrets.npmPassword('local')).toBe(SECRET);

    await localRow().getByTestId('edit-host').click();
    const again = h.page.getByTestId('proxy-form');
    expect(await again.locator('[name="proxy.npm.password"]').inputValue()).toBe('');
    // The browser shell has no keychain: session only, and the page says so.
    expect(await again.getByTestId('npm-password-keeping').innerText()).toContain('this session only');
    await h.screenshot('hosts-proxy-npm-en');
    expect(await h.page.content()).not.toContain(SECRET);

    // The same form in Russian.
    await h.page.getByTestId('language-switch').selectOption('ru');
    await expect.poll(() => again.getByTestId('npm-password-keeping').innerText()).toContain('только до конца сеанса');
    expect(await again.innerText()).toContain('Обратный прокси хоста');
    await h.screenshot('hosts-proxy-npm-ru');
    await h.page.getByTestId('language-switch').selectOption('en');
  });
});
