// Builds the object the preload exposes as `window.tinyforge`: one named function per contract call
// on its fixed channel, and `on` for listed events only. Nothing here hands the page ipcRenderer, an
// IpcRendererEvent or a way to name a channel of its own.
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { CALL_NAMES, EVENT_NAMES, callChannel, eventChannel, isEventName } from '../shared/contract';
import type { RawBridge } from '../shared/contract';

export type BridgeTransport = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

export function createBridge(ipc: BridgeTransport): RawBridge {
  const bridge: Record<string, unknown> = {};
  for (const name of CALL_NAMES) {
    const channel = callChannel(name);
    // Exactly one argument crosses: whatever else the page passes stays on its side.
    bridge[name] = (input: unknown) => ipc.invoke(channel, input);
  }
  bridge.on = (event: unknown, listener: unknown): (() => void) => {
    if (!isEventName(event)) {
      throw new Error(`Unknown event ${JSON.stringify(String(event)).slice(0, 80)}; known events: ${EVENT_NAMES.join(', ')}`);
    }
    if (typeof listener !== 'function') throw new TypeError(`The listener for ${event} must be a function`);
    const channel = eventChannel(event);
    const forward = (_event: IpcRendererEvent, payload: unknown) => {
      (listener as (payload: unknown) => void)(payload);
    };
    ipc.on(channel, forward);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipc.removeListener(channel, forward);
    };
  };
  return Object.freeze(bridge) as RawBridge;
}
