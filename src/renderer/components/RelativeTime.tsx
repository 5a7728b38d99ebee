import { useTranslation } from 'react-i18next';
import { useNow } from '../hooks/useNow';
import { formatRelativeTime } from '../model/relativeTime';
import { formatDateTime } from '../model/timeFormat';

/** "5 minutes ago", with the exact time on hover and for assistive technology. */
export function RelativeTime({ at }: { at: number | null }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  if (at === null) return <span className="muted">{t('common.never')}</span>;
  const exact = formatDateTime(at, i18n.language);
  return (
    <time dateTime={new Date(at).toISOString()} title={exact}>
      {formatRelativeTime(at, now, i18n.language)}
    </time>
  );
}
