import { describe, expect, it } from 'vitest';
import { addStreamed, appendOutput, joinOutput } from './stackOutput';

describe('appendOutput', () => {
  it('keeps the newest lines past the limit', () => {
    expect(appendOutput(['a', 'b'], ['c', 'd'], 3)).toEqual(['b', 'c', 'd']);
    expect(appendOutput([], ['x'])).toEqual(['x']);
  });
});

describe('joinOutput', () => {
  it('drops the lines the record and the stream both hold', () => {
    expect(joinOutput(['Creating net', 'Creating web', 'Creating db'], ['Creating web', 'Creating db', 'Started'])).toEqual([
      'Creating net',
      'Creating web',
      'Creating db',
      'Started',
    ]);
  });

  it('appends a stream that does not overlap the record', () => {
    expect(joinOutput(['a', 'b'], ['c'])).toEqual(['a', 'b', 'c']);
  });

  it('shows either side alone when the other is empty', () => {
    expect(joinOutput([], ['c', 'd'])).toEqual(['c', 'd']);
    expect(joinOutput(['a'], [])).toEqual(['a']);
  });

  it('takes the stream whole when it already holds the whole record', () => {
    expect(joinOutput(['a', 'b'], ['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
  });

  it('stays within the limit', () => {
    expect(joinOutput(['a', 'b', 'c'], ['d', 'e'], 4)).toEqual(['b', 'c', 'd', 'e']);
  });
});

describe('addStreamed', () => {
  it("appends to an operation's lines and forgets the oldest operation past the limit", () => {
    let outputs = addStreamed(new Map(), 'op1', ['a']);
    outputs = addStreamed(outputs, 'op2', ['x']);
    outputs = addStreamed(outputs, 'op1', ['b']);
    expect(outputs.get('op1')).toEqual(['a', 'b']);
    outputs = addStreamed(outputs, 'op3', ['y'], 2);
    // op1 was written to after op2, so op2 is the oldest.
    expect([...outputs.keys()]).toEqual(['op1', 'op3']);
  });

  it('leaves the map it was given untouched', () => {
    const before = new Map([['op1', ['a']]]);
    addStreamed(before, 'op1', ['b']);
    expect(before.get('op1')).toEqual(['a']);
  });
});
