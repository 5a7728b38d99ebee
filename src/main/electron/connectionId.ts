// The connection a window's calls belong to (the CallContext's connectionId). webContents ids are
// never reused within a run, so a stream opened by a window that is gone cannot be taken over by a
// new one. Kept apart from ipc.ts so the event forwarder can use it without loading ipcMain.
import type { WebContents } from 'electron';

export function connectionIdOf(contents: Pick<WebContents, 'id'>): string {
  return `webContents:${contents.id}`;
}
