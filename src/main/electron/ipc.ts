// One ipcMain handler per contract call, each refusing any sender that is not the app's own main
// frame before the input is even parsed (VS Code's ValidatedIpcMain; GHSA-mq8j-3h7h-p8g7 is the
// advisory where child frames reached ipcRenderer).
import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import { CALL_NAMES, callChannel } from '../../shared/contract';
import type { CallName } from '../../shared/contract';
import type { Envelope } from '../../shared/errors';
import { dispatchCall } from '../engine/rpc/handlers';
import type { Handlers } from '../engine/rpc/handlers';

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
  return { ok: false, error: { code: 'FORBIDDEN', message: `FORBIDDEN: ${name} refused: ${reason}.` } };
}

/** Registers the calls and returns the function that removes them again. */
export function registerCallHandlers(handlers: Handlers, appOrigin: string): () => void {
  for (const name of CALL_NAMES) {
    // Only the first argument is the input; the preload never sends more, so extras are ignored.
    ipcMain.handle(callChannel(name), (event, input: unknown) => {
      const reason = senderRejection(event, appOrigin);
      if (reason !== null) return forbidden(name, reason);
      return dispatchCall(handlers, name, input);
    });
  }
  return () => {
    for (const name of CALL_NAMES) ipcMain.removeHandler(callChannel(name));
  };
}
