import { describe, expect, it } from 'vitest';
import { timeAxisLabels } from './timeAxis';

// 2026-12-03 22:50 UTC, in seconds; the runner's time zone decides the clock, so compare with Intl.
const AT = Date.UTC(2026, 11, 3, 22, 50) / 1000;
const time = (language: string, s: number) => new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' }).format(s * 1000);
const day = (language: string, s: number) => new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short' }).format(s * 1000);

describe('timeAxisLabels', () => {
  it('writes hours and minutes in the language, with the date under the first tick and where the day changes', () => {
    const splits = [AT, AT + 300, AT + 86_400];
    for (const language of ['en', 'ru']) {
      expect(timeAxisLabels(splits, 300, language)).toEqual([
        `${time(language, AT)}\n${day(language, AT)}`,
        day(language, AT + 300) === day(language, AT) ? time(language, AT + 300) : `${time(language, AT + 300)}\n${day(language, AT + 300)}`,
        `${time(language, AT + 86_400)}\n${day(language, AT + 86_400)}`,
      ]);
    }
    expect(timeAxisLabels([AT], 300, 'ru')[0]).not.toMatch(/am|pm/i);
  });

  it('adds seconds when ticks are closer than a minute, so no two ticks read alike', () => {
    const labels = timeAxisLabels([AT, AT + 20, AT + 40], 20, 'en').map((l) => l.split('\n')[0]);
    expect(new Set(labels).size).toBe(3);
    expect(labels[1]).toBe(new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format((AT + 20) * 1000));
  });

  it('writes only dates once ticks are a day apart', () => {
    expect(timeAxisLabels([AT, AT + 86_400], 86_400, 'ru')).toEqual([day('ru', AT), day('ru', AT + 86_400)]);
    expect(day('ru', AT)).toMatch(/дек/);
  });
});
