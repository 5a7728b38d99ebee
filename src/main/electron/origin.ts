// The one origin the window may show and the IPC handlers may answer. Every check in the shell
// compares against the value `rendererSource` picks, so the dev server and `app://` cannot drift.

export const APP_SCHEME = 'app';
export const APP_HOST = 'tinyforge';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

export interface RendererSource {
  /** What the window loads first. */
  startUrl: string;
  /** The only origin allowed to navigate the window and to call the engine. */
  origin: string;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The bundled renderer over `app://`, or electron-vite's dev server while developing. A packaged
 * build ignores ELECTRON_RENDERER_URL: anyone who can set an environment variable would otherwise
 * point the window, and with it the whole bridge, at a page of their choosing. The dev server is
 * accepted on loopback only for the same reason.
 */
export function rendererSource(isPackaged: boolean, devServerUrl: string | undefined): RendererSource {
  if (!isPackaged && devServerUrl) {
    const url = parseUrl(devServerUrl);
    if (url && (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname)) {
      return { startUrl: url.href, origin: url.origin };
    }
    console.warn(`Ignoring ELECTRON_RENDERER_URL=${devServerUrl}: only an http(s) dev server on loopback is loaded.`);
  }
  return { startUrl: APP_START_URL, origin: APP_ORIGIN };
}

/**
 * The origin of a URL, serialised like Chromium does for standard schemes. Node's URL gives every
 * non-special scheme the opaque origin "null", so comparing `new URL(a).origin` values would make
 * `app://evil` equal to `app://tinyforge`: serialise our own scheme by hand instead.
 */
export function originOf(url: string): string | null {
  const parsed = parseUrl(url);
  if (!parsed) return null;
  if (parsed.origin !== 'null') return parsed.origin;
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host !== '') return `${parsed.protocol}//${parsed.host}`;
  return null;
}

/** Exact origin equality; URLs carrying credentials never match, whatever their host. */
export function isSameOrigin(url: string, origin: string): boolean {
  const parsed = parseUrl(url);
  if (!parsed || parsed.username !== '' || parsed.password !== '') return false;
  return originOf(url) === origin;
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
