// A stand-in for the `electron` module in unit tests (no Electron binary can run here). It records
// what the shell registers so tests can fire events and call handlers the way Electron would.
// Use: vi.mock('electron', async () => (await import('./testing/fakeElectron')).fakeElectron)
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export interface FakeEvent {
  preventDefault: () => void;
  readonly defaultPrevented: boolean;
  url?: string;
}

export function fakeEvent(fields: { url?: string } = {}): FakeEvent {
  let prevented = false;
  return {
    ...fields,
    preventDefault: () => {
      prevented = true;
    },
    get defaultPrevented() {
      return prevented;
    },
  };
}

export interface FakeFrame {
  origin: string;
  url: string;
  parent: FakeFrame | null;
  detached: boolean;
}

export function fakeFrame(origin: string, parent: FakeFrame | null = null): FakeFrame {
  return { origin, url: `${origin}/index.html`, parent, detached: false };
}

export class FakeWebContents extends EventEmitter {
  private static nextId = 1;
  /** Unique per instance, like Electron's (never reused within a run). */
  readonly id = FakeWebContents.nextId++;
  readonly mainFrame: FakeFrame;
  readonly send = vi.fn<(channel: string, payload: unknown) => void>();
  destroyed = false;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;

  constructor(origin = 'app://tinyforge') {
    super();
    this.mainFrame = fakeFrame(origin);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loadURL = vi.fn(async (_url: string) => {});
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  /** Like the user closing the window: close (preventable), then closed, and the contents go. */
  readonly close = vi.fn(() => {
    const event = fakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.webContents.emit('destroyed');
    this.emit('closed');
  });
  minimized = false;
  destroyed = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
}

/** What nativeImage.createFromPath returns here: the path it was made from, nothing decoded. */
export class FakeNativeImage {
  constructor(readonly path: string) {}
  isEmpty(): boolean {
    return this.path === '';
  }
}

/** A menu item template as the shell passes it to Menu.buildFromTemplate. */
export interface FakeMenuItem {
  label?: string;
  type?: string;
  enabled?: boolean;
  click?: () => void;
}

export class FakeMenu {
  constructor(readonly items: FakeMenuItem[]) {}
  static buildFromTemplate(template: FakeMenuItem[]): FakeMenu {
    return new FakeMenu(template);
  }
  /** The item with this label; throws when there is none, so a test cannot click nothing. */
  item(label: string): FakeMenuItem {
    const item = this.items.find((i) => i.label === label);
    if (!item) throw new Error(`no menu item "${label}" in ${JSON.stringify(this.items.map((i) => i.label ?? i.type))}`);
    return item;
  }
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  image: FakeNativeImage;
  toolTip = '';
  menu: FakeMenu | null = null;
  destroyed = false;
  readonly setImage = vi.fn((image: FakeNativeImage) => {
    this.assertAlive();
    this.image = image;
  });
  readonly setToolTip = vi.fn((toolTip: string) => {
    this.assertAlive();
    this.toolTip = toolTip;
  });
  readonly setContextMenu = vi.fn((menu: FakeMenu | null) => {
    this.assertAlive();
    this.menu = menu;
  });
  readonly destroy = vi.fn(() => {
    this.destroyed = true;
  });

  constructor(image: FakeNativeImage) {
    super();
    this.image = image;
    FakeTray.instances.push(this);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Electron throws on a destroyed tray; so does the fake, so a late update fails the test. */
  private assertAlive(): void {
    if (this.destroyed) throw new TypeError('Object has been destroyed');
  }
}

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

class FakeApp extends EventEmitter {
  isPackaged = false;
  readonly requestSingleInstanceLock = vi.fn(() => true);
  readonly enableSandbox = vi.fn();
  readonly quit = vi.fn(() => {
    // Like Electron: quit() emits before-quit, and only an unprevented one goes on to quit.
    const event = fakeEvent();
    this.emit('before-quit', event);
    if (!event.defaultPrevented) this.quitted = true;
  });
  readonly exit = vi.fn();
  readonly whenReady = vi.fn(async () => {});
  readonly getPath = vi.fn((name: string) => `/fake/${name}`);
  readonly getVersion = vi.fn(() => '0.1.0-test');
  quitted = false;
}

class FakeSession {
  permissionRequestHandler: ((...args: never[]) => void) | null = null;
  permissionCheckHandler: ((...args: never[]) => boolean) | null = null;
  devicePermissionHandler: ((...args: never[]) => boolean) | null = null;
  setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: FakeSession['devicePermissionHandler']): void {
    this.devicePermissionHandler = handler;
  }
}

/** Electron's Notification: records what was shown; `supported` stands for the OS's answer. */
export class FakeNotification extends EventEmitter {
  static supported = true;
  static shown: FakeNotification[] = [];
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  constructor(readonly options: { title: string; body: string; silent?: boolean; urgency?: string }) {
    super();
  }
  show(): void {
    FakeNotification.shown.push(this);
  }
}

function createFakeElectron() {
  const handlers = new Map<string, InvokeHandler>();
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response> | Response>();
  return {
    app: new FakeApp(),
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Menu: FakeMenu,
    Notification: FakeNotification,
    nativeImage: { createFromPath: vi.fn((path: string) => new FakeNativeImage(path)) },
    session: { defaultSession: new FakeSession() },
    ipcMain: {
      handlers,
      handle: vi.fn((channel: string, handler: InvokeHandler) => {
        if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        handlers.set(channel, handler);
      }),
      removeHandler: vi.fn((channel: string) => {
        handlers.delete(channel);
      }),
    },
    protocol: {
      handlers: protocolHandlers,
      registerSchemesAsPrivileged: vi.fn(),
      handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response> | Response) => {
        protocolHandlers.set(scheme, handler);
      }),
    },
    shell: { openExternal: vi.fn(async (_url: string) => {}) },
    /** A reversible stand-in for the OS keychain: "encrypts" by prefixing and reversing. */
    safeStorage: {
      available: true,
      backend: 'gnome_libsecret' as string,
      isEncryptionAvailable: vi.fn(() => fakeElectron.safeStorage.available),
      getSelectedStorageBackend: vi.fn(() => fakeElectron.safeStorage.backend),
      encryptString: vi.fn((plain: string) => Buffer.from(`enc:${[...plain].reverse().join('')}`)),
      decryptString: vi.fn((cipher: Buffer) => [...cipher.toString().replace(/^enc:/, '')].reverse().join('')),
    },
    dialog: { showErrorBox: vi.fn() },
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: {
      invoke: vi.fn(async (_channel: string, ..._args: unknown[]) => ({ ok: true, value: null })),
      on: vi.fn(),
      removeListener: vi.fn(),
    },
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
export const fakeElectron: FakeElectron = createFakeElectron();

/** Back to a freshly started process: no listeners, handlers, windows, trays or recorded calls. */
export function resetFakeElectron(): void {
  const fresh = createFakeElectron();
  Object.assign(fakeElectron, fresh);
  FakeBrowserWindow.instances = [];
  FakeTray.instances = [];
  FakeNotification.shown = [];
  FakeNotification.supported = true;
}
