// The time axis's labels in the UI's language. uPlot's own are English templates ("12/3/26
// 11:45pm"), whatever the page's language; these come from Intl: hours and minutes in the
// language's clock (24 h in Russian), with the date under the first tick and wherever the day
// changes, and just the date once ticks are a day or more apart.
const DAY_SEC = 86_400;

const formats = new Map<string, { time: Intl.DateTimeFormat; date: Intl.DateTimeFormat }>();

function formatsOf(language: string) {
  let found = formats.get(language);
  if (!found) {
    found = {
      time: new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' }),
      date: new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short' }),
    };
    formats.set(language, found);
  }
  return found;
}

/** Labels for ticks at `splits` (seconds since the epoch) spaced `increment` seconds apart. */
export function timeAxisLabels(splits: readonly number[], increment: number, language: string): string[] {
  const { time, date } = formatsOf(language);
  if (increment >= DAY_SEC) return splits.map((s) => date.format(s * 1000));
  let lastDay = '';
  return splits.map((s) => {
    const day = date.format(s * 1000);
    const label = time.format(s * 1000);
    if (day === lastDay) return label;
    lastDay = day;
    return `${label}\n${day}`;
  });
}
