import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../shared/logs';
import { EMPTY_LOG_BUFFER, appendLines, clearLines, linesAsText } from './logBuffer';

const lines = (from: number, to: number): LogLine[] => Array.from({ length: to - from }, (_, i) => ({ stream: 'stdout', text: `l${from + i}`, time: null }));

describe('log buffer', () => {
  it('numbers lines in arrival order', () => {
    const buffer = appendLines(appendLines(EMPTY_LOG_BUFFER, lines(0, 2)), lines(2, 3));

    expect(buffer.lines.map((l) => [l.seq, l.text])).toEqual([
      [0, 'l0'],
      [1, 'l1'],
      [2, 'l2'],
    ]);
    expect(buffer.dropped).toBe(0);
  });

  it('keeps only the newest lines and counts what it dropped', () => {
    const buffer = appendLines(appendLines(EMPTY_LOG_BUFFER, lines(0, 8), 10), lines(8, 13), 10);

    expect(buffer.lines.map((l) => l.text)).toEqual(lines(3, 13).map((l) => l.text));
    expect(buffer.lines[0]?.seq).toBe(3);
    expect(buffer.dropped).toBe(3);
  });

  it('keeps the tail of a single batch larger than the bound', () => {
    const buffer = appendLines(EMPTY_LOG_BUFFER, lines(0, 25), 10);

    expect(buffer.lines.map((l) => l.seq)).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
    expect(buffer.dropped).toBe(15);
    expect(buffer.nextSeq).toBe(25);
  });

  it('clears the view but never reuses a number', () => {
    const cleared = clearLines(appendLines(EMPTY_LOG_BUFFER, lines(0, 3)));
    const next = appendLines(cleared, lines(3, 4));

    expect(cleared.lines).toEqual([]);
    expect(next.lines[0]?.seq).toBe(3);
  });

  it('writes lines as text, with times when asked', () => {
    const withTime: LogLine[] = [
      { stream: 'stderr', text: 'boom', time: '2026-01-01T00:00:00Z' },
      { stream: 'stdout', text: 'ok', time: null },
    ];

    expect(linesAsText(withTime, true)).toBe('2026-01-01T00:00:00Z boom\nok\n');
    expect(linesAsText(withTime, false)).toBe('boom\nok\n');
    expect(linesAsText([], true)).toBe('');
  });
});
