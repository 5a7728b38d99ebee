import { useTranslation } from 'react-i18next';
import type { HostView, ReconcileReport } from '../../../shared/types';
import { problemText } from '../../i18n/errorText';
import { formatDuration } from '../../model/timeFormat';
import { Icon } from '../Icon';
import { RelativeTime } from '../RelativeTime';

/** The last reconcile pass per host, and the containers whose workload label names no workload. */
export function ReconcileHealth({ reports, hosts }: { reports: readonly ReconcileReport[]; hosts: readonly HostView[] }) {
  const { t, i18n } = useTranslation();
  const hostName = (id: string) => hosts.find((h) => h.id === id)?.name ?? id;
  return (
    <section className="health-section" aria-labelledby="health-reconcile">
      <h3 id="health-reconcile">{t('home.reconcile')}</h3>
      {reports.length === 0 && <p className="muted">{t('home.noReports')}</p>}
      <ul className="health-list">
        {reports.map((report) => (
          <li key={report.hostId} data-testid="reconcile-report">
            <div className="health-line">
              <strong>{hostName(report.hostId)}</strong>
              {report.lastPassAt === null ? (
                <span className="muted">{t('home.noPassYet')}</span>
              ) : (
                <span>
                  {t('home.lastPass')} <RelativeTime at={report.lastPassAt} />
                  {report.lastPassMs !== null && (
                    <span className="muted"> {t('home.took', { duration: formatDuration(report.lastPassMs, i18n.language) })}</span>
                  )}
                </span>
              )}
              <span className="muted">{t('home.passes', { count: report.passes })}</span>
            </div>
            {report.lastError && <p className="danger-text">{t('home.lastError', { error: problemText(t, report.lastError) })}</p>}
            {report.forged.length > 0 && (
              <div className="forged" role="alert" data-testid="forged-containers">
                <p className="forged-title">
                  <Icon name="warning" size={14} />
                  {t('home.forgedTitle', { count: report.forged.length })}
                </p>
                <p className="muted">{t('home.forgedExplain')}</p>
                <ul>
                  {report.forged.map((c) => (
                    <li key={c.dockerId} data-testid="forged-container" data-container-name={c.name}>
                      <strong>{c.name}</strong> <span className="mono muted">{c.dockerId.slice(0, 12)}</span>{' '}
                      {t('home.claims', { workloadId: c.claimedWorkloadId })}
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
