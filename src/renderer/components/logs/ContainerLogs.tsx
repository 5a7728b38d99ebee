// A live log viewer for one owned container, usable as a page body or inside a card: it fills the
// height its parent gives it. The engine checks that the container belongs to the workload (and
// stage) named; a refusal shows here as the stream's error.
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLogStream } from '../../api/useLogStream';
import { MAX_BUFFERED_LINES, linesAsText } from '../../model/logBuffer';
import { filterLines } from '../../model/logSearch';
import { copyText, downloadText } from './logExport';
import { statusText } from './logStatusText';
import { LogToolbar } from './LogToolbar';
import { LogView } from './LogView';
import '../../styles/logs.css';

export interface ContainerLogsProps {
  containerId: string;
  workloadId: string;
  stageId?: string;
}

export function ContainerLogs({ containerId, workloadId, stageId }: ContainerLogsProps) {
  const { t } = useTranslation();
  const { buffer, status, clear, reopen } = useLogStream({ containerId, workloadId, stageId });
  const [query, setQuery] = useState('');
  const [follow, setFollow] = useState(true);
  const [showTimes, setShowTimes] = useState(false);
  const [copyNote, setCopyNote] = useState<string | null>(null);
  // Typing stays responsive while 10,000 lines are filtered.
  const deferredQuery = useDeferredValue(query);
  const shown = useMemo(() => filterLines(buffer.lines, deferredQuery), [buffer.lines, deferredQuery]);

  useEffect(() => {
    if (copyNote === null) return;
    const timer = setTimeout(() => setCopyNote(null), 2_500);
    return () => clearTimeout(timer);
  }, [copyNote]);

  const onCopy = async () => {
    const ok = await copyText(linesAsText(shown, showTimes));
    setCopyNote(ok ? t('logs.copied', { count: shown.length }) : t('logs.copyFailed'));
  };

  const ended = status.state === 'ended' || status.state === 'failed';
  // A removed container has no log to follow again; anything else (stopped, host back) may.
  const canReopen = ended && !(status.state === 'ended' && status.end.reason === 'removed');
  return (
    <section className="container-logs" data-testid="container-logs" data-status={status.state} aria-label={t('logs.title')}>
      <LogToolbar
        query={query}
        onQuery={setQuery}
        shown={shown.length}
        total={buffer.lines.length}
        follow={follow}
        onFollow={setFollow}
        showTimes={showTimes}
        onShowTimes={setShowTimes}
        onClear={clear}
        onCopy={() => void onCopy()}
        onDownload={() => downloadText(linesAsText(shown, showTimes), `${containerId}.log`)}
        copyNote={copyNote}
      />
      <div className={status.state === 'failed' ? 'log-status log-status-error' : 'log-status'} data-testid="log-status" role={ended ? 'alert' : undefined}>
        <span className={`log-dot log-dot-${status.state}`} aria-hidden="true" />
        <span>{statusText(t, status)}</span>
        {canReopen && (
          <button type="button" className="button button-small" onClick={reopen} data-testid="log-reopen">
            {t('logs.reopen')}
          </button>
        )}
        {buffer.dropped > 0 && (
          <span className="log-dropped" data-testid="log-dropped">
            {t('logs.dropped', { count: buffer.dropped, max: MAX_BUFFERED_LINES })}
          </span>
        )}
      </div>
      {shown.length === 0 ? (
        <div className="log-empty muted" data-testid="log-empty">
          {deferredQuery ? t('logs.noMatch') : status.state === 'opening' ? t('logs.status.opening') : t('logs.noLines')}
        </div>
      ) : (
        <LogView lines={shown} query={deferredQuery} showTimes={showTimes} follow={follow} onFollowChange={setFollow} />
      )}
    </section>
  );
}

export default ContainerLogs;
