// "5 minutes ago" in the UI language, from Intl.RelativeTimeFormat (so Russian gets its own plural
// forms: "5 минут назад", "2 минуты назад"). Choosing the unit is pure and tested apart.

export type RelativeUnit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The largest unit that reads naturally. Under ten seconds, or a little in the future (clocks of
 * the engine and the page may differ slightly), it is "now".
 */
export function relativeParts(then: number, now: number): { value: number; unit: RelativeUnit } {
  const diff = then - now;
  const abs = Math.abs(diff);
  const sign = diff < 0 ? -1 : 1;
  if (abs < 10 * SECOND || (diff > 0 && abs < MINUTE)) return { value: 0, unit: 'second' };
  const at = (size: number, unit: RelativeUnit) => ({ value: sign * Math.max(1, Math.round(abs / size)), unit });
  if (abs < 45 * SECOND) return at(SECOND, 'second');
  if (abs < 45 * MINUTE) return at(MINUTE, 'minute');
  if (abs < 22 * HOUR) return at(HOUR, 'hour');
  if (abs < 7 * DAY) return at(DAY, 'day');
  if (abs < 30 * DAY) return at(7 * DAY, 'week');
  if (abs < 365 * DAY) return at(30 * DAY, 'month');
  return at(365 * DAY, 'year');
}

const formatters = new Map<string, Intl.RelativeTimeFormat>();

export function formatRelativeTime(then: number, now: number, language: string): string {
  let formatter = formatters.get(language);
  if (!formatter) {
    formatter = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
    formatters.set(language, formatter);
  }
  const { value, unit } = relativeParts(then, now);
  return formatter.format(value, unit);
}

const elapsedFormatters = new Map<string, Intl.NumberFormat>();

/**
 * How long something has lasted, "5 minutes" ("5 минут"), in the same units as formatRelativeTime.
 * Null under ten seconds, where the caller says "just now".
 */
export function formatElapsed(since: number, now: number, language: string): string | null {
  const { value, unit } = relativeParts(Math.min(since, now), now);
  if (value === 0) return null;
  const key = `${language}\n${unit}`;
  let formatter = elapsedFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' });
    elapsedFormatters.set(key, formatter);
  }
  return formatter.format(Math.abs(value));
}
