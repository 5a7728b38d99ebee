// The time axis's labels in the UI's language. uPlot's own are English templates ("12/3/26
// 11:45pm"), whatever the page's language; these come from Intl: hours and minutes (seconds too
// when ticks are closer than a minute) in the language's clock (24 h in Russian), with the date
// under the first tick and wherever the day changes, and just the date once ticks are a day apart.
const DAY_SEC = 86_400;

const formats = new Map<string, { time: Intl.DateTimeFormat; seconds: Intl.DateTimeFormat; date: Intl.DateTimeFormat }>();

function formatsOf(language: string) {
  let found = formats.get(language);
  if (!found) {
    found = {
      time: new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' }),
      // A chart of the first minutes of a container has ticks seconds apart: minutes alone repeat.
      seconds: new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
      date: new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short' }),
    };
    formats.set(language, found);
  }
  return found;
}

/** Labels for ticks at `splits` (seconds since the epoch) spaced `increment` seconds apart. */
export function timeAxisLabels(splits: readonly number[], increment: number, language: string): string[] {
  const { date, ...clocks } = formatsOf(language);
  if (increment >= DAY_SEC) return splits.map((s) => date.format(s * 1000));
  const time = increment < 60 ? clocks.seconds : clocks.time;
  let lastDay = '';
  return splits.map((s) => {
    const day = date.format(s * 1000);
    const label = time.format(s * 1000);
    if (day === lastDay) return label;
    lastDay = day;
    return `${label}\n${day}`;
  });
}
