import { describe, expect, it } from 'vitest';
import type { LogEntry } from './logBuffer';
import { filterLines, splitMatches } from './logSearch';

const entry = (seq: number, text: string): LogEntry => ({ seq, text, stream: 'stdout', time: null });

describe('log search', () => {
  const lines = [entry(0, 'GET /health 200'), entry(1, 'POST /login 500 Error'), entry(2, 'error: disk full')];

  it('keeps the lines containing the query, ignoring case', () => {
    expect(filterLines(lines, 'ERROR').map((l) => l.seq)).toEqual([1, 2]);
  });

  it('keeps everything for a blank query', () => {
    expect(filterLines(lines, '')).toBe(lines);
  });

  it('treats the query as text, not a pattern', () => {
    expect(filterLines([entry(0, 'a[1]'), entry(1, 'a1')], '[1]').map((l) => l.seq)).toEqual([0]);
  });

  it('splits a line into matching and plain parts, every occurrence', () => {
    expect(splitMatches('Error, error!', 'error')).toEqual([
      { text: 'Error', match: true },
      { text: ', ', match: false },
      { text: 'error', match: true },
      { text: '!', match: false },
    ]);
  });

  it('returns the text whole when nothing matches', () => {
    expect(splitMatches('nothing here', 'zzz')).toEqual([{ text: 'nothing here', match: false }]);
  });

  it('matches Cyrillic text regardless of case', () => {
    expect(splitMatches('Ошибка диска', 'ошибка')).toEqual([
      { text: 'Ошибка', match: true },
      { text: ' диска', match: false },
    ]);
  });
});
