// The tray against a mocked Electron: icon colour, tooltip counts, the hosts and recent-deploys menus,
// both languages. Just over 400 lines: each test is a short story over one shared fake engine.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./testing/fakeElectron')).fakeElectron);

import type { ContainerView, HostView, Language, RecentDeployView, SettingsView } from '../../shared/types';
import { EventBus } from '../engine/events';
import { containerView, hostView } from '../engine/testing/fixtures';
import type { Handlers } from '../engine/rpc/handlers';
import { FakeTray, fakeElectron, resetFakeElectron } from './testing/fakeElectron';
import type { FakeMenu } from './testing/fakeElectron';
import { createStatusTray, escapeLabel } from './tray';
import type { StatusTray } from './tray';

const host = hostView;
const container = (hostId: string, state: ContainerView['state'], exitCode: number | null = null) => containerView(state, { hostId, exitCode });

const running = (hostId: string, n: number) => Array.from({ length: n }, () => container(hostId, 'running'));

/** An engine whose data the test changes between events, counting the fetches. */
function fakeEngine() {
  const data = {
    hosts: [host('local', 'up')] as HostView[],
    containers: running('local', 2),
    language: 'en' as Language,
    deploys: [] as RecentDeployView[],
  };
  const handlers = {
    'hosts.list': vi.fn(async () => data.hosts),
    'containers.list': vi.fn(async () => data.containers),
    'settings.get': vi.fn(async (): Promise<SettingsView> => ({
      language: data.language,
      dockerSocketPath: '/var/run/docker.sock',
      resyncIntervalSec: 30,
      staleAfterDays: 7,
      registryWatchIntervalMin: 15,
      desktopNotifications: true,
    })),
    'deploys.recent': vi.fn(async ({ limit }: { limit: number }) => data.deploys.slice(0, limit)),
  };
  const events = new EventBus();
  return { data, handlers, events, engine: { handlers: handlers as unknown as Handlers, events } };
}

const ICONS = '/app/resources';
const openWindow = vi.fn();
const quit = vi.fn();
let engine: ReturnType<typeof fakeEngine>;
let tray: StatusTray;

function start(overrides: { platform?: NodeJS.Platform } = {}) {
  tray = createStatusTray({ engine: engine.engine, iconDir: ICONS, openWindow, quit, ...overrides });
  return FakeTray.instances.at(-1)!;
}

/** Lets the timers due by now fire and the engine calls they start settle. */
const settle = (ms = 0) => vi.advanceTimersByTimeAsync(ms);
const labels = (menu: FakeMenu | null) => menu!.items.map((i) => (i.type === 'separator' ? '---' : i.label));
const fetches = () => engine.handlers['hosts.list'].mock.calls.length;

beforeEach(() => {
  resetFakeElectron();
  vi.useFakeTimers();
  engine = fakeEngine();
  openWindow.mockReset();
  quit.mockReset();
});

afterEach(() => {
  tray?.close();
  vi.useRealTimers();
});

describe('before the first fetch', () => {
  it('shows the amber icon (hosts are still connecting), a plain tooltip and a menu that already works', () => {
    const fake = start();

    expect(fake.image.path).toBe('/app/resources/tray-amber.png');
    expect(fake.toolTip).toBe('Tinyforge');
    expect(labels(fake.menu)).toEqual(['Open Tinyforge', 'Quit']);
  });
});

