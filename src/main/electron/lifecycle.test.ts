import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./testing/fakeElectron')).fakeElectron);

import { callChannel, eventChannel } from '../../shared/contract';
import type { AppConfig } from '../engine/app';
import { EventBus } from '../engine/events';
import type { Handlers } from '../engine/rpc/handlers';
import { FakeBrowserWindow, FakeNotification, FakeTray, FakeWebContents, fakeElectron, fakeEvent, resetFakeElectron } from './testing/fakeElectron';
import { startElectronShell } from './lifecycle';
import type { ShellEngine, ShellOptions } from './lifecycle';

const paths = {
  preload: '/app/out/preload/index.js',
  rendererDir: '/app/out/renderer',
  icon: '/nonexistent/icon.png',
  resourcesDir: '/app/resources',
  sqliteBinding: '/nonexistent/better_sqlite3.node',
};

function fakeEngine() {
  const close = vi.fn(async () => {});
  const app: ShellEngine = {
    handlers: {
      'app.info': vi.fn(async () => ({ version: 'x' })),
      // What the tray reads.
      'hosts.list': vi.fn(async () => []),
      'containers.list': vi.fn(async () => []),
      'settings.get': vi.fn(async () => ({ language: 'en', dockerSocketPath: '/var/run/docker.sock', resyncIntervalSec: 30 })),
    } as unknown as Handlers,
    events: new EventBus(),
    close,
    closeConnection: vi.fn(async () => {}),
  };
  return { app, close };
}

function start(overrides: Partial<ShellOptions> = {}) {
  const engine = fakeEngine();
  const createApp = vi.fn(async (_config: AppConfig) => engine.app);
  const shell = startElectronShell({ createApp, paths, ...overrides });
  return { engine, createApp, shell };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => resetFakeElectron());

describe('single-instance lock', () => {
  it('quits at once, without an engine or window, when another instance holds the lock', async () => {
    fakeElectron.app.requestSingleInstanceLock.mockReturnValue(false);

    const { createApp, shell } = start();
    await shell.started;

    expect(fakeElectron.app.quit).toHaveBeenCalled();
    expect(createApp).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(fakeElectron.app.listenerCount('second-instance')).toBe(0);
  });

  it('focuses the existing window when a second instance starts', async () => {
    const { shell } = start();
    await shell.started;
    const [window] = FakeBrowserWindow.instances;
    window!.minimized = true;

    fakeElectron.app.emit('second-instance', fakeEvent(), ['tinyforge'], '/');

    expect(window!.restore).toHaveBeenCalledOnce();
    expect(window!.focus).toHaveBeenCalledOnce();
  });
});

