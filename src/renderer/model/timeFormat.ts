// Absolute times and durations in the UI language, from Intl (cached: formatters are costly to build).

const dateTimes = new Map<string, Intl.DateTimeFormat>();
const durations = new Map<string, { ms: Intl.NumberFormat; s: Intl.NumberFormat }>();

export function formatDateTime(at: number, language: string): string {
  let formatter = dateTimes.get(language);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' });
    dateTimes.set(language, formatter);
  }
  return formatter.format(at);
}

/** "850 ms" under a second, "1.2 s" above ("850 мс", "1,2 с" in Russian). */
export function formatDuration(ms: number, language: string): string {
  let pair = durations.get(language);
  if (!pair) {
    pair = {
      ms: new Intl.NumberFormat(language, { style: 'unit', unit: 'millisecond', unitDisplay: 'short', maximumFractionDigits: 0 }),
      s: new Intl.NumberFormat(language, { style: 'unit', unit: 'second', unitDisplay: 'short', maximumFractionDigits: 1 }),
    };
    durations.set(language, pair);
  }
  return ms < 1_000 ? pair.ms.format(ms) : pair.s.format(ms / 1_000);
}
