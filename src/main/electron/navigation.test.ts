import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./testing/fakeElectron')).fakeElectron);

import type { WebContents } from 'electron';
import { FakeWebContents, fakeElectron, fakeEvent, resetFakeElectron } from './testing/fakeElectron';
import { externalUrl, guardNavigation } from './navigation';

const APP = 'app://tinyforge';
let contents: FakeWebContents;

beforeEach(() => {
  resetFakeElectron();
  contents = new FakeWebContents();
  guardNavigation(contents as unknown as WebContents, APP);
});

function navigate(eventName: string, url: string): boolean {
  const event = fakeEvent({ url });
  contents.emit(eventName, event);
  return event.defaultPrevented;
}

describe.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s', (eventName) => {
  it('lets the app move between its own pages', () => {
    expect(navigate(eventName, 'app://tinyforge/workloads')).toBe(false);
  });

  it.each([
    'app://tinyforge.evil/index.html',
    'app://evil/index.html',
    'app://tinyforge@evil/',
    'https://example.com/',
    'http://localhost:5173/',
    'file:///etc/passwd',
  ])('prevents a navigation to %s', (url) => {
    expect(navigate(eventName, url)).toBe(true);
  });
});

describe('will-navigate to the web', () => {
  it('opens an https link in the browser instead', () => {
    navigate('will-navigate', 'https://docs.docker.com/');
    expect(fakeElectron.shell.openExternal).toHaveBeenCalledWith('https://docs.docker.com/');
  });

  it.each(['http://example.com/', 'file:///etc/passwd', 'smb://host/share', 'javascript:alert(1)'])('never hands %s to the OS', (url) => {
    navigate('will-navigate', url);
    expect(fakeElectron.shell.openExternal).not.toHaveBeenCalled();
  });

  it('opens nothing from will-frame-navigate, so one click opens one tab', () => {
    navigate('will-frame-navigate', 'https://docs.docker.com/');
    expect(fakeElectron.shell.openExternal).not.toHaveBeenCalled();
  });
});

describe('window.open', () => {
  it.each(['app://tinyforge/index.html', 'https://example.com/', 'about:blank', 'app://evil/'])('is denied for %s', (url) => {
    expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
  });

  it('opens https targets in the browser, and nothing else', () => {
    contents.windowOpenHandler!({ url: 'https://example.com/docs' });
    contents.windowOpenHandler!({ url: 'ms-msdt:/id PCWDiagnostic' });
    expect(fakeElectron.shell.openExternal.mock.calls).toEqual([['https://example.com/docs']]);
  });
});

describe('webviews', () => {
  it('are never attached', () => {
    const event = fakeEvent();
    contents.emit('will-attach-webview', event, { nodeIntegration: true }, { src: 'app://tinyforge/' });
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('externalUrl', () => {
  it('keeps only https URLs without credentials', () => {
    expect(externalUrl('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(externalUrl('https://user:pw@example.com/')).toBeNull();
    expect(externalUrl('HTTP://example.com/')).toBeNull();
    expect(externalUrl('not a url')).toBeNull();
  });
});