describe('rendering the engine state', () => {
  it('turns green with counts when every host is up and nothing fails', async () => {
    const fake = start();
    await settle();

    expect(fake.image.path).toBe('/app/resources/tray-green.png');
    expect(fake.toolTip).toBe('Tinyforge: 1/1 host up, 2 running');
  });

  it('turns red with a tooltip counting hosts, running and failed containers', async () => {
    engine.data.hosts = [host('local', 'up'), host('edge', 'up'), host('prod', 'down', 'connect ECONNREFUSED 10.0.0.5:22')];
    engine.data.containers = [...running('local', 10), ...running('edge', 4), container('edge', 'exited', 1)];
    const fake = start();
    await settle();

    expect(fake.image.path).toBe('/app/resources/tray-red.png');
    expect(fake.toolTip).toBe('Tinyforge: 2/3 hosts up, 14 running, 1 failed');
  });

  it('lists each host with its state, the reason of a down host, then Open and Quit', async () => {
    engine.data.hosts = [host('local', 'up'), host('edge', 'connecting', 'retrying in 4 s'), host('prod', 'down', 'connect ECONNREFUSED 10.0.0.5:22')];
    const fake = start();
    await settle();

    expect(labels(fake.menu)).toEqual(['local — up', 'edge — connecting', 'prod — down: connect ECONNREFUSED 10.0.0.5:22', '---', 'Open Tinyforge', 'Quit']);
    expect(fake.menu!.items.slice(0, 3).every((i) => i.enabled === false)).toBe(true);
  });

  it('cuts a long reason to one short line', async () => {
    engine.data.hosts = [host('prod', 'down', `the key of deploy@10.0.0.5\ndiffers ${'x'.repeat(200)}`)];
    const fake = start();
    await settle();

    const label = fake.menu!.items[0]!.label!;
    expect(label.startsWith('prod — down: the key of deploy@10.0.0.5 differs')).toBe(true);
    expect(label.endsWith('…')).toBe(true);
    expect(label).not.toContain('\n');
    expect(Array.from(label).length).toBeLessThanOrEqual('prod — down: '.length + 60);
  });

  it('speaks Russian when the app language is Russian', async () => {
    engine.data.language = 'ru';
    engine.data.hosts = [host('local', 'up'), host('prod', 'down', 'timeout')];
    engine.data.containers = [...running('local', 3), container('local', 'dead')];
    const fake = start();
    await settle();

    expect(fake.toolTip).toBe('Tinyforge: хостов в работе: 1/2, запущено: 3, сбоев: 1');
    expect(labels(fake.menu)).toEqual(['local — в работе', 'prod — недоступен: timeout', '---', 'Открыть Tinyforge', 'Выйти']);
  });

  it('leaves out the separator when there are no hosts', async () => {
    engine.data.hosts = [];
    const fake = start();
    await settle();

    expect(labels(fake.menu)).toEqual(['Open Tinyforge', 'Quit']);
  });

  it('keeps the last picture and says why when a fetch fails', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const fake = start();
    await settle();
    engine.handlers['containers.list'].mockRejectedValueOnce(new Error('database is locked'));
    engine.data.hosts = [host('local', 'down', 'gone')];

    engine.events.emit('hosts.changed', { hostId: 'local' });
    await settle(500);

    expect(fake.image.path).toBe('/app/resources/tray-green.png');
    expect(error).toHaveBeenCalledWith(expect.stringContaining('database is locked'));
    error.mockRestore();
  });
});

function deploy(
  workloadName: string,
  stageName: string,
  image: string,
  status: RecentDeployView['status'],
  kind: RecentDeployView['kind'] = 'deploy',
): RecentDeployView {
  return {
    id: `${workloadName}-${image}`,
    hostId: 'local',
    workloadId: 'w',
    stageId: 's',
    kind,
    image,
    imageDigest: null,
    status,
    step: 'cleanup',
    steps: [],
    error: null,
    startedAt: 0,
    finishedAt: null,
    pull: null,
    workloadName,
    stageName,
  };
}

