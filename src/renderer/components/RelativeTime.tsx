import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useNow } from '../hooks/useNow';
import { formatRelativeTime } from '../model/relativeTime';
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
