// A stage's containers in the 30 minutes before and after each recent deploy: mean total CPU and
// memory, and restarts, side by side, so a deploy that made the stage hungrier or crash-prone shows.
import { useTranslation } from 'react-i18next';
import type { DeployImpactSide } from '../../../shared/stats';
import { useDeployImpact } from '../../api/statsQueries';
import { formatBytes } from '../../model/byteFormat';
import { markerLabel } from '../stats/statsLabels';
import { RelativeTime } from '../RelativeTime';

export function DeployImpact({ stageId }: { stageId: string }) {
  const { t, i18n } = useTranslation();
  const impact = useDeployImpact(stageId);
  const rows = impact.data ?? [];
  const cpu = (side: DeployImpactSide) => (side.cpu === null ? t('stats.impact.dash') : t('stats.percent', { value: side.cpu.toFixed(1) }));
  const mem = (side: DeployImpactSide) => (side.mem === null ? t('stats.impact.dash') : formatBytes(side.mem, i18n.language));
  return (
    <div data-testid="deploy-impact">
      <h4 title={t('stats.impact.hint')}>{t('stats.impact.title')}</h4>
      {rows.length === 0 ? (
        <p className="muted small">{t('stats.impact.none')}</p>
      ) : (
        <table className="simple-table impact-table">
          <thead>
            <tr>
              <th>{t('stats.impact.deploy')}</th>
              <th>
                {t('stats.impact.cpu')} ({t('stats.impact.before')} → {t('stats.impact.after')})
              </th>
              <th>
                {t('stats.impact.memory')} ({t('stats.impact.before')} → {t('stats.impact.after')})
              </th>
              <th>
                {t('stats.impact.restarts')} ({t('stats.impact.before')} → {t('stats.impact.after')})
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.deployId} data-testid="deploy-impact-row">
                <td>
                  {markerLabel(t, row.kind)} <span className="mono">{row.image}</span> <RelativeTime at={row.at} />
                </td>
                <td>
                  {cpu(row.before)} → {cpu(row.after)}
                </td>
                <td>
                  {mem(row.before)} → {mem(row.after)}
                </td>
                <td>
                  {row.before.restarts} → {row.after.restarts}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