describe('startup', () => {
  it('registers the app:// scheme and enables the sandbox before the app is ready', () => {
    start();
    expect(fakeElectron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledOnce();
    expect(fakeElectron.app.enableSandbox).toHaveBeenCalledOnce();
  });

  it('creates the engine with the user data folder and the electron shell', async () => {
    const { createApp, shell } = start();
    await shell.started;

    expect(createApp).toHaveBeenCalledExactlyOnceWith({
      dataDir: '/fake/userData',
      shell: 'electron',
      sqliteNativeBinding: undefined,
      version: '0.1.0-test',
      secretCipher: expect.objectContaining({ isAvailable: expect.any(Function), encrypt: expect.any(Function), decrypt: expect.any(Function) }),
      desktopNotify: expect.any(Function),
    });
    // The engine's desktop notifications come out as Electron notifications.
    createApp.mock.calls[0]![0].desktopNotify!({ title: 'Host ssh-1 is down', body: 'connection lost', severity: 'error' });
    expect(FakeNotification.shown.map((n) => n.options.title)).toEqual(['Host ssh-1 is down']);
  });

  it('passes the Electron-ABI SQLite binding when it has been built', async () => {
    const { createApp, shell } = start({ paths: { ...paths, sqliteBinding: __filename } });
    await shell.started;

    expect(createApp.mock.calls[0]![0].sqliteNativeBinding).toBe(__filename);
  });

  it('opens one window on app://tinyforge/index.html with secure preferences', async () => {
    const { shell } = start();
    await shell.started;

    expect(FakeBrowserWindow.instances).toHaveLength(1);
    const [window] = FakeBrowserWindow.instances;
    expect(window!.loadURL).toHaveBeenCalledExactlyOnceWith('app://tinyforge/index.html');
    expect(window!.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, preload: paths.preload });
  });

  it('turns DevTools off in a packaged app and ignores a dev server URL there', async () => {
    fakeElectron.app.isPackaged = true;

    const { shell } = start({ devServerUrl: 'http://localhost:5173' });
    await shell.started;

    const [window] = FakeBrowserWindow.instances;
    expect(window!.options.webPreferences).toMatchObject({ devTools: false });
    expect(window!.loadURL).toHaveBeenCalledWith('app://tinyforge/index.html');
  });

  it('loads the dev server while developing', async () => {
    const { shell } = start({ devServerUrl: 'http://localhost:5173' });
    await shell.started;

    expect(FakeBrowserWindow.instances[0]!.loadURL).toHaveBeenCalledWith('http://localhost:5173/');
  });

  it('denies permissions and serves app:// once ready', async () => {
    const { shell } = start();
    await shell.started;

    expect(fakeElectron.session.defaultSession.permissionCheckHandler).not.toBeNull();
    expect(fakeElectron.protocol.handlers.has('app')).toBe(true);
  });

  it('wires the engine to IPC and forwards its events once the page has loaded', async () => {
    const { engine, shell } = start();
    await shell.started;
    const contents = FakeBrowserWindow.instances[0]!.webContents;

    engine.app.events.emit('containers.changed', { hostId: 'local' });
    contents.emit('did-finish-load');

    expect(fakeElectron.ipcMain.handlers.has(callChannel('app.info'))).toBe(true);
    expect(contents.send).toHaveBeenCalledExactlyOnceWith(eventChannel('containers.changed'), { hostId: 'local' });
  });

  it('guards every web contents created, not only the main window', () => {
    start();
    const other = new FakeWebContents();

    fakeElectron.app.emit('web-contents-created', fakeEvent(), other);

    expect(other.windowOpenHandler!({ url: 'app://tinyforge/' })).toEqual({ action: 'deny' });
    expect(other.listenerCount('will-navigate')).toBe(1);
  });

  it('accepts no certificate errors (no handler is installed)', async () => {
    const { shell } = start();
    await shell.started;

    expect(fakeElectron.app.listenerCount('certificate-error')).toBe(0);
    expect(FakeBrowserWindow.instances[0]!.webContents.listenerCount('certificate-error')).toBe(0);
  });

  it('shows the reason and exits when the engine cannot start', async () => {
    const createApp = vi.fn(async () => {
      throw new Error('DB_FROM_THE_FUTURE: the database was written by a newer Tinyforge');
    });

    await startElectronShell({ createApp, paths }).started;

    expect(fakeElectron.dialog.showErrorBox).toHaveBeenCalledWith('Tinyforge could not start', expect.stringContaining('DB_FROM_THE_FUTURE'));
    expect(fakeElectron.app.exit).toHaveBeenCalledWith(1);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });
});

describe('quitting', () => {
  it('waits for the engine to close before quitting', async () => {
    let finishClose!: () => void;
    const { engine, shell } = start();
    engine.close.mockImplementation(() => new Promise<void>((resolve) => (finishClose = resolve)));
    await shell.started;

    fakeElectron.app.quit();
    await flush();

    expect(engine.close).toHaveBeenCalledOnce();
    expect(fakeElectron.app.quitted).toBe(false);

    finishClose();
    await flush();

    expect(fakeElectron.app.quitted).toBe(true);
  });

  it('prevents the first before-quit only, and closes the engine once', async () => {
    const { engine, shell } = start();
    await shell.started;
    const first = fakeEvent();
    const second = fakeEvent();

    fakeElectron.app.emit('before-quit', first);
    fakeElectron.app.emit('before-quit', second);
    await flush();
    const afterClose = fakeEvent();
    fakeElectron.app.emit('before-quit', afterClose);

    expect([first.defaultPrevented, second.defaultPrevented, afterClose.defaultPrevented]).toEqual([true, true, false]);
    expect(engine.close).toHaveBeenCalledOnce();
  });

  it('removes the IPC handlers before closing the engine', async () => {
    const { engine, shell } = start();
    let handlersAtClose = -1;
    engine.close.mockImplementation(async () => {
      handlersAtClose = fakeElectron.ipcMain.handlers.size;
    });
    await shell.started;

    fakeElectron.app.quit();
    await flush();

    expect(handlersAtClose).toBe(0);
  });

  it('quits anyway when closing fails, and says why', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { engine, shell } = start();
    engine.close.mockRejectedValue(new Error('boom'));
    await shell.started;

    fakeElectron.app.quit();
    await flush();

    expect(fakeElectron.app.quitted).toBe(true);
    expect(error).toHaveBeenCalledWith(expect.stringContaining('boom'));
    error.mockRestore();
  });

  it('quits anyway when closing hangs past the timeout', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.useFakeTimers();
    try {
      const { engine, shell } = start({ closeTimeoutMs: 5_000 });
      engine.close.mockReturnValue(new Promise<void>(() => {}));
      await shell.started;

      fakeElectron.app.quit();
      await vi.advanceTimersByTimeAsync(4_999);
      const quittedEarly = fakeElectron.app.quitted;
      await vi.advanceTimersByTimeAsync(1);

      expect([quittedEarly, fakeElectron.app.quitted]).toEqual([false, true]);
      expect(error).toHaveBeenCalledWith(expect.stringContaining('did not close within 5000 ms'));
    } finally {
      vi.useRealTimers();
      error.mockRestore();
    }
  });

  it('closes the tray before the engine', async () => {
    const { engine, shell } = start();
    let trayDestroyedAtClose: boolean | null = null;
    engine.close.mockImplementation(async () => {
      trayDestroyedAtClose = FakeTray.instances[0]!.destroyed;
    });
    await shell.started;

    fakeElectron.app.quit();
    await flush();

    expect(trayDestroyedAtClose).toBe(true);
    expect(fakeElectron.app.quitted).toBe(true);
  });
});

