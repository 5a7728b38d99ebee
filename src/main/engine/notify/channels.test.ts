// Every channel kind against something that really listens: a local HTTP receiver for the webhook
// styles (each payload checked against its service's documented shape) and a real SMTP server for
// e-mail. Calls go through the contract boundary (dispatchCall), as the shells' do.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallInput, CallName } from '../../../shared/contract';
import type { Envelope } from '../../../shared/errors';
import type { NotifyChannelView, NotifyEvent, NotifyTestResult } from '../../../shared/notify';
import { EventBus } from '../events';
import { dispatchCall } from '../rpc/handlers';
import type { Handlers } from '../rpc/handlers';
import { NotifyChannelRepo } from '../store/notifyChannelRepo';
import { SecretStore } from '../store/secretStore';
import { waitFor } from '../testing/dockerHost';
import { openTestStore } from '../testing/fixtures';
import type { TestStore } from '../testing/fixtures';
import { closedPort, startHttpReceiver, startSmtpReceiver } from '../testing/notifyReceivers';
import type { HttpReceiver } from '../testing/notifyReceivers';
import { notifyHandlers } from './handlers';
import { Notifier } from './notifier';

const SLACK_PATH = '/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX';
const BOT_TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

let store: TestStore;
let receiver: HttpReceiver;
let notifier: Notifier;
let handlers: Handlers;
let logs: string[];
let desktop: { title: string; body: string }[];
let desktopOn = true;
let language: 'en' | 'ru' = 'en';

function build(options: { retry?: { attempts: number; baseDelayMs: number; maxDelayMs: number }; crashWindowMs?: number } = {}) {
  const events = new EventBus();
  const channels = new NotifyChannelRepo(store.db);
  const secrets = new SecretStore(store.db, null);
  logs = [];
  desktop = [];
  notifier = new Notifier({
    channels,
    secrets,
    events,
    log: (m) => logs.push(m),
    names: { workload: (id) => (id === 'w1' ? 'shop' : null), host: (id) => (id === 'local' ? 'This computer' : null), stage: () => 'production' },
    desktop: (n) => desktop.push({ title: n.title, body: n.body }),
    desktopEnabled: () => desktopOn,
    language: () => language,
    windows: { 'container.crashed': options.crashWindowMs ?? 300 },
    retry: options.retry ?? { attempts: 3, baseDelayMs: 30, maxDelayMs: 100 },
    sendTimeoutMs: 2_000,
  });
  handlers = notifyHandlers({ channels, secrets, notifier, events, log: (m) => logs.push(m) }) as Handlers;
}

async function call<N extends CallName>(name: N, input: CallInput<N>): Promise<Envelope<unknown>> {
  return dispatchCall(handlers, name, input, { connectionId: 'test:1' });
}

async function save(input: CallInput<'notify.channels.save'>): Promise<NotifyChannelView> {
  const answer = await call('notify.channels.save', input);
  if (!answer.ok) throw new Error(`save refused: ${answer.error.message}`);
  return answer.value as NotifyChannelView;
}

async function list(): Promise<NotifyChannelView[]> {
  const answer = await call('notify.channels.list', {});
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value as NotifyChannelView[];
}

const failed: NotifyEvent = {
  kind: 'deploy.failed',
  hostId: 'local',
  workloadId: 'w1',
  stageId: 's1',
  deployId: 'd1',
  image: 'shop:2',
  step: 'health',
  error: 'the new container exited with code 1',
  rollback: false,
};
const everything = ['deploy.succeeded', 'deploy.failed', 'container.crashed'] as const;

beforeEach(async () => {
  desktopOn = true;
  language = 'en';
  store = openTestStore();
  receiver = await startHttpReceiver();
  build();
});

afterEach(async () => {
  await notifier.close();
  await receiver.close();
  store.cleanup();
});

