import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./testing/fakeElectron')).fakeElectron);

import { CALL_NAMES, callChannel } from '../../shared/contract';
import type { CallContext, Handlers } from '../engine/rpc/handlers';
import { FakeWebContents, fakeElectron, fakeFrame, resetFakeElectron } from './testing/fakeElectron';
import type { FakeFrame } from './testing/fakeElectron';
import { registerCallHandlers } from './ipc';

const APP = 'app://tinyforge';

function fakeHandlers() {
  const calls: Array<{ name: string; input: unknown }> = [];
  const callers: Array<string | undefined> = [];
  const handlers = Object.fromEntries(
    CALL_NAMES.map((name) => [
      name,
      vi.fn(async (input: unknown, ctx?: CallContext) => {
        calls.push({ name, input });
        callers.push(ctx?.connectionId);
        return { handled: name };
      }),
    ]),
  ) as unknown as Handlers;
  const closed: string[] = [];
  const closeConnection = vi.fn(async (connectionId: string) => {
    closed.push(connectionId);
  });
  return { handlers, calls, callers, closed, closeConnection };
}

let engine: ReturnType<typeof fakeHandlers>;
let contents: FakeWebContents;

beforeEach(() => {
  resetFakeElectron();
  engine = fakeHandlers();
  contents = new FakeWebContents(APP);
  registerCallHandlers(engine.handlers, APP, engine.closeConnection);
});

async function invoke(channel: string, senderFrame: FakeFrame | null, ...args: unknown[]) {
  const handler = fakeElectron.ipcMain.handlers.get(channel);
  if (!handler) throw new Error(`no handler on ${channel}`);
  return handler({ sender: contents, senderFrame, frameId: 1, processId: 1 }, ...args);
}

describe('registration', () => {
  it('registers exactly one handler per contract call, on its channel', () => {
    expect([...fakeElectron.ipcMain.handlers.keys()].sort()).toEqual(CALL_NAMES.map(callChannel).sort());
  });

  it('registers nothing for names outside the contract', () => {
    for (const channel of ['tf:call:constructor', 'tf:call:__proto__', 'tf:call:shell.exec', 'invoke', 'tf:call:']) {
      expect(fakeElectron.ipcMain.handlers.has(channel)).toBe(false);
    }
  });

  it('removes every handler when disposed', () => {
    resetFakeElectron();
    const dispose = registerCallHandlers(engine.handlers, APP, engine.closeConnection);

    dispose();

    expect(fakeElectron.ipcMain.handlers.size).toBe(0);
  });
});

describe('sender validation', () => {
  const channel = callChannel('workloads.delete');
  const validInput = { id: 'w1' };

  it('lets the main frame of the app origin through', async () => {
    const result = await invoke(channel, contents.mainFrame, validInput);

    expect(result).toEqual({ ok: true, value: { handled: 'workloads.delete' } });
    expect(engine.calls).toEqual([{ name: 'workloads.delete', input: { id: 'w1' } }]);
  });

  const refused: Array<[string, () => FakeFrame | null]> = [
    ['a null senderFrame (navigated away or destroyed)', () => null],
    ['a child frame of the app origin', () => fakeFrame(APP, contents.mainFrame)],
    ['a frame that only looks like the main frame', () => fakeFrame(APP)],
    ['a detached main frame', () => Object.assign(contents.mainFrame, { detached: true })],
    ['the main frame on another origin', () => Object.assign(contents.mainFrame, { origin: 'app://evil' })],
    ['a lookalike origin', () => Object.assign(contents.mainFrame, { origin: 'app://tinyforge.evil' })],
    ['an http origin', () => Object.assign(contents.mainFrame, { origin: 'http://tinyforge' })],
    ['a file:// page (opaque origin)', () => Object.assign(contents.mainFrame, { origin: 'null' })],
  ];

  it.each(refused)('refuses %s with FORBIDDEN and never runs the handler', async (_label, frame) => {
    const result = await invoke(channel, frame(), validInput);

    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(engine.calls).toEqual([]);
  });

  it('checks the sender before the input, so a bad sender learns nothing about the schema', async () => {
    const result = await invoke(channel, null, { id: 42, extra: true });

    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('input validation', () => {
  it('answers VALIDATION for a valid sender with an invalid payload, without running the handler', async () => {
    const result = await invoke(callChannel('workloads.rename'), contents.mainFrame, { id: 'w1', name: '' });

    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(engine.calls).toEqual([]);
  });

  it('refuses extra fields (strict schemas)', async () => {
    const result = await invoke(callChannel('app.info'), contents.mainFrame, { sneaky: 1 });

    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(engine.calls).toEqual([]);
  });

  it('passes only the first argument to the engine', async () => {
    await invoke(callChannel('workloads.get'), contents.mainFrame, { id: 'w1' }, { id: 'other' });

    expect(engine.calls).toEqual([{ name: 'workloads.get', input: { id: 'w1' } }]);
  });
});

describe('dev server origin', () => {
  it('accepts only the dev server origin when that is the allowed origin', async () => {
    resetFakeElectron();
    registerCallHandlers(engine.handlers, 'http://localhost:5173', engine.closeConnection);
    contents = new FakeWebContents('http://localhost:5173');
    const ok = await invoke(callChannel('app.info'), contents.mainFrame, {});
    contents = new FakeWebContents(APP);
    const refused = await invoke(callChannel('app.info'), contents.mainFrame, {});

    expect([ok, refused]).toMatchObject([{ ok: true }, { ok: false, error: { code: 'FORBIDDEN' } }]);
  });
});

describe('caller context (one connection per webContents)', () => {
  it('passes each call the connection id of the webContents that sent it', async () => {
    const other = contents;
    await invoke(callChannel('app.info'), contents.mainFrame, {});
    contents = new FakeWebContents(APP);
    await invoke(callChannel('app.info'), contents.mainFrame, {});
    await invoke(callChannel('app.info'), contents.mainFrame, {});

    expect(engine.callers).toEqual([`webContents:${other.id}`, `webContents:${contents.id}`, `webContents:${contents.id}`]);
  });

  it('tells the engine when a window that called is destroyed, once, with its id', async () => {
    await invoke(callChannel('app.info'), contents.mainFrame, {});
    await invoke(callChannel('app.info'), contents.mainFrame, {});

    contents.emit('destroyed');

    expect(engine.closed).toEqual([`webContents:${contents.id}`]);
  });

  it("closes the connection's streams when its page navigates or reloads, and when its renderer crashes", async () => {
    await invoke(callChannel('app.info'), contents.mainFrame, {});

    contents.emit('did-navigate');
    contents.emit('render-process-gone');

    expect(engine.closed).toEqual([`webContents:${contents.id}`, `webContents:${contents.id}`]);
  });

  it("does not close another window's connection", async () => {
    const first = contents;
    await invoke(callChannel('app.info'), first.mainFrame, {});
    contents = new FakeWebContents(APP);
    await invoke(callChannel('app.info'), contents.mainFrame, {});

    contents.emit('destroyed');

    expect(engine.closed).toEqual([`webContents:${contents.id}`]);
  });

  it('gives a refused sender no context and no handler run', async () => {
    const result = await invoke(callChannel('logs.close'), fakeFrame(APP, contents.mainFrame), { streamId: 's1' });

    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(engine.callers).toEqual([]);
  });
});
