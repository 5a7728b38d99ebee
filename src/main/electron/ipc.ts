// One ipcMain handler per contract call, each refusing any sender that is not the app's own main
// frame before the input is even parsed (VS Code's ValidatedIpcMain; GHSA-mq8j-3h7h-p8g7 is the
// advisory where child frames reached ipcRenderer).
import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { CALL_NAMES, callChannel } from '../../shared/contract';
import type { CallName } from '../../shared/contract';
import type { Envelope } from '../../shared/errors';
import { dispatchCall } from '../engine/rpc/handlers';
import type { CallContext, Handlers } from '../engine/rpc/handlers';
import { connectionIdOf } from './connectionId';

/** What the shell tells the engine when a connection's page is gone. */
export type CloseConnection = (connectionId: string) => Promise<void> | void;

/**
 * Ends the connection's streams when its page goes: the webContents is destroyed, its renderer
 * crashed, or its main frame navigated (a reload too: the new page knows nothing of the old one's
 * streams, and the id stays the same, so without this they would run on, unread, until the window
 * closed). Hooked once per webContents, on its first call.
 */
function watchConnection(contents: WebContents, closeConnection: CloseConnection, watched: WeakSet<WebContents>): void {
  if (watched.has(contents)) return;
  watched.add(contents);
  const id = connectionIdOf(contents);
  const close = () => void Promise.resolve(closeConnection(id)).catch(() => undefined);
  contents.on('did-navigate', close);
  contents.on('render-process-gone', close);
  contents.once('destroyed', () => {
    contents.removeListener('did-navigate', close);
    contents.removeListener('render-process-gone', close);
    close();
  });
}

/** Why a sender is refused, or null when it is the app's main frame on the app's origin. */
export function senderRejection(event: IpcMainInvokeEvent, appOrigin: string): string | null {
  const frame = event.senderFrame;
  // Null once the sending frame navigated away or was destroyed: its origin can no longer be known.
  if (frame === null || frame === undefined) return 'the sending frame is gone';
  // A frame swapped out mid-navigation can still send during unload; it is no longer the page we checked.
  if (frame.detached) return 'the sending frame is detached';
  if (frame !== event.sender.mainFrame) return 'only the main frame may call the engine';
  if (frame.origin !== appOrigin) return `the origin ${JSON.stringify(frame.origin)} is not the app's`;
  return null;
}

function forbidden(name: CallName, reason: string): Envelope<never> {
  return { ok: false, error: { code: 'FORBIDDEN', message: `${name} refused: ${reason}.`, details: { call: name, reason } } };
}

/**
 * Registers the calls and returns the function that removes them again. Each call carries its
 * window's CallContext; `closeConnection` hears when a window's page is gone.
 */
export function registerCallHandlers(handlers: Handlers, appOrigin: string, closeConnection: CloseConnection): () => void {
  const watched = new WeakSet<WebContents>();
  for (const name of CALL_NAMES) {
    // Only the first argument is the input; the preload never sends more, so extras are ignored.
    ipcMain.handle(callChannel(name), (event, input: unknown) => {
      const reason = senderRejection(event, appOrigin);
      if (reason !== null) return forbidden(name, reason);
      watchConnection(event.sender, closeConnection, watched);
      const caller: CallContext = { connectionId: connectionIdOf(event.sender) };
      return dispatchCall(handlers, name, input, caller);
    });
  }
  return () => {
    for (const name of CALL_NAMES) ipcMain.removeHandler(callChannel(name));
  };
}
