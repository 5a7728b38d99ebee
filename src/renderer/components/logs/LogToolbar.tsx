// The viewer's controls: search (with its match count), follow, timestamps, clear, copy, download.
import { useTranslation } from 'react-i18next';
import { Icon } from '../Icon';

export interface LogToolbarProps {
  query: string;
  onQuery(query: string): void;
  /** Lines shown (after the search) and lines held. */
  shown: number;
  total: number;
  follow: boolean;
  onFollow(follow: boolean): void;
  showTimes: boolean;
  onShowTimes(show: boolean): void;
  onClear(): void;
  onCopy(): void;
  onDownload(): void;
  /** Feedback of the last copy, shown beside the button. */
  copyNote: string | null;
}

export function LogToolbar(props: LogToolbarProps) {
  const { t } = useTranslation();
  const { query, shown, total, follow, showTimes } = props;
  return (
    <div className="log-toolbar">
      <div className="search-box log-search">
        <Icon name="search" size={14} />
        <input
          type="search"
          value={query}
          onChange={(e) => props.onQuery(e.target.value)}
          placeholder={t('logs.searchPlaceholder')}
          aria-label={t('logs.search')}
          data-testid="log-search"
        />
      </div>
      <span className="count muted" data-testid="log-count" data-shown={shown} data-total={total} aria-live="polite">
        {query ? t('logs.matches', { count: shown, total }) : t('logs.lineCount', { count: total })}
      </span>
      <div className="log-toolbar-actions">
        <button
          type="button"
          className={follow ? 'button button-small toggle-on' : 'button button-small'}
          aria-pressed={follow}
          onClick={() => props.onFollow(!follow)}
          data-testid="log-follow"
        >
          {t('logs.follow')}
        </button>
        <button
          type="button"
          className={showTimes ? 'button button-small toggle-on' : 'button button-small'}
          aria-pressed={showTimes}
          onClick={() => props.onShowTimes(!showTimes)}
          data-testid="log-times"
        >
          {t('logs.timestamps')}
        </button>
        <button type="button" className="button button-small" onClick={props.onClear} disabled={total === 0} data-testid="log-clear">
          {t('logs.clear')}
        </button>
        <button type="button" className="button button-small" onClick={props.onCopy} disabled={shown === 0} data-testid="log-copy">
          {t('logs.copy')}
        </button>
        <button type="button" className="button button-small" onClick={props.onDownload} disabled={shown === 0} data-testid="log-download">
          {t('logs.download')}
        </button>
        {props.copyNote && (
          <span className="muted log-copy-note" role="status">
            {props.copyNote}
          </span>
        )}
      </div>
    </div>
  );
}
