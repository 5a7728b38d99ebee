// Settings, Notifications, in the browser shell against the real engine: a channel with no event is
// refused on its field and nothing is saved; a Slack channel set up in the page and tested reaches
// a local receiver in Slack's shape, its URL never shown again; a dead channel's test says why it
// failed; the same in Russian with a Telegram channel (its Bot API server pointed at the receiver).
// Debian's Chromium; screenshots in e2e/artifacts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTIFY_EVENT_KINDS } from '../src/shared/notify';
import { closedPort, startHttpReceiver } from '../src/main/engine/testing/notifyReceivers';
import type { HttpReceiver } from '../src/main/engine/testing/notifyReceivers';
import { startHarness } from './harness';
import type { Harness } from './harness';

const SLACK_PATH = '/services/T0E2E/B0E2E/e2eSecretPart123456';
const BOT_TOKEN = '987654321:AAE2eE2eE2eE2eE2eE2eE2eE2eE2eE2eE2e';
let h: Harness;
let receiver: HttpReceiver;

beforeAll(async () => {
  receiver = await startHttpReceiver();
  // No Docker host is needed for channels: the engine starts without one.
  h = await startHarness({ dockerSocketPath: '/nonexistent/docker.sock' });
});
afterAll(async () => {
  await h?.close();
  await receiver?.close();
});

const form = () => h.page.getByTestId('notify-form');
const row = (name: string) => h.page.locator(`[data-testid="notify-channel-row"][data-channel="${name}"]`);

