// The browser shell's frames, as both ends read and write them.
import { describe, expect, it } from 'vitest';
import { answerFrame, callFrame, eventFrame, offeredToken, parseCallFrame, parseServerFrame, socketProtocols } from './wire';

describe('the wire', () => {
  it('round-trips a call, an answer, a table and an event', () => {
    expect(parseCallFrame(callFrame(7, 'hosts.list', {}))).toEqual({ id: 7, call: 'hosts.list', input: {} });
    expect(parseServerFrame(answerFrame(7, { result: { ok: true, value: [1] } }))).toEqual({ id: 7, result: { ok: true, value: [1] }, table: undefined });
    expect(parseServerFrame(answerFrame(8, { table: { fields: ['a'], rows: [[1]] } }))).toMatchObject({ id: 8, table: { fields: ['a'] } });
    expect(parseServerFrame(eventFrame('containers.changed', { hostId: 'local' }))).toEqual({ event: 'containers.changed', payload: { hostId: 'local' } });
  });

  it('says how to close a socket that sends what no page sends', () => {
    expect(parseCallFrame('{not json')).toEqual({ close: 1007, reason: 'invalid JSON' });
    expect(parseCallFrame('{"call":"hosts.list"}')).toEqual({ close: 1008, reason: 'a call needs a numeric id' });
    expect(parseCallFrame('{"id":1.5,"call":"hosts.list"}')).toMatchObject({ close: 1008 });
    expect(parseCallFrame('null')).toMatchObject({ close: 1008 });
  });

  it('ignores a shell frame that is neither an answer nor an event', () => {
    expect(parseServerFrame('[1,2]')).toBeNull();
    expect(parseServerFrame('"x"')).toBeNull();
    expect(parseServerFrame('{oops')).toBeNull();
  });

  it('carries the token as an offered subprotocol, and reads it back', () => {
    const offered = socketProtocols('abcdefghijklmnopqrstuvwxyz');
    expect(offered[0]).toBe('tinyforge');
    expect(offeredToken(offered)).toBe('abcdefghijklmnopqrstuvwxyz');
    expect(offeredToken(['tinyforge'])).toBeNull();
  });
});