describe('recent deploys', () => {
  it('lists the newest deploys under a heading between the hosts and the commands, as information only', async () => {
    engine.data.deploys = [
      deploy('api', 'production', 'acme/api:v2', 'running'),
      deploy('web', 'staging', 'sha256:3f2a9c1b7d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8', 'failed', 'rollback'),
      deploy('api', 'staging', 'registry.local:5000/acme/api:1.4', 'succeeded', 'promote'),
    ];
    const fake = start();
    await settle();

    expect(labels(fake.menu)).toEqual([
      'local — up',
      '---',
      'Recent deploys',
      'api / production: v2 — deploying',
      'web / staging: rollback to 3f2a9c1b7d4e — failed',
      'api / staging: promote of 1.4 — succeeded',
      '---',
      'Open Tinyforge',
      'Quit',
    ]);
    expect(fake.menu!.items.slice(2, 6).every((i) => i.enabled === false)).toBe(true);
    expect(engine.handlers['deploys.recent']).toHaveBeenCalledWith({ limit: 5 }, { connectionId: 'tray' });
  });

  it('refreshes when a deploy changes, and words it in Russian', async () => {
    engine.data.language = 'ru';
    const fake = start();
    await settle();
    expect(labels(fake.menu)).not.toContain('Последние развёртывания');

    engine.data.deploys = [deploy('api', 'production', 'acme/api:v3', 'failed')];
    engine.events.emit('deploys.changed', { hostId: 'local', workloadId: 'w', targetKey: 's', stageId: 's', deployId: 'd', status: 'failed' });
    await settle(500);

    expect(labels(fake.menu)).toContain('Последние развёртывания');
    expect(labels(fake.menu)).toContain('api / production: v3 — ошибка');
  });
});

describe('menu actions', () => {
  it('opens the window from "Open Tinyforge"', async () => {
    const fake = start();
    await settle();

    fake.menu!.item('Open Tinyforge').click!();

    expect(openWindow).toHaveBeenCalledOnce();
    expect(quit).not.toHaveBeenCalled();
  });

  it('quits from "Quit"', async () => {
    const fake = start();
    await settle();

    fake.menu!.item('Quit').click!();

    expect(quit).toHaveBeenCalledOnce();
  });

  it('escapes & in labels on Windows and Linux, where it would mark an access key', async () => {
    engine.data.hosts = [host('prod', 'down', 'ssh & docker both refused')];
    const fake = start({ platform: 'linux' });
    await settle();

    expect(fake.menu!.items[0]!.label).toBe('prod — down: ssh && docker both refused');
    expect(escapeLabel('a & b', 'win32')).toBe('a && b');
    expect(escapeLabel('a & b', 'darwin')).toBe('a & b');
  });
});

