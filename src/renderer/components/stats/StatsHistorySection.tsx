// Settings: how big the stats history is, and a confirmed way to clear it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClearStats, useStatsSize } from '../../api/statsQueries';
import { formatBytes } from '../../model/byteFormat';
import { ConfirmDialog } from '../ConfirmDialog';

export function StatsHistorySection() {
  const { t, i18n } = useTranslation();
  const size = useStatsSize();
  const clear = useClearStats();
  const [asking, setAsking] = useState(false);
  const number = (n: number) => n.toLocaleString(i18n.language);
  return (
    <section className="card" data-testid="stats-history-size">
      <div className="card-head">
        <h2>{t('stats.size.title')}</h2>
        <button type="button" className="button" disabled={!size.data || clear.isPending} onClick={() => setAsking(true)} data-testid="stats-clear">
          {t('stats.size.clear')}
        </button>
      </div>
      <p className="muted">{t('stats.size.hint')}</p>
      {size.data && (
        <p>
          <strong data-testid="stats-size-bytes">{t('stats.size.bytes', { size: formatBytes(size.data.bytes, i18n.language) })}</strong>
          <br />
          {t('stats.size.rows', {
            s5: number(size.data.rows.s5),
            m1: number(size.data.rows.m1),
            m15: number(size.data.rows.m15),
            containers: number(size.data.containers),
          })}
        </p>
      )}
      {clear.isSuccess && !asking && (
        <p className="notice-inline" role="status">
          {t('stats.size.cleared')}
        </p>
      )}
      {asking && (
        <ConfirmDialog
          title={t('stats.size.clear')}
          testId="stats-clear-dialog"
          onClose={() => setAsking(false)}
          failure={clear.error}
          tone="danger"
          confirmLabel={t('stats.size.clear')}
          pendingLabel={t('stats.size.clearing')}
          pending={clear.isPending}
          onConfirm={() => clear.mutate(undefined, { onSuccess: () => setAsking(false) })}
          confirmTestId="stats-clear-confirm"
        >
          <p>{t('stats.size.clearConfirm')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
