// The first Intl formatter a page builds is slow: ICU loads the locale's data then (measured in
// Chromium here: 30-80 ms for the first NumberFormat, 10-20 ms for the first DateTimeFormat); the
// next ones take microseconds. The first screen needs them (the sidebar's counters and the row
// count go through i18next's number format, each row's time through timeFormat and relativeTime),
// so app.tsx builds them while the page still waits for the engine's first answers, not in the
// render that shows those answers.
import i18next from 'i18next';
import { formatRelativeTime } from '../model/relativeTime';
import { formatDateTime } from '../model/timeFormat';

export function warmIntl(): void {
  const language = i18next.language;
  const now = Date.now();
  // A counted, number-formatted string: i18next's number formatter and its plural rules.
  i18next.t('containers.count', { shown: 1, count: 1 });
  formatDateTime(now, language);
  formatRelativeTime(now, now, language);
}