describe('recomputing on engine events', () => {
  it.each(['host.state', 'hosts.changed', 'containers.changed', 'settings.changed'] as const)('recomputes after %s', async (event) => {
    const fake = start();
    await settle();
    engine.data.hosts = [host('local', 'down', 'gone')];

    engine.events.emit(event, { hostId: 'local' });
    await settle(500);

    expect(fake.image.path).toBe('/app/resources/tray-red.png');
  });

  it('ignores events that cannot change the picture', async () => {
    start();
    await settle();

    engine.events.emit('workloads.changed', { hostId: 'local' });
    await settle(5_000);

    expect(fetches()).toBe(1);
  });

  it('rebuilds once for a storm of events, after the throttle window and not before', async () => {
    const fake = start();
    await settle();
    engine.data.containers = [container('local', 'restarting')];
    const tooltips = fake.setToolTip.mock.calls.length;

    for (let i = 0; i < 300; i++) engine.events.emit('containers.changed', { hostId: 'local' });
    await settle(499);
    const before = { fetches: fetches(), image: fake.image.path };
    await settle(1);

    expect(before).toEqual({ fetches: 1, image: '/app/resources/tray-green.png' });
    expect(fetches()).toBe(2);
    expect(fake.image.path).toBe('/app/resources/tray-amber.png');
    expect(fake.setToolTip.mock.calls.length - tooltips).toBe(1);
  });

  it('recomputes at most once per window while events keep coming', async () => {
    start();
    await settle();

    for (let ms = 0; ms < 2_000; ms += 10) {
      engine.events.emit('host.state', { hostId: 'local', state: 'up', reason: null, reasonCode: null, reasonDetails: null, since: ms, latencyMs: 2 });
      await settle(10);
    }

    expect(fetches()).toBeGreaterThanOrEqual(4);
    expect(fetches()).toBeLessThanOrEqual(5);
  });

  it('runs one fetch at a time: an event during a slow fetch causes exactly one more after it', async () => {
    const fake = start();
    await settle();
    let release!: () => void;
    engine.handlers['hosts.list'].mockImplementationOnce(() => new Promise<HostView[]>((resolve) => (release = () => resolve([host('local', 'up')]))));
    engine.events.emit('containers.changed', { hostId: 'local' });
    await settle(500);
    expect(fetches()).toBe(2);

    engine.data.hosts = [host('local', 'connecting')];
    engine.events.emit('host.state', { hostId: 'local', state: 'connecting', reason: null, reasonCode: null, reasonDetails: null, since: 1, latencyMs: null });
    await settle(2_000);
    expect(fetches()).toBe(2);

    release();
    await settle(500);

    expect(fetches()).toBe(3);
    expect(fake.image.path).toBe('/app/resources/tray-amber.png');
  });

  it('touches the tray only for what changed', async () => {
    const fake = start();
    await settle();
    const calls = () => [fake.setImage.mock.calls.length, fake.setToolTip.mock.calls.length, fake.setContextMenu.mock.calls.length];
    const afterFirst = calls();

    engine.events.emit('containers.changed', { hostId: 'local' });
    await settle(500);
    const afterNoChange = calls();

    engine.data.containers = running('local', 3);
    engine.events.emit('containers.changed', { hostId: 'local' });
    await settle(500);
    const afterCountChange = calls();

    engine.data.hosts = [host('local', 'connecting')];
    engine.events.emit('host.state', { hostId: 'local', state: 'connecting', reason: null, reasonCode: null, reasonDetails: null, since: 1, latencyMs: null });
    await settle(500);

    // First refresh: green replaces the starting amber; the real tooltip and the host menu arrive.
    expect(afterFirst).toEqual([1, 2, 2]);
    expect(afterNoChange).toEqual(afterFirst);
    expect(afterCountChange).toEqual([1, 3, 2]);
    expect(calls()).toEqual([2, 4, 3]);
  });

  it('refresh() recomputes at once, outside the throttle', async () => {
    const fake = start();
    await settle();
    engine.data.hosts = [host('local', 'down', 'x')];

    await tray.refresh();

    expect(fake.image.path).toBe('/app/resources/tray-red.png');
  });
});

describe('close', () => {
  it('destroys the icon, stops listening and cancels the pending recomputation', async () => {
    const fake = start();
    await settle();
    engine.events.emit('containers.changed', { hostId: 'local' });

    tray.close();
    engine.events.emit('containers.changed', { hostId: 'local' });
    await settle(5_000);

    expect(fake.destroy).toHaveBeenCalledOnce();
    expect(fetches()).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not touch the destroyed icon when a fetch in flight lands after close', async () => {
    let release!: () => void;
    engine.handlers['hosts.list'].mockImplementationOnce(() => new Promise<HostView[]>((resolve) => (release = () => resolve([host('local', 'down', 'x')]))));
    const fake = start();

    tray.close();
    release();
    await settle();

    expect(fake.setImage).not.toHaveBeenCalled();
    expect(fake.image.path).toBe('/app/resources/tray-amber.png');
  });

  it('can be called twice', () => {
    const fake = start();
    tray.close();
    tray.close();
    expect(fake.destroy).toHaveBeenCalledOnce();
  });
});

describe('the fake electron', () => {
  it('throws on a destroyed tray, as Electron does, so the tests above would catch a late update', () => {
    const fake = start();
    tray.close();
    expect(() => fake.setToolTip('x')).toThrow(/destroyed/);
    expect(fakeElectron.nativeImage.createFromPath).toHaveBeenCalledWith('/app/resources/tray-amber.png');
  });
});