describe('the tray', () => {
  it('appears once the engine has started, not before', async () => {
    let finishBoot!: (app: ShellEngine) => void;
    const engine = fakeEngine();
    const shell = startElectronShell({ createApp: () => new Promise<ShellEngine>((resolve) => (finishBoot = resolve)), paths });
    await flush();
    const before = FakeTray.instances.length;

    finishBoot(engine.app);
    await shell.started;

    expect(before).toBe(0);
    expect(FakeTray.instances).toHaveLength(1);
    expect(FakeTray.instances[0]!.image.path).toMatch(/^\/app\/resources\/tray-(amber|green|red)\.png$/);
  });

  it('keeps the app running in the tray when the last window closes', async () => {
    const { engine, shell } = start();
    await shell.started;

    FakeBrowserWindow.instances[0]!.close();
    fakeElectron.app.emit('window-all-closed');
    await flush();

    expect(fakeElectron.app.quit).not.toHaveBeenCalled();
    expect(engine.close).not.toHaveBeenCalled();
  });

  it('quits, closing the engine, from the tray menu', async () => {
    const { engine, shell } = start();
    await shell.started;

    FakeTray.instances[0]!.menu!.item('Quit').click!();
    await flush();

    expect(engine.close).toHaveBeenCalledOnce();
    expect(fakeElectron.app.quitted).toBe(true);
  });

  it('opens a new window from the tray after the window was closed, wired to the engine events', async () => {
    const { engine, shell } = start();
    await shell.started;
    const [first] = FakeBrowserWindow.instances;
    first!.close();

    FakeTray.instances[0]!.menu!.item('Open Tinyforge').click!();
    await flush();
    const second = FakeBrowserWindow.instances[1]!;
    second.webContents.emit('did-finish-load');
    engine.app.events.emit('containers.changed', { hostId: 'local' });

    expect(FakeBrowserWindow.instances).toHaveLength(2);
    expect(second.loadURL).toHaveBeenCalledWith('app://tinyforge/index.html');
    expect(second.webContents.send).toHaveBeenCalledExactlyOnceWith(eventChannel('containers.changed'), { hostId: 'local' });
    expect(first!.webContents.send).not.toHaveBeenCalled();
  });

  it('shows and focuses the open window from the tray instead of opening another', async () => {
    const { shell } = start();
    await shell.started;
    const [window] = FakeBrowserWindow.instances;

    FakeTray.instances[0]!.menu!.item('Open Tinyforge').click!();

    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(window!.show).toHaveBeenCalled();
    expect(window!.focus).toHaveBeenCalledOnce();
  });

  it('opens the closed window again when Tinyforge is launched again (desktops with no tray area)', async () => {
    const { shell } = start();
    await shell.started;
    FakeBrowserWindow.instances[0]!.close();

    fakeElectron.app.emit('second-instance', fakeEvent(), ['tinyforge'], '/');

    expect(FakeBrowserWindow.instances).toHaveLength(2);
  });

  it('opens the closed window again when the macOS Dock icon is clicked', async () => {
    const { shell } = start();
    await shell.started;
    FakeBrowserWindow.instances[0]!.close();

    fakeElectron.app.emit('activate', fakeEvent(), false);

    expect(FakeBrowserWindow.instances).toHaveLength(2);
  });

  it('opens no window once quitting has begun', async () => {
    const { engine, shell } = start();
    engine.close.mockReturnValue(new Promise<void>(() => {}));
    await shell.started;
    FakeBrowserWindow.instances[0]!.close();

    fakeElectron.app.quit();
    fakeElectron.app.emit('second-instance', fakeEvent(), ['tinyforge'], '/');

    expect(FakeBrowserWindow.instances).toHaveLength(1);
  });

  it('quits when the last window closes if the tray could not be created', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    fakeElectron.nativeImage.createFromPath.mockImplementation(() => {
      throw new Error('no status area');
    });
    const { engine, shell } = start();
    await shell.started;

    FakeBrowserWindow.instances[0]!.close();
    fakeElectron.app.emit('window-all-closed');
    await flush();

    expect(engine.close).toHaveBeenCalledOnce();
    expect(fakeElectron.app.quitted).toBe(true);
    expect(error).toHaveBeenCalledWith(expect.stringContaining('no status area'));
    error.mockRestore();
  });
});