describe('channel payloads', () => {
  it('posts the generic webhook JSON with the event, its words and its facts', async () => {
    await save({ name: 'ci', enabled: true, events: [...everything], target: { kind: 'webhook' }, secret: `${receiver.url}/hook?token=s3cret` });
    notifier.publish(failed);
    const [req] = await waitFor('delivery', () => receiver.received.length === 1 && receiver.received);
    expect(req!.method).toBe('POST');
    expect(req!.path).toBe('/hook?token=s3cret');
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.body).toEqual({
      source: 'tinyforge',
      event: 'deploy.failed',
      title: 'Deploy of shop / production failed',
      message: 'Step "health" failed on host This computer: the new container exited with code 1',
      severity: 'error',
      count: 1,
      firstAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      lastAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: failed,
    });
  });

  it('posts Slack an incoming-webhook body: text plus a mrkdwn section, with <, > and & escaped', async () => {
    await save({ name: 'slack', enabled: true, events: [...everything], target: { kind: 'slack' }, secret: `${receiver.url}${SLACK_PATH}` });
    notifier.publish({ ...failed, error: 'refused <!channel> & co' });
    const [req] = await waitFor('delivery', () => receiver.received.length === 1 && receiver.received);
    const text = '*Deploy of shop / production failed*\nStep "health" failed on host This computer: refused &lt;!channel&gt; &amp; co';
    expect(req!.path).toBe(SLACK_PATH);
    expect(req!.body).toEqual({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
  });

  it('posts Discord one embed, with mentions turned off so a name cannot ping @everyone', async () => {
    await save({ name: 'discord', enabled: true, events: [...everything], target: { kind: 'discord' }, secret: `${receiver.url}/api/webhooks/1/abc` });
    notifier.publish(failed);
    const [req] = await waitFor('delivery', () => receiver.received.length === 1 && receiver.received);
    expect(req!.path).toBe('/api/webhooks/1/abc');
    expect(req!.body).toEqual({
      username: 'Tinyforge',
      allowed_mentions: { parse: [] },
      embeds: [
        {
          title: 'Deploy of shop / production failed',
          description: 'Step "health" failed on host This computer: the new container exited with code 1',
          color: 0xef4444,
          timestamp: expect.stringMatching(/Z$/),
        },
      ],
    });
  });

  it('publishes to ntfy as JSON at the server root with the topic, priority, tags and the bearer token', async () => {
    await save({
      name: 'phone',
      enabled: true,
      events: [...everything],
      target: { kind: 'ntfy', serverUrl: receiver.url, topic: 'tf_alerts' },
      secret: 'tk_abc123',
    });
    notifier.publish(failed);
    const [req] = await waitFor('delivery', () => receiver.received.length === 1 && receiver.received);
    expect(req!.path).toBe('/');
    expect(req!.headers.authorization).toBe('Bearer tk_abc123');
    expect(req!.body).toEqual({
      topic: 'tf_alerts',
      title: 'Deploy of shop / production failed',
      message: 'Step "health" failed on host This computer: the new container exited with code 1',
      priority: 4,
      tags: ['rotating_light'],
    });
  });

  it('calls the Telegram Bot API sendMessage on the configured server, as plain text', async () => {
    await save({
      name: 'tg',
      enabled: true,
      events: [...everything],
      target: { kind: 'telegram', apiUrl: receiver.url, chatId: '-1001234567890' },
      secret: BOT_TOKEN,
    });
    notifier.publish(failed);
    const [req] = await waitFor('delivery', () => receiver.received.length === 1 && receiver.received);
    expect(req!.path).toBe(`/bot${BOT_TOKEN}/sendMessage`);
    expect(req!.body).toEqual({
      chat_id: '-1001234567890',
      text: 'Deploy of shop / production failed\n\nStep "health" failed on host This computer: the new container exited with code 1',
      disable_web_page_preview: true,
    });
    expect((await list())[0]).toMatchObject({ lastError: null, lastSuccessAt: expect.any(Number) });
  });

  it('mails over SMTP with the login, the headers and the text', async () => {
    const smtp = await startSmtpReceiver({ user: 'tf', pass: 'mail-pass-1' });
    try {
      await save({
        name: 'ops mail',
        enabled: true,
        events: [...everything],
        target: {
          kind: 'email',
          host: '127.0.0.1',
          port: smtp.port,
          tls: 'none',
          username: 'tf',
          from: 'tinyforge@example.test',
          to: ['ops@example.test', 'dev@example.test'],
        },
        secret: 'mail-pass-1',
      });
      notifier.publish(failed);
      const [mail] = await waitFor('mail', () => smtp.mails.length === 1 && smtp.mails, 10_000);
      expect(mail!.user).toBe('tf');
      expect(mail!.from).toBe('tinyforge@example.test');
      expect(mail!.to).toEqual(['ops@example.test', 'dev@example.test']);
      expect(mail!.raw).toMatch(/^From: tinyforge@example\.test$/m);
      expect(mail!.raw).toMatch(/^To: ops@example\.test, dev@example\.test$/m);
      expect(mail!.raw).toMatch(/^Subject: \[Tinyforge\] Deploy of shop \/ production failed$/m);
      expect(mail!.raw).toMatch(/^X-Tinyforge-Event: deploy\.failed$/m);
      expect(mail!.raw).toMatch(/^Content-Type: text\/plain; charset=utf-8$/m);
      // The body is quoted-printable: soft line breaks and =XX escapes undone.
      const body = mail!.raw
        .split('\r\n\r\n')
        .slice(1)
        .join('\r\n\r\n')
        .replace(/=\r\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      expect(body).toBe(
        'Step "health" failed on host This computer: the new container exited with code 1\r\n\r\n-- \r\nSent by Tinyforge (deploy.failed).\r\n',
      );
    } finally {
      await smtp.close();
    }
  });

  it('reports a wrong SMTP password as the server said it, without the password', async () => {
    const smtp = await startSmtpReceiver({ user: 'tf', pass: 'right-password' });
    try {
      const channel = await save({
        name: 'mail',
        enabled: true,
        events: [...everything],
        target: { kind: 'email', host: '127.0.0.1', port: smtp.port, tls: 'none', username: 'tf', from: 'a@example.test', to: ['b@example.test'] },
        secret: 'wrong-password',
      });
      const answer = await call('notify.channels.test', { id: channel.id });
      const result = (answer as { ok: true; value: NotifyTestResult }).value;
      expect(result.ok).toBe(false);
      expect(result.error).toMatchObject({ code: 'NOTIFY_SEND_FAILED', message: expect.stringContaining('535') });
      expect(JSON.stringify(result)).not.toContain('wrong-password');
      expect(smtp.mails).toHaveLength(0);
    } finally {
      await smtp.close();
    }
  });
});

describe('delivery', () => {
  it('sends only what a channel filters for, and nothing to a turned-off channel', async () => {
    await save({ name: 'deploys only', enabled: true, events: ['deploy.succeeded'], target: { kind: 'webhook' }, secret: `${receiver.url}/a` });
    await save({ name: 'off', enabled: false, events: [...everything], target: { kind: 'webhook' }, secret: `${receiver.url}/b` });
    notifier.publish(failed);
    notifier.publish({ kind: 'deploy.succeeded', hostId: 'local', workloadId: 'w1', stageId: 's1', deployId: 'd2', image: 'shop:3' });
    await waitFor('one delivery', () => receiver.received.length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.received.map((r) => [r.path, (r.body as { event: string }).event])).toEqual([['/a', 'deploy.succeeded']]);
  });

  it('groups a crash loop into one message with its count', async () => {
    await save({ name: 'crashes', enabled: true, events: ['container.crashed'], target: { kind: 'webhook' }, secret: `${receiver.url}/c` });
    for (let i = 0; i < 5; i += 1)
      notifier.publish({ kind: 'container.crashed', hostId: 'local', workloadId: 'w1', container: 'shop-web', stopKind: 'crash', exitCode: 1 });
    notifier.publish({ kind: 'container.crashed', hostId: 'local', workloadId: 'w1', container: 'shop-worker', stopKind: 'oom', exitCode: 137 });
    await waitFor('two messages', () => receiver.received.length === 2, 5_000);
    await new Promise((r) => setTimeout(r, 400));
    const bodies = receiver.received.map((r) => r.body as { title: string; count: number });
    expect(bodies.map((b) => [b.title, b.count]).sort()).toEqual([
      ['shop-web crashed (5 times)', 5],
      ['shop-worker was killed for lack of memory', 1],
    ]);
    expect(desktop.map((d) => d.title).sort()).toEqual(['shop-web crashed (5 times)', 'shop-worker was killed for lack of memory']);
  });

  it('shows nothing on the desktop once the setting is off, and channels still get it', async () => {
    await save({ name: 'hook', enabled: true, events: [...everything], target: { kind: 'webhook' }, secret: `${receiver.url}/d` });
    desktopOn = false;
    notifier.publish(failed);
    await waitFor('delivered', () => receiver.received.length === 1);
    expect(desktop).toEqual([]);
    desktopOn = true;
    notifier.publish({ ...failed, deployId: 'd9' });
    await waitFor('delivered again', () => receiver.received.length === 2);
    expect(desktop.map((d) => d.title)).toEqual(['Deploy of shop / production failed']);
  });

  it('words messages in the user language', async () => {
    await save({ name: 'crashes', enabled: true, events: ['container.crashed'], target: { kind: 'webhook' }, secret: `${receiver.url}/ru` });
    language = 'ru';
    for (let i = 0; i < 3; i += 1)
      notifier.publish({ kind: 'container.crashed', hostId: 'local', workloadId: 'w1', container: 'shop-web', stopKind: 'crash', exitCode: 1 });
    await waitFor('the message', () => receiver.received.length === 1, 5_000);
    expect(receiver.received[0]!.body).toMatchObject({
      title: 'shop-web упал (3 раза)',
      message: 'shop на хосте This computer, код выхода 1; 3 падения подряд.',
      count: 3,
    });
    expect(desktop.map((d) => d.title)).toEqual(['shop-web упал (3 раза)']);
  });

  it('retries a dead channel with backoff, shows its last error, and never makes publish wait', async () => {
    const port = await closedPort();
    const dead = await save({ name: 'dead', enabled: true, events: [...everything], target: { kind: 'webhook' }, secret: `http://127.0.0.1:${port}/x` });
    await save({ name: 'alive', enabled: true, events: [...everything], target: { kind: 'webhook' }, secret: `${receiver.url}/alive` });
    const started = performance.now();
    notifier.publish(failed);
    const publishMs = performance.now() - started;
    // Handed over, not sent: the dead channel's message is queued when publish returns.
    expect((await list()).find((c) => c.id === dead.id)!.pending).toBe(1);
    expect(publishMs).toBeLessThan(1_000);
    // The live channel is not held up by the dead one's retries.
    await waitFor('alive delivered', () => receiver.received.length === 1);
    const tries = await waitFor('three tries', () => logs.filter((l) => l.includes(dead.id)).length === 3 && logs.filter((l) => l.includes(dead.id)), 5_000);
    expect(tries[0]).toMatch(/try 1 failed: could not reach 127\.0\.0\.1:\d+: ECONNREFUSED/);
    expect(tries[2]).toMatch(/try 3 failed \(giving up on this message\)/);
    const view = await waitFor('settled', async () => (await list()).find((c) => c.id === dead.id && c.pending === 0));
    expect(view.lastError).toMatchObject({ code: 'NOTIFY_SEND_FAILED', details: { status: null, service: 'ECONNREFUSED' } });
    expect(view.lastSuccessAt).toBeNull();
  });

  it('answers a test send with the service refusal, and keeps the bot token out of it', async () => {
    receiver.answer.status = 401;
    receiver.answer.body = '{"ok":false,"error_code":401,"description":"Unauthorized"}';
    const channel = await save({
      name: 'tg',
      enabled: true,
      events: [...everything],
      target: { kind: 'telegram', apiUrl: receiver.url, chatId: '42' },
      secret: BOT_TOKEN,
    });
    const answer = await call('notify.channels.test', { id: channel.id });
    expect(answer).toEqual({
      ok: true,
      value: {
        ok: false,
        error: expect.objectContaining({
          code: 'NOTIFY_SEND_FAILED',
          message: expect.stringContaining('HTTP 401: Unauthorized'),
          details: expect.objectContaining({ status: 401 }),
        }),
      },
    });
    expect(JSON.stringify(answer)).not.toContain(BOT_TOKEN.split(':')[1]);
    expect(receiver.received).toHaveLength(1);
    expect((await list())[0]!.lastError).toMatchObject({ code: 'NOTIFY_SEND_FAILED' });
  });

  it('does not follow a redirect (it would carry the message elsewhere)', async () => {
    receiver.answer.status = 307;
    const channel = await save({ name: 'hook', enabled: true, events: [...everything], target: { kind: 'webhook' }, secret: `${receiver.url}/r` });
    const answer = (await call('notify.channels.test', { id: channel.id })) as { ok: true; value: NotifyTestResult };
    expect(answer.value).toMatchObject({ ok: false, error: { code: 'NOTIFY_SEND_FAILED', details: { status: 307 } } });
  });
});

describe('channel settings', () => {
  it('never returns a credential: a URL-secret channel shows its host, the list shows where it is kept', async () => {
    await save({ name: 'slack', enabled: true, events: [...everything], target: { kind: 'slack' }, secret: `${receiver.url}${SLACK_PATH}` });
    await save({ name: 'tg', enabled: true, events: [...everything], target: { kind: 'telegram', apiUrl: receiver.url, chatId: '42' }, secret: BOT_TOKEN });
    const views = await list();
    const json = JSON.stringify(views);
    expect(json).not.toContain(SLACK_PATH);
    expect(json).not.toContain(BOT_TOKEN);
    expect(views.map((v) => [v.name, v.secret, v.secretHost])).toEqual([
      ['slack', 'session', `127.0.0.1:${receiver.port}`],
      ['tg', 'session', null],
    ]);
  });

  it('keeps the saved secret when an edit leaves it out, and refuses a kind change', async () => {
    const channel = await save({ name: 'hook', enabled: true, events: [...everything], target: { kind: 'webhook' }, secret: `${receiver.url}/keep` });
    await save({ id: channel.id, name: 'hook renamed', enabled: true, events: ['deploy.failed'], target: { kind: 'webhook' } });
    notifier.publish(failed);
    await waitFor('delivered to the kept URL', () => receiver.received.length === 1 && receiver.received[0]!.path === '/keep');
    const changed = await call('notify.channels.save', { id: channel.id, name: 'hook', enabled: true, events: ['deploy.failed'], target: { kind: 'slack' } });
    expect(changed).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect((await list()).map((v) => [v.name, v.target.kind])).toEqual([['hook renamed', 'webhook']]);
  });

  const bad: [string, CallInput<'notify.channels.save'>, string][] = [
    ['a file: URL', { name: 'x', enabled: true, events: ['deploy.failed'], target: { kind: 'webhook' }, secret: 'file:///etc/passwd' }, 'secret'],
    [
      'credentials in the URL',
      { name: 'x', enabled: true, events: ['deploy.failed'], target: { kind: 'webhook' }, secret: 'https://u:p@example.test/h' },
      'secret',
    ],
    ['no URL at all for Slack', { name: 'x', enabled: true, events: ['deploy.failed'], target: { kind: 'slack' } }, 'secret'],
    [
      'a malformed bot token',
      { name: 'x', enabled: true, events: ['deploy.failed'], target: { kind: 'telegram', chatId: '42' }, secret: 'not-a-token' },
      'secret',
    ],
    [
      'a chat that is neither id nor @name',
      { name: 'x', enabled: true, events: ['deploy.failed'], target: { kind: 'telegram', chatId: 'bob smith' }, secret: BOT_TOKEN },
      'target.chatId',
    ],
    [
      'an ntfy topic with a slash',
      { name: 'x', enabled: true, events: ['deploy.failed'], target: { kind: 'ntfy', serverUrl: 'https://ntfy.sh', topic: 'a/b' } },
      'target.topic',
    ],
    [
      'an ntfy server over ftp',
      { name: 'x', enabled: true, events: ['deploy.failed'], target: { kind: 'ntfy', serverUrl: 'ftp://ntfy.sh', topic: 'ab' } },
      'target.serverUrl',
    ],
    ['no events', { name: 'x', enabled: true, events: [], target: { kind: 'webhook' }, secret: 'https://example.test/h' }, 'events'],
    [
      'an unknown event',
      { name: 'x', enabled: true, events: ['deploy.maybe' as 'deploy.failed'], target: { kind: 'webhook' }, secret: 'https://example.test/h' },
      'events.0',
    ],
    [
      'a header injection in an address',
      {
        name: 'x',
        enabled: true,
        events: ['deploy.failed'],
        target: { kind: 'email', host: 'mail.example.test', port: 25, tls: 'none', from: 'a@example.test\r\nBcc: x@evil.test', to: ['b@example.test'] },
      },
      'target.from',
    ],
    [
      'no recipient',
      {
        name: 'x',
        enabled: true,
        events: ['deploy.failed'],
        target: { kind: 'email', host: 'mail.example.test', port: 25, tls: 'none', from: 'a@example.test', to: [] },
      },
      'target.to',
    ],
    [
      'a port out of range',
      {
        name: 'x',
        enabled: true,
        events: ['deploy.failed'],
        target: { kind: 'email', host: 'mail.example.test', port: 70_000, tls: 'none', from: 'a@example.test', to: ['b@example.test'] },
      },
      'target.port',
    ],
    [
      'an SMTP login without its password',
      {
        name: 'x',
        enabled: true,
        events: ['deploy.failed'],
        target: { kind: 'email', host: 'mail.example.test', port: 587, tls: 'starttls', username: 'u', from: 'a@example.test', to: ['b@example.test'] },
      },
      'secret',
    ],
    [
      'a login over a plain connection to another machine',
      {
        name: 'x',
        enabled: true,
        events: ['deploy.failed'],
        target: { kind: 'email', host: 'mail.example.test', port: 25, tls: 'none', username: 'u', from: 'a@example.test', to: ['b@example.test'] },
        secret: 'pw',
      },
      'target.tls',
    ],
    ['a blank name', { name: '  ', enabled: true, events: ['deploy.failed'], target: { kind: 'webhook' }, secret: 'https://example.test/h' }, 'name'],
    [
      'clearing the secret a Slack channel needs',
      { name: 'x', enabled: true, events: ['deploy.failed'], target: { kind: 'slack' }, clearSecret: true },
      'clearSecret',
    ],
  ];
  it.each(bad)('refuses %s, naming the field, and saves nothing', async (_what, input, path) => {
    const answer = await call('notify.channels.save', input);
    expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const issues = (answer as { ok: false; error: { issues?: { path: string }[] } }).error.issues ?? [];
    expect(issues.map((i) => i.path)).toContain(path);
    expect(await list()).toEqual([]);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM notify_channel_secrets').get()).toEqual({ n: 0 });
  });

  it('removes a channel with its secret and its waiting messages', async () => {
    const port = await closedPort();
    const channel = await save({ name: 'dead', enabled: true, events: [...everything], target: { kind: 'webhook' }, secret: `http://127.0.0.1:${port}/x` });
    notifier.publish(failed);
    expect(await call('notify.channels.remove', { id: channel.id })).toEqual({ ok: true, value: { removed: true } });
    expect(await list()).toEqual([]);
    expect(await call('notify.channels.remove', { id: channel.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('notify.channels.test', { id: channel.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
