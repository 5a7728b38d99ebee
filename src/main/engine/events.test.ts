import { describe, expect, it } from 'vitest';
import { EventBus } from './events';

describe('EventBus', () => {
  it('never hands a directed event to a broadcast subscriber, or a broadcast to a directed one', () => {
    const bus = new EventBus();
    const broadcast: string[] = [];
    const directed: string[] = [];
    bus.subscribe((event) => broadcast.push(event));
    bus.subscribeDirected((connectionId, event) => directed.push(`${connectionId} ${event}`));

    bus.emitTo('ws:1', 'logs.lines', { streamId: 's', lines: [] });
    bus.emit('containers.changed', { hostId: 'local' });

    expect(broadcast).toEqual(['containers.changed']);
    expect(directed).toEqual(['ws:1 logs.lines']);
  });

  it('keeps going when a subscriber throws', () => {
    const bus = new EventBus();
    const got: string[] = [];
    bus.subscribeDirected(() => {
      throw new Error('closed socket');
    });
    bus.subscribeDirected((connectionId) => got.push(connectionId));

    bus.emitTo('ws:2', 'logs.end', { streamId: 's', reason: 'closed', message: null });

    expect(got).toEqual(['ws:2']);
  });

  it('cannot broadcast a log stream, nor direct a broadcast (checked by the compiler)', () => {
    const bus = new EventBus();
    // @ts-expect-error: a stream's lines may only go to the connection that opened it.
    expect(() => bus.emit('logs.lines', { streamId: 's', lines: [] })).not.toThrow();
    // @ts-expect-error: broadcasts have no target.
    expect(() => bus.emitTo('ws:1', 'containers.changed', { hostId: 'local' })).not.toThrow();
  });
});
