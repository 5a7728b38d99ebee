// Docker's log timestamps (RFC 3339 in UTC, nanoseconds, trailing zeros trimmed: `...:56.1234Z`)
// made comparable, for resuming a stream after a reconnect without repeating or losing lines.

const PARTS = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/;

/** A key that sorts like the time itself (fraction padded to nine digits); null if not Docker's UTC form. */
export function timeKey(time: string): string | null {
  const match = PARTS.exec(time);
  if (!match) return null;
  return `${match[1]}.${(match[2] ?? '').padEnd(9, '0')}`;
}

/** Docker's `since` for a timestamp: Unix seconds with nine decimals; null if it cannot be read. */
export function sinceOf(time: string): string | null {
  const match = PARTS.exec(time);
  if (!match) return null;
  const seconds = Date.parse(`${match[1]}Z`) / 1000;
  if (!Number.isFinite(seconds)) return null;
  return `${seconds}.${(match[2] ?? '').padEnd(9, '0')}`;
}

/** The display form: local time of day with milliseconds, e.g. 14:03:07.125. */
export function shortTime(time: string): string {
  const ms = Date.parse(time);
  if (!Number.isFinite(ms)) return time;
  const d = new Date(ms);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
