// The desktop app's lifecycle: one instance, one engine, one window, and an orderly close on quit.
import { app, dialog, session } from 'electron';
import type { BrowserWindow } from 'electron';
import type { App, AppConfig } from '../engine/app';
import { forwardEvents } from './eventForwarder';
import { registerCallHandlers } from './ipc';
import { guardNavigation } from './navigation';
import { rendererSource } from './origin';
import { existingFile } from './paths';
import type { ShellPaths } from './paths';
import { denyAllPermissions } from './permissions';
import { registerAppScheme, serveRenderer } from './protocol';
import { createStatusTray } from './tray';
import type { StatusTray } from './tray';
import { createMainWindow } from './window';
import { keychainCipher } from './keychainCipher';
import { desktopNotifier } from './desktopNotify';

/** The part of the engine a shell touches: its handlers, its events and its close. */
export type ShellEngine = Pick<App, 'handlers' | 'events' | 'close' | 'closeConnection'>;

export interface ShellOptions {
  createApp: (config: AppConfig) => Promise<ShellEngine>;
  paths: ShellPaths;
  /** electron-vite's ELECTRON_RENDERER_URL; honoured only when the app is not packaged. */
  devServerUrl?: string;
  /** How long quitting waits for the engine before giving up on it. */
  closeTimeoutMs?: number;
}

export interface Shell {
  /** Settles once the window has started loading, or once startup was abandoned. */
  readonly started: Promise<void>;
}

const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;

export function startElectronShell(options: ShellOptions): Shell {
  // Both must happen before the ready event.
  registerAppScheme();
  app.enableSandbox();

  // A second instance would open the same SQLite database and race the first one's reconciler.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { started: Promise.resolve() };
  }

  const source = rendererSource(app.isPackaged, options.devServerUrl);
  let window: BrowserWindow | null = null;
  let tray: StatusTray | null = null;
  /** Set once the engine is up: shows the window, creating it again if it was closed. */
  let showWindow: (() => void) | null = null;
  let quitting = false;
  const disposers: Array<() => void> = [];

  // Launching Tinyforge again is also the way back to a window closed to the tray, which matters on
  // desktops that show no tray icons (GNOME without an extension).
  app.on('second-instance', () => showWindow?.());
  // macOS: clicking the Dock icon of a running app with no window.
  app.on('activate', () => showWindow?.());
  // Every web contents, including any a future feature creates, gets the same guards.
  app.on('web-contents-created', (_event, contents) => guardNavigation(contents, source.origin));
  // Closing the window hides the app to the tray: the engine goes on reconciling, deploying and
  // watching hosts, and the tray icon keeps showing their state. Quitting is explicit: the tray's
  // "Quit" (or Cmd+Q on macOS). Only without a tray, which failed to start, would nothing be left to
  // reopen the window from, so closing it quits as Electron does by default.
  app.on('window-all-closed', () => {
    if (!tray && !quitting) app.quit();
  });

  const engine: Promise<ShellEngine | null> = bootEngine(options).catch((error: unknown) => {
    abortStartup(error);
    return null;
  });

  const started = engine.then(async (instance) => {
    if (!instance || quitting) return;
    disposers.push(registerCallHandlers(instance.handlers, source.origin, (connectionId) => instance.closeConnection(connectionId)));

    let stopForwarding: (() => void) | null = null;
    disposers.push(() => stopForwarding?.());
    const openWindow = async (): Promise<void> => {
      if (window && !window.isDestroyed()) {
        focus(window);
        return;
      }
      const created = createMainWindow({
        preloadPath: options.paths.preload,
        iconPath: existingFile(options.paths.icon),
        devTools: !app.isPackaged,
      });
      window = created;
      stopForwarding = forwardEvents(instance.events, created.webContents);
      created.once('closed', () => {
        stopForwarding?.();
        stopForwarding = null;
        if (window === created) window = null;
      });
      try {
        await created.loadURL(source.startUrl);
      } catch (error) {
        console.error(`Could not load ${source.startUrl}: ${messageOf(error)}`);
      }
    };
    // Not while quitting: a window opened then would outlive the engine it talks to.
    showWindow = () => {
      if (!quitting) void openWindow();
    };

    tray = startTray(instance, options.paths.resourcesDir, () => showWindow?.());
    if (tray) {
      const created = tray;
      // Before the engine closes: the tray's last refresh must not query an engine shutting down.
      disposers.push(() => created.close());
    }
    await openWindow();
  });

  let closed = false;
  let closing: Promise<void> | null = null;
  app.on('before-quit', (event) => {
    quitting = true;
    if (closed) return;
    // Quitting waits for the engine: a deploy step or a SQLite write must not be cut in half.
    event.preventDefault();
    closing ??= (async () => {
      for (const dispose of disposers.splice(0)) dispose();
      await closeEngine(engine, options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS);
    })().finally(() => {
      closed = true;
      app.quit();
    });
  });

  return { started };
}

/** The tray is a convenience: if the desktop refuses it, the app still runs (and quits on close). */
function startTray(instance: ShellEngine, iconDir: string, openWindow: () => void): StatusTray | null {
  try {
    return createStatusTray({ engine: instance, iconDir, openWindow, quit: () => app.quit() });
  } catch (error) {
    console.error(`The tray icon could not be created: ${messageOf(error)}`);
    return null;
  }
}

async function bootEngine(options: ShellOptions): Promise<ShellEngine> {
  await app.whenReady();
  denyAllPermissions(session.defaultSession);
  serveRenderer(options.paths.rendererDir);
  return options.createApp({
    dataDir: app.getPath('userData'),
    shell: 'electron',
    sqliteNativeBinding: existingFile(options.paths.sqliteBinding),
    version: app.getVersion(),
    secretCipher: keychainCipher(),
    desktopNotify: desktopNotifier(),
  });
}

async function closeEngine(engine: Promise<ShellEngine | null>, timeoutMs: number): Promise<void> {
  const instance = await engine;
  if (!instance) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.error(`The engine did not close within ${timeoutMs} ms; quitting anyway.`);
      resolve();
    }, timeoutMs);
  });
  try {
    await Promise.race([instance.close(), timeout]);
  } catch (error) {
    console.error(`Closing the engine failed: ${messageOf(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

function abortStartup(error: unknown): void {
  dialog.showErrorBox('Tinyforge could not start', messageOf(error));
  // exit, not quit: there is no engine to close, and before-quit would wait on it.
  app.exit(1);
}

function focus(window: BrowserWindow | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