describe('Settings, Notifications', () => {
  it('refuses a channel without events on the field and saves nothing', async () => {
    await h.open('#/settings');
    await expect.poll(() => h.page.getByTestId('notify-empty').count()).toBe(1);
    await form().locator('[name="name"]').fill('Team chat');
    await form().locator('[name="kind"]').selectOption('slack');
    await form().locator('[name="secret"]').fill(`${receiver.url}${SLACK_PATH}`);
    for (const kind of NOTIFY_EVENT_KINDS) await h.page.getByTestId(`notify-event-${kind}`).uncheck();
    await h.page.getByTestId('save-notify-channel').click();
    await expect.poll(() => h.page.getByTestId('notify-events-issue').innerText()).toBe('Choose at least one event.');
    expect(h.app.services.notifier.views()).toEqual([]);
  });

  it('sets up a Slack channel, tests it against the receiver, and never shows its URL again', async () => {
    await h.page.getByTestId('notify-event-deploy.failed').check();
    await h.page.getByTestId('notify-event-container.crashed').check();
    await form().locator('[name="secret"]').fill(`${receiver.url}${SLACK_PATH}`);
    await h.page.getByTestId('save-notify-channel').click();
    await expect.poll(() => row('Team chat').count()).toBe(1);
    expect(await row('Team chat').getByTestId('notify-channel-secret').innerText()).toBe('This session only');
    expect(await row('Team chat').getByTestId('notify-channel-events').innerText()).toBe('Deploy failed, Container crashed (or ran out of memory)');
    expect(await form().locator('[name="secret"]').inputValue()).toBe('');

    await row('Team chat').getByTestId('test-notify-channel').click();
    await expect.poll(() => row('Team chat').getByTestId('notify-test-result').getAttribute('data-ok'), { timeout: 15_000 }).toBe('true');
    expect(await row('Team chat').getByTestId('notify-test-result').innerText()).toBe('Test message delivered.');
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.path).toBe(SLACK_PATH);
    const text = '*Tinyforge test notification*\nIf you can read this, the channel "Team chat" works.';
    expect(receiver.received[0]!.body).toEqual({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
    await expect.poll(() => row('Team chat').getByTestId('notify-channel-state').innerText()).not.toContain('never');
    await h.screenshot('settings-notify-tested-en');
    const html = await h.page.content();
    expect(html).not.toContain(SLACK_PATH);
  });

  it('shows why a dead channel failed its test', async () => {
    const port = await closedPort();
    await form().locator('[name="name"]').fill('Dead hook');
    await form().locator('[name="kind"]').selectOption('webhook');
    await form().locator('[name="secret"]').fill(`http://127.0.0.1:${port}/hook`);
    await h.page.getByTestId('save-notify-channel').click();
    await expect.poll(() => row('Dead hook').count()).toBe(1);
    await row('Dead hook').getByTestId('test-notify-channel').click();
    const result = row('Dead hook').getByTestId('notify-test-result');
    await expect.poll(() => result.getAttribute('data-code'), { timeout: 15_000 }).toBe('NOTIFY_SEND_FAILED');
    expect(await result.innerText()).toContain('ECONNREFUSED');
    expect(h.app.services.notifier.views().find((v) => v.name === 'Dead hook')?.lastError).toMatchObject({ code: 'NOTIFY_SEND_FAILED' });
    await h.screenshot('settings-notify-dead-en', { docs: true });
    // Once the page is opened again, the channel itself shows its last error.
    await h.page.reload();
    await expect.poll(() => row('Dead hook').getByTestId('notify-channel-error').getAttribute('data-code')).toBe('NOTIFY_SEND_FAILED');
    expect(await row('Dead hook').getByTestId('notify-channel-error').innerText()).toContain('ECONNREFUSED');
  });

  it('sets up and tests a Telegram channel in Russian', async () => {
    await h.page.getByTestId('language-switch').selectOption('ru');
    const section = h.page.getByTestId('notifications-section');
    await expect.poll(() => section.innerText()).toContain('Уведомления');
    await form().locator('[name="name"]').fill('Телеграм');
    await form().locator('[name="kind"]').selectOption('telegram');
    await form().locator('[name="chatId"]').fill('bob smith');
    await form().locator('[name="apiUrl"]').fill(receiver.url);
    await form().locator('[name="secret"]').fill(BOT_TOKEN);
    await h.page.getByTestId('save-notify-channel').click();
    await expect.poll(() => form().innerText()).toContain('Введите числовой id чата или @имяканала.');
    expect(h.app.services.notifier.views()).toHaveLength(2);

    await form().locator('[name="chatId"]').fill('-100200300');
    await form().locator('[name="secret"]').fill(BOT_TOKEN);
    await h.page.getByTestId('save-notify-channel').click();
    await expect.poll(() => row('Телеграм').count()).toBe(1);
    expect(await row('Телеграм').getByTestId('notify-channel-secret').innerText()).toBe('Только до конца сеанса');
    await row('Телеграм').getByTestId('test-notify-channel').click();
    await expect.poll(() => row('Телеграм').getByTestId('notify-test-result').innerText(), { timeout: 15_000 }).toBe('Тестовое сообщение доставлено.');
    const last = receiver.received.at(-1)!;
    expect(last.path).toBe(`/bot${BOT_TOKEN}/sendMessage`);
    expect(last.body).toEqual({
      chat_id: '-100200300',
      // The user's language is the messages' too.
      text: 'Тестовое уведомление Tinyforge\n\nЕсли вы это читаете, канал «Телеграм» работает.',
      disable_web_page_preview: true,
    });
    await h.screenshot('settings-notify-ru');
    // The e-mail form's own fields, in Russian.
    await form().locator('[name="kind"]').selectOption('email');
    await form().scrollIntoViewIfNeeded();
    await h.screenshot('settings-notify-email-form-ru');
    expect(await h.page.content()).not.toContain(BOT_TOKEN);
    await h.page.getByTestId('language-switch').selectOption('en');
  });

  it('turns desktop notifications off in the settings form', async () => {
    expect(h.app.services.settings.get().desktopNotifications).toBe(true);
    await h.page.getByTestId('desktop-notifications').uncheck();
    await h.page.getByTestId('settings-form').getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => h.app.services.settings.get().desktopNotifications).toBe(false);
    await h.page.reload();
    await expect.poll(() => h.page.getByTestId('desktop-notifications').isChecked()).toBe(false);
  });

  it('removes a channel once the user confirms', async () => {
    await row('Dead hook').getByTestId('remove-notify-channel').click();
    await h.page.getByTestId('confirm-remove-notify').click();
    await expect.poll(() => row('Dead hook').count()).toBe(0);
    expect(h.app.services.notifier.views().map((v) => v.name)).toEqual(['Team chat', 'Телеграм']);
  });
});
