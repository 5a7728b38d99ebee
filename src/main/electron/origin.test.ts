import { describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN, APP_START_URL, isSameOrigin, originOf, rendererSource } from './origin';

describe('isSameOrigin against app://tinyforge', () => {
  it.each(['app://tinyforge/index.html', 'app://tinyforge/workloads/42?tab=logs#top', 'app://tinyforge'])('accepts %s', (url) => {
    expect(isSameOrigin(url, APP_ORIGIN)).toBe(true);
  });

  it.each([
    'app://tinyforge.evil/index.html',
    'app://evil/index.html',
    'app://tinyforge:8080/index.html',
    'app://user@tinyforge/index.html',
    'app://tinyforge@evil/index.html',
    'http://tinyforge/index.html',
    'https://tinyforge/index.html',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isSameOrigin(url, APP_ORIGIN)).toBe(false);
  });

  it('does not fall for Node giving every app:// URL the origin "null"', () => {
    expect(new URL('app://evil/').origin).toBe(new URL('app://tinyforge/').origin);
    expect(originOf('app://evil/')).not.toBe(originOf('app://tinyforge/'));
  });
});

describe('isSameOrigin against a dev server', () => {
  it('needs the exact scheme, host and port', () => {
    expect(isSameOrigin('http://localhost:5173/src/main.tsx', 'http://localhost:5173')).toBe(true);
    expect(isSameOrigin('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isSameOrigin('https://localhost:5173/', 'http://localhost:5173')).toBe(false);
    expect(isSameOrigin('http://localhost.evil:5173/', 'http://localhost:5173')).toBe(false);
  });
});

describe('rendererSource', () => {
  it('serves the bundled renderer over app:// by default', () => {
    expect(rendererSource(false, undefined)).toEqual({ startUrl: APP_START_URL, origin: APP_ORIGIN });
    expect(APP_START_URL).toBe('app://tinyforge/index.html');
  });

  it('uses the dev server and its origin while developing', () => {
    expect(rendererSource(false, 'http://localhost:5173')).toEqual({
      startUrl: 'http://localhost:5173/',
      origin: 'http://localhost:5173',
    });
  });

  it('ignores ELECTRON_RENDERER_URL in a packaged app', () => {
    expect(rendererSource(true, 'http://localhost:5173')).toEqual({ startUrl: APP_START_URL, origin: APP_ORIGIN });
  });

  it.each(['https://evil.example/', 'http://192.168.1.10:5173', 'file:///tmp/index.html', 'garbage'])('refuses a dev server at %s, and says so', (url) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});

    expect(rendererSource(false, url).origin).toBe(APP_ORIGIN);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('ELECTRON_RENDERER_URL'));
    warn.mockRestore();
  });
});
