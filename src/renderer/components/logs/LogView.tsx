// The lines of a log, virtualised: only the rows in view are in the DOM, so 10,000 lines scroll
// like 50. Following keeps the view at the bottom as lines arrive; scrolling up stops following
// (the user is reading), and scrolling back to the bottom or "Jump to latest" resumes it.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { LogEntry } from '../../model/logBuffer';
import { splitMatches } from '../../model/logSearch';
import { shortTime } from '../../model/logTime';
import { Icon } from '../Icon';

/** Fixed, so the virtualiser places rows without measuring; keep in step with logs.css. */
export const LOG_ROW_HEIGHT = 20;
/** How close to the bottom (px) still counts as "at the bottom". */
const BOTTOM_SLACK = LOG_ROW_HEIGHT / 2;

interface RowProps {
  line: LogEntry;
  top: number;
  query: string;
  showTimes: boolean;
  t: TFunction;
}

const LogRow = memo(function LogRow({ line, top, query, showTimes, t }: RowProps) {
  const stderr = line.stream === 'stderr';
  return (
    <div
      className={stderr ? 'log-line log-line-stderr' : 'log-line'}
      style={{ transform: `translateY(${top}px)` }}
      data-testid="log-line"
      data-stream={line.stream}
    >
      {showTimes && <span className="log-time">{line.time ? shortTime(line.time) : ''}</span>}
      <span className="log-stream" title={stderr ? t('logs.stderrTitle') : undefined}>
        {stderr ? t('logs.stderrTag') : ''}
      </span>
      <span className="log-text">
        {splitMatches(line.text, query).map((part, i) =>
          part.match ? (
            <mark key={i} className="log-match">
              {part.text}
            </mark>
          ) : (
            part.text
          ),
        )}
      </span>
      {line.truncated && <span className="log-truncated">{t('logs.truncated')}</span>}
    </div>
  );
});

export function LogView({
  lines,
  query,
  showTimes,
  follow,
  onFollowChange,
}: {
  lines: readonly LogEntry[];
  query: string;
  showTimes: boolean;
  follow: boolean;
  onFollowChange(follow: boolean): void;
}) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LOG_ROW_HEIGHT,
    overscan: 20,
    getItemKey: (index) => lines[index]?.seq ?? index,
  });

  // After every render with new lines, before paint: stick to the bottom while following.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (follow && el) el.scrollTop = el.scrollHeight;
  }, [lines, follow, showTimes]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    // Growth of the content fires no scroll event, so a scroll here is the user's or our own jump.
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= BOTTOM_SLACK;
    if (atBottom !== follow) onFollowChange(atBottom);
  };

  return (
    <div className="log-view">
      <div
        className="log-scroll"
        ref={scrollRef}
        onScroll={onScroll}
        tabIndex={0}
        role="log"
        aria-label={t('logs.linesLabel')}
        aria-live="off"
        data-testid="log-scroll"
      >
        <div className="log-body" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const line = lines[item.index];
            return line ? <LogRow key={item.key} line={line} top={item.start} query={query} showTimes={showTimes} t={t} /> : null;
          })}
        </div>
      </div>
      {!follow && lines.length > 0 && (
        <button type="button" className="button button-small log-jump" onClick={() => onFollowChange(true)} data-testid="log-jump">
          <Icon name="arrowDown" size={12} />
          {t('logs.jumpToLatest')}
        </button>
      )}
    </div>
  );
}
