// Keeps every web contents on the app's own origin: no navigation away, no new windows, no
// <webview>. Links to the web open in the user's browser, and only for https.
import { shell } from 'electron';
import type { WebContents } from 'electron';
import { isSameOrigin } from './origin';

/** Only a parsed https URL without credentials; the OS hands anything else to arbitrary handlers. */
export function externalUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return null;
    return parsed.href;
  } catch {
    return null;
  }
}

export function openExternalSafely(url: string): boolean {
  const href = externalUrl(url);
  if (!href) return false;
  shell.openExternal(href).catch((error: unknown) => {
    console.warn(`Could not open ${href} in the browser: ${error instanceof Error ? error.message : String(error)}`);
  });
  return true;
}

export function guardNavigation(contents: WebContents, appOrigin: string): void {
  contents.on('will-navigate', (event) => {
    if (isSameOrigin(event.url, appOrigin)) return;
    event.preventDefault();
    openExternalSafely(event.url);
  });
  // Fires for the main frame too; opening the browser is left to will-navigate so a click opens one tab.
  contents.on('will-frame-navigate', (event) => {
    if (!isSameOrigin(event.url, appOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isSameOrigin(event.url, appOrigin)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
