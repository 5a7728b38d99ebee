import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useNow } from '../hooks/useNow';
import { formatElapsed, formatRelativeTime } from '../model/relativeTime';
import { formatDateTime } from '../model/timeFormat';

/** "5 minutes ago", with the exact time on hover and for assistive technology. */
export function RelativeTime({ at }: { at: number | null }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  return <RelativeTimeText at={at} now={now} language={i18n.language} t={t} />;
}

/** The same for lists that already hold `t`, the language and the clock. */
export function RelativeTimeText({ at, now, language, t }: { at: number | null; now: number; language: string; t: TFunction }) {
  if (at === null) return <span className="muted">{t('common.never')}</span>;
  const exact = formatDateTime(at, language);
  return (
    <time dateTime={new Date(at).toISOString()} title={exact}>
      {formatRelativeTime(at, now, language)}
    </time>
  );
}

/**
 * How long something has lasted ("5 minutes"), with its start on hover. `render` words it ("for 5
 * minutes"); it gets null for the first few seconds, which read "just now" by default.
 */
export function Elapsed({ since, render }: { since: number; render?: (duration: string | null) => string }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const duration = formatElapsed(since, now, i18n.language);
  return (
    <time dateTime={new Date(since).toISOString()} title={t('common.sinceExact', { time: formatDateTime(since, i18n.language) })}>
      {render ? render(duration) : (duration ?? t('common.justNow'))}
    </time>
  );
}
