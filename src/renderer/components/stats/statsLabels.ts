// Translated words of the stats charts: a range's button, a marker's kind.
import type { StatsMarkerKind, StatsRange } from '../../../shared/stats';
import type { Translate } from '../../i18n/labels';

export function rangeLabel(t: Translate, range: StatsRange): string {
  switch (range) {
    case '1h':
      return t('stats.range.1h');
    case '24h':
      return t('stats.range.24h');
    case '7d':
      return t('stats.range.7d');
    case '90d':
      return t('stats.range.90d');
  }
}

export function markerLabel(t: Translate, kind: StatsMarkerKind): string {
  switch (kind) {
    case 'deploy':
      return t('stats.marker.deploy');
    case 'rollback':
      return t('stats.marker.rollback');
    case 'crash':
      return t('stats.marker.crash');
  }
}
