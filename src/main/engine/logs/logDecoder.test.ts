import { describe, expect, it } from 'vitest';
import { LogDecoder } from './logDecoder';

/** One frame of Docker's multiplexed format: stream 1 = stdout, 2 = stderr. */
function frame(stream: 1 | 2, text: string | Buffer): Buffer {
  const payload = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('LogDecoder, multiplexed (no TTY)', () => {
  it('splits frames into lines and marks the stream of each', () => {
    const decoder = new LogDecoder({ tty: false, timestamps: false });

    const lines = decoder.push(Buffer.concat([frame(1, 'out one\nout two\n'), frame(2, 'err one\n')]));

    expect(lines).toEqual([
      { stream: 'stdout', text: 'out one', time: null },
      { stream: 'stdout', text: 'out two', time: null },
      { stream: 'stderr', text: 'err one', time: null },
    ]);
  });

  it('reassembles a frame split across chunks anywhere, even inside the header', () => {
    const bytes = Buffer.concat([frame(1, 'hello\n'), frame(2, 'oops\n')]);
    const decoder = new LogDecoder({ tty: false, timestamps: false });

    const lines = [3, 9, 14, 17].reduce<{ at: number; out: unknown[] }>(
      (acc, cut) => ({ at: cut, out: [...acc.out, ...decoder.push(bytes.subarray(acc.at, cut))] }),
      { at: 0, out: [] },
    );
    const rest = decoder.push(bytes.subarray(lines.at));

    expect([...lines.out, ...rest]).toEqual([
      { stream: 'stdout', text: 'hello', time: null },
      { stream: 'stderr', text: 'oops', time: null },
    ]);
  });

  it('keeps a partial line per stream, so interleaved stdout and stderr never mix', () => {
    const decoder = new LogDecoder({ tty: false, timestamps: false });

    const lines = [...decoder.push(frame(1, 'par')), ...decoder.push(frame(2, 'error\n')), ...decoder.push(frame(1, 'tial\n'))];

    expect(lines).toEqual([
      { stream: 'stderr', text: 'error', time: null },
      { stream: 'stdout', text: 'partial', time: null },
    ]);
  });

  it('does not break a multi-byte character split between frames', () => {
    const bytes = Buffer.from('привет\n', 'utf8');
    const decoder = new LogDecoder({ tty: false, timestamps: false });

    const lines = [...decoder.push(frame(1, bytes.subarray(0, 3))), ...decoder.push(frame(1, bytes.subarray(3)))];

    expect(lines).toEqual([{ stream: 'stdout', text: 'привет', time: null }]);
  });

  it('returns the unterminated last line at the end', () => {
    const decoder = new LogDecoder({ tty: false, timestamps: false });
    decoder.push(frame(2, 'no newline'));

    expect(decoder.end()).toEqual([{ stream: 'stderr', text: 'no newline', time: null }]);
  });

  it('separates the timestamp Docker puts before each line', () => {
    const decoder = new LogDecoder({ tty: false, timestamps: true });

    const lines = decoder.push(frame(1, '2026-11-26T07:11:56.123456789Z hello world\n2026-11-26T07:11:57Z second\n'));

    expect(lines).toEqual([
      { stream: 'stdout', text: 'hello world', time: '2026-11-26T07:11:56.123456789Z' },
      { stream: 'stdout', text: 'second', time: '2026-11-26T07:11:57Z' },
    ]);
  });

  it('cuts a line longer than the bound and drops the rest of it, keeping memory bounded', () => {
    const decoder = new LogDecoder({ tty: false, timestamps: false, maxLineBytes: 10 });

    const lines = [...decoder.push(frame(1, 'x'.repeat(8))), ...decoder.push(frame(1, `${'y'.repeat(5000)}\nnext\n`))];

    expect(lines).toEqual([
      { stream: 'stdout', text: 'xxxxxxxxyy', time: null, truncated: true },
      { stream: 'stdout', text: 'next', time: null },
    ]);
  });
});

describe('LogDecoder, TTY', () => {
  it("reads the raw stream as stdout and strips the terminal's \\r", () => {
    const decoder = new LogDecoder({ tty: true, timestamps: false });

    const lines = [...decoder.push(Buffer.from('one\r\ntw')), ...decoder.push(Buffer.from('o\r\n'))];

    expect(lines).toEqual([
      { stream: 'stdout', text: 'one', time: null },
      { stream: 'stdout', text: 'two', time: null },
    ]);
  });

  it('does not mistake text that looks like a frame header for one', () => {
    const decoder = new LogDecoder({ tty: true, timestamps: false });
    const looksFramed = Buffer.concat([Buffer.from([2, 0, 0, 0, 0, 0, 0, 3]), Buffer.from('abc\n')]);

    const lines = decoder.push(looksFramed);

    expect(lines).toHaveLength(1);
    expect(lines[0]?.stream).toBe('stdout');
  });
});
