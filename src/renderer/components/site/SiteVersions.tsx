// A site's kept versions, newest first: what each holds (files, size, where it came from, the
// options it is served with), which one the route serves, and a rollback to any other ready one:
// a container on its volume and a route switch, no copy.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SiteVersionView } from '../../../shared/types';
import { useRollbackSite } from '../../api/siteMutations';
import { formatBytes } from '../../model/byteFormat';
import { ConfirmDialog } from '../ConfirmDialog';
import { RelativeTime } from '../RelativeTime';
import { SimpleTable } from '../SimpleTable';
import { optionsSummary, versionStatusLabel } from './siteLabels';

function RollbackDialog({ workloadId, version, onClose }: { workloadId: string; version: SiteVersionView; onClose(): void }) {
  const { t } = useTranslation();
  const rollback = useRollbackSite(workloadId);
  return (
    <ConfirmDialog
      title={t('site.rollback.title', { number: version.number })}
      testId="site-rollback-dialog"
      onClose={onClose}
      tone="primary"
      confirmLabel={t('site.rollback.confirm')}
      pendingLabel={t('site.rollback.pending')}
      pending={rollback.isPending}
      onConfirm={() => rollback.mutate(version.id, { onSuccess: onClose })}
      confirmTestId="site-rollback-confirm"
      failure={rollback.error}
    >
      <p>{t('site.rollback.body', { number: version.number })}</p>
      <p className="mono small wrap muted">{version.source}</p>
    </ConfirmDialog>
  );
}

export function SiteVersions({ workloadId, versions, busy }: { workloadId: string; versions: readonly SiteVersionView[]; busy: boolean }) {
  const { t, i18n } = useTranslation();
  const [rollingBack, setRollingBack] = useState<SiteVersionView | null>(null);
  if (versions.length === 0) return <p className="muted">{t('site.versions.empty')}</p>;
  return (
    <>
      <div className="table-wrap">
        <SimpleTable
          testId="site-versions"
          caption={t('site.versions.title')}
          columns={[t('site.versions.version'), t('site.versions.files'), t('site.versions.size'), t('site.versions.source'), t('site.versions.created'), '']}
        >
          {versions.map((version) => (
            <tr key={version.id} data-testid="site-version" data-number={version.number} data-serving={version.serving} data-status={version.status}>
              <td className="nowrap">
                <span className="strong">{t('site.versions.number', { number: version.number })}</span>{' '}
                {version.serving && (
                  <span className="badge badge-ok" data-testid="site-version-serving">
                    <span className="badge-dot" aria-hidden="true" />
                    {t('site.versions.serving')}
                  </span>
                )}
                {version.status === 'uploading' && <span className="badge badge-info">{versionStatusLabel(t, version.status)}</span>}
                {!version.hasIndex && version.status === 'ready' && (
                  <span className="badge badge-warn" title={t('site.deploy.warning.noIndex')}>
                    {t('site.versions.noIndex')}
                  </span>
                )}
              </td>
              <td className="nowrap">{t('site.versions.fileCount', { count: version.files })}</td>
              <td className="nowrap">{formatBytes(version.bytes, i18n.language)}</td>
              <td className="wrap">
                <span className="mono small">{version.source}</span>
                <div className="muted small" data-testid="site-version-options">
                  {optionsSummary(t, version.options) || t('site.options.short.none')}
                </div>
              </td>
              <td className="muted small nowrap">
                <RelativeTime at={version.createdAt} />
              </td>
              <td className="cell-actions">
                {version.status === 'ready' && !version.serving && (
                  <button
                    type="button"
                    className="button button-ghost button-small"
                    disabled={busy}
                    onClick={() => setRollingBack(version)}
                    data-testid="site-version-rollback"
                  >
                    {t('site.versions.rollback')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </SimpleTable>
      </div>
      {rollingBack && <RollbackDialog workloadId={workloadId} version={rollingBack} onClose={() => setRollingBack(null)} />}
    </>
  );
}
