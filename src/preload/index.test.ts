import { beforeAll, describe, expect, it, vi } from 'vitest';

// Its own small fake: the preload may not import from src/main, not even in tests.
const { ipcRenderer, contextBridge } = vi.hoisted(() => ({
  ipcRenderer: {
    invoke: vi.fn(async (_channel: string, ..._args: unknown[]): Promise<unknown> => ({ ok: true, value: null })),
    on: vi.fn(),
    removeListener: vi.fn(),
  },
  contextBridge: { exposeInMainWorld: vi.fn() },
}));
vi.mock('electron', () => ({ ipcRenderer, contextBridge }));

import { CALL_NAMES, EVENT_NAMES, callChannel, eventChannel } from '../shared/contract';
import type { RawBridge } from '../shared/contract';

let bridge: RawBridge;

beforeAll(async () => {
  await import('./index');
  bridge = contextBridge.exposeInMainWorld.mock.calls[0]![1] as RawBridge;
});

describe('the exposed bridge', () => {
  it('is exposed once, as window.tinyforge', () => {
    expect(contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    expect(contextBridge.exposeInMainWorld.mock.calls[0]![0]).toBe('tinyforge');
  });

  it('has exactly one function per contract call, plus on', () => {
    expect(Object.keys(bridge).sort()).toEqual([...CALL_NAMES, 'on'].sort());
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it('gives the page no ipcRenderer and no generic invoke', () => {
    const keys = Object.keys(bridge);
    for (const forbidden of ['ipcRenderer', 'invoke', 'send', 'sendSync', 'postMessage', 'electron', 'process']) {
      expect(keys).not.toContain(forbidden);
    }
    expect(Object.values(bridge)).not.toContain(ipcRenderer);
    expect(Object.values(bridge)).not.toContain(ipcRenderer.invoke);
  });

  it('cannot be extended or rewired by the page', () => {
    expect(Object.isFrozen(bridge)).toBe(true);
  });
});

describe('calls', () => {
  it.each(CALL_NAMES)('%s invokes its own channel with the input only', async (name) => {
    ipcRenderer.invoke.mockClear();
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: name });
    const call = bridge[name] as (input: unknown, ...rest: unknown[]) => Promise<unknown>;

    const result = await call({ probe: 1 }, 'tf:call:other', { smuggled: true });

    expect(ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(callChannel(name), { probe: 1 });
    expect(result).toEqual({ ok: true, value: name });
  });
});

describe('on', () => {
  it.each(EVENT_NAMES)('subscribes %s on its channel', (event) => {
    ipcRenderer.on.mockClear();

    bridge.on(event, () => {});

    expect(ipcRenderer.on).toHaveBeenCalledExactlyOnceWith(eventChannel(event), expect.any(Function));
  });

  it.each(['tf:call:workloads.delete', 'tf:event:containers.changed', 'constructor', '__proto__', 'toString', '', 42, null])(
    'refuses the unknown event %s',
    (event) => {
      ipcRenderer.on.mockClear();

      expect(() => bridge.on(event as never, () => {})).toThrow(/Unknown event/);
      expect(ipcRenderer.on).not.toHaveBeenCalled();
    },
  );

  it('passes the listener the payload only, never the IpcRendererEvent', () => {
    ipcRenderer.on.mockClear();
    const listener = vi.fn();
    bridge.on('containers.changed', listener);
    const forward = ipcRenderer.on.mock.calls[0]![1] as (...args: unknown[]) => void;
    const ipcEvent = { sender: ipcRenderer, senderId: 0, ports: [] };

    forward(ipcEvent, { hostId: 'local' }, 'extra');

    expect(listener).toHaveBeenCalledExactlyOnceWith({ hostId: 'local' });
  });

  it('returns an unsubscribe that removes that same listener, once', () => {
    ipcRenderer.on.mockClear();
    ipcRenderer.removeListener.mockClear();
    const unsubscribe = bridge.on('host.state', () => {});
    const forward = ipcRenderer.on.mock.calls[0]![1];

    unsubscribe();
    unsubscribe();

    expect(ipcRenderer.removeListener).toHaveBeenCalledExactlyOnceWith(eventChannel('host.state'), forward);
  });

  it('refuses a listener that is not a function', () => {
    expect(() => bridge.on('containers.changed', 'alert(1)' as never)).toThrow(TypeError);
  });
});
