import type { TFunction } from 'i18next';
import { formatRelativeTime, relativeParts } from '../model/relativeTime';
import { formatDateTime } from '../model/timeFormat';
import { Icon } from './Icon';

/**
 * "5 minutes ago" for a stale state; never "now", which would read as live.
 */
export function staleAgo(t: TFunction, asOf: number, now: number, language: string): string {
  return relativeParts(asOf, now).value === 0 ? t('containers.momentsAgo') : formatRelativeTime(asOf, now, language);
}

/**
 * "as of 5 minutes ago" beside a state that comes from a host that is not connected, so a row whose
 * host went away never passes for live. Takes `t`, the language and the clock from its table.
 */
export function StaleNote({ asOf, now, language, t }: { asOf: number; now: number; language: string; t: TFunction }) {
  return (
    <span className="stale-note" data-testid="stale-marker" title={formatDateTime(asOf, language)}>
      <Icon name="clock" size={12} />
      {t('containers.asOf', { ago: staleAgo(t, asOf, now, language) })}
    </span>
  );
}
