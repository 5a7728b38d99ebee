import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./testing/fakeElectron')).fakeElectron);

import { FakeBrowserWindow, resetFakeElectron } from './testing/fakeElectron';
import { createMainWindow, secureWebPreferences } from './window';

beforeEach(() => resetFakeElectron());

describe('secureWebPreferences', () => {
  const prefs = secureWebPreferences('/app/out/preload/index.js', false) as Record<string, unknown>;

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInSubFrames', false],
    ['nodeIntegrationInWorker', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['webviewTag', false],
  ])('sets %s to %s explicitly', (flag, expected) => {
    expect(Object.hasOwn(prefs, flag)).toBe(true);
    expect(prefs[flag]).toBe(expected);
  });

  it('enables neither experimental web features nor Blink features', () => {
    expect(prefs).not.toHaveProperty('experimentalFeatures');
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('loads the bundled preload', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.js');
  });

  it('turns DevTools off when asked to (packaged builds)', () => {
    expect(secureWebPreferences('/p.js', false).devTools).toBe(false);
    expect(secureWebPreferences('/p.js', true).devTools).toBe(true);
  });
});

describe('createMainWindow', () => {
  it('creates the window with the secure preferences and the icon', () => {
    createMainWindow({ preloadPath: '/app/out/preload/index.js', iconPath: '/app/resources/icon.png', devTools: false });

    const [window] = FakeBrowserWindow.instances;
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(window!.options.webPreferences).toEqual(secureWebPreferences('/app/out/preload/index.js', false));
    expect(window!.options.icon).toBe('/app/resources/icon.png');
  });

  it('stays hidden until the first paint', () => {
    createMainWindow({ preloadPath: '/p.js', devTools: false });
    const [window] = FakeBrowserWindow.instances;
    expect(window!.options.show).toBe(false);

    window!.emit('ready-to-show');

    expect(window!.show).toHaveBeenCalledOnce();
  });
});
