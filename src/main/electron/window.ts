// The main window and the web preferences every window of the app must have
// (/work/shared/SECURITY-CHECKLIST.md, item 2).
import { BrowserWindow } from 'electron';
import type { WebPreferences } from 'electron';

export function secureWebPreferences(preloadPath: string, devTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    // The preload is bundled into one CommonJS file so that it runs in a sandboxed renderer.
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    devTools,
    // Chromium's spellchecker downloads dictionaries from a Google CDN on Windows and Linux.
    spellcheck: false,
  };
}

export interface MainWindowOptions {
  preloadPath: string;
  /** Absent when the file is missing: Electron then keeps its default icon. */
  iconPath?: string;
  devTools: boolean;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    title: 'Tinyforge',
    backgroundColor: '#161a22',
    // Shown on first paint, so the user never sees an empty white frame.
    show: false,
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    webPreferences: secureWebPreferences(options.preloadPath, options.devTools),
  });
  window.once('ready-to-show', () => window.show());
  return window;
}
