import { beforeEach, describe, expect, it } from 'vitest';
import type { WebContents } from 'electron';
import { eventChannel } from '../../shared/contract';
import { EventBus } from '../engine/events';
import { MAX_QUEUED_EVENTS, forwardEvents } from './eventForwarder';
import { FakeWebContents } from './testing/fakeElectron';

let bus: EventBus;
let contents: FakeWebContents;

beforeEach(() => {
  bus = new EventBus();
  contents = new FakeWebContents();
  forwardEvents(bus, contents as unknown as WebContents);
});

describe('forwardEvents', () => {
  it('holds events until the page has loaded, then sends them in order', () => {
    bus.emit('containers.changed', { hostId: 'a' });
    bus.emit('workloads.changed', { hostId: 'b' });
    bus.emit('containers.changed', { hostId: 'c' });
    expect(contents.send).not.toHaveBeenCalled();

    contents.emit('did-finish-load');

    expect(contents.send.mock.calls).toEqual([
      [eventChannel('containers.changed'), { hostId: 'a' }],
      [eventChannel('workloads.changed'), { hostId: 'b' }],
      [eventChannel('containers.changed'), { hostId: 'c' }],
    ]);
  });

  it('sends at once after the load, behind anything queued', () => {
    bus.emit('containers.changed', { hostId: 'queued' });
    contents.emit('did-finish-load');

    bus.emit('containers.changed', { hostId: 'live' });

    expect(contents.send.mock.calls.map(([, payload]) => payload)).toEqual([{ hostId: 'queued' }, { hostId: 'live' }]);
  });

  it('does not send twice when the page loads again', () => {
    bus.emit('containers.changed', { hostId: 'a' });
    contents.emit('did-finish-load');
    contents.emit('did-finish-load');

    expect(contents.send).toHaveBeenCalledOnce();
  });

  it('keeps the newest events when the page never loads', () => {
    for (let i = 0; i < MAX_QUEUED_EVENTS + 5; i += 1) bus.emit('containers.changed', { hostId: String(i) });

    contents.emit('did-finish-load');

    expect(contents.send).toHaveBeenCalledTimes(MAX_QUEUED_EVENTS);
    expect(contents.send.mock.calls[0]![1]).toEqual({ hostId: '5' });
  });

  it('stops listening once the window is destroyed', () => {
    contents.emit('did-finish-load');
    contents.destroyed = true;
    contents.emit('destroyed');

    bus.emit('containers.changed', { hostId: 'late' });

    expect(contents.send).not.toHaveBeenCalled();
  });
});

describe('directed events', () => {
  const lines = { streamId: 's1', lines: [{ stream: 'stdout' as const, text: 'only for me', time: null }] };

  it('sends a directed event to the window whose connection it names', () => {
    contents.emit('did-finish-load');

    bus.emitTo(`webContents:${contents.id}`, 'logs.lines', lines);

    expect(contents.send.mock.calls).toEqual([[eventChannel('logs.lines'), lines]]);
  });

  it("never sends another window's directed events", () => {
    const other = new FakeWebContents();
    forwardEvents(bus, other as unknown as WebContents);
    contents.emit('did-finish-load');
    other.emit('did-finish-load');

    bus.emitTo(`webContents:${other.id}`, 'logs.lines', lines);
    bus.emitTo('ws:1', 'logs.end', { streamId: 's1', reason: 'closed', message: null });

    expect(contents.send).not.toHaveBeenCalled();
    expect(other.send.mock.calls).toEqual([[eventChannel('logs.lines'), lines]]);
  });

  it('sends nothing once the window is gone', () => {
    contents.emit('did-finish-load');
    contents.destroyed = true;
    contents.emit('destroyed');

    bus.emitTo(`webContents:${contents.id}`, 'logs.lines', lines);

    expect(contents.send).not.toHaveBeenCalled();
  });
});
