// A workload's terminal sessions: who opened one (the OS user and the shell), when, in which
// container, for how long and how it ended. What was typed is never recorded.
import type { Translate } from '../../i18n/labels';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useExecHistory } from '../../api/queries';
import { containerDetailPath } from '../../model/containerPaths';
import { ErrorState } from '../ErrorState';
import { Loading } from '../Loading';
import { RelativeTime } from '../RelativeTime';
import { SimpleTable } from '../SimpleTable';
import { execEndText } from './exitReasonText';

export function ExecHistory({ workloadId }: { workloadId: string }) {
  const { t } = useTranslation();
  const history = useExecHistory(workloadId);
  if (history.isPending) return <Loading label={t('execHistory.loading')} />;
  if (history.isError) return <ErrorState title={t('execHistory.loadFailed')} error={history.error} onRetry={() => void history.refetch()} />;
  if (history.data.length === 0)
    return (
      <p className="muted" data-testid="exec-history-empty">
        {t('execHistory.empty')}
      </p>
    );
  return (
    <div className="table-wrap">
      <SimpleTable
        testId="exec-history"
        caption={t('execHistory.caption')}
        columns={[
          t('execHistory.column.started'),
          t('execHistory.column.who'),
          t('execHistory.column.container'),
          t('execHistory.column.duration'),
          t('execHistory.column.end'),
        ]}
      >
        {history.data.map((s) => (
          <tr key={s.id} data-testid="exec-session" data-end-reason={s.endReason ?? 'open'}>
            <td>
              <RelativeTime at={s.startedAt} />
            </td>
            <td>{t('execHistory.who', { user: s.osUser, shell: s.shell })}</td>
            <td className="mono">
              <Link to={containerDetailPath(s.containerId)}>{s.containerName}</Link>
            </td>
            <td>{s.endedAt === null ? '—' : durationText(t, s.endedAt - s.startedAt)}</td>
            <td>{s.endReason === null ? t('execHistory.open') : execEndText(t, s.endReason, null)}</td>
          </tr>
        ))}
      </SimpleTable>
    </div>
  );
}

function durationText(t: Translate, ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return t('execHistory.seconds', { count: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('execHistory.minutes', { count: minutes, seconds: seconds % 60 });
  return t('execHistory.hours', { count: Math.floor(minutes / 60), minutes: minutes % 60 });
}
