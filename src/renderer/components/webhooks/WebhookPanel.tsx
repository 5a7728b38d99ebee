// A workload's webhook: the URL senders post to, its secret (made or rotated here and shown once),
// the header each sender signs in, a project's ref mapping, and the delivery log with "redeliver".
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { WebhookView } from '../../../shared/contract/webhooks';
import type { WorkloadView } from '../../../shared/types';
import { useRedeliver, useRotateWebhookSecret, useWebhook, useWebhookListener } from '../../api/webhookQueries';
import { errorText } from '../../i18n/errorText';
import { secretKeepingText } from '../../i18n/labels';
import { ConfirmDialog } from '../ConfirmDialog';
import { ErrorState } from '../ErrorState';
import { Loading } from '../Loading';
import { RelativeTime } from '../RelativeTime';
import { SimpleTable } from '../SimpleTable';
import { CopyButton } from './CopyButton';
import { RefMappingEditor } from './RefMappingEditor';
import { outcomeLabel, outcomeTone, reasonText, sourceLabel } from './webhookLabels';

function HookUrl({ hook }: { hook: WebhookView }) {
  const { t } = useTranslation();
  const listener = useWebhookListener().data;
  if (!listener?.baseUrl)
    return (
      <p className="muted" data-testid="webhook-url-off">
        {t('webhooks.panel.listenerOff')} <Link to="/settings">{t('webhooks.panel.toSettings')}</Link>
      </p>
    );
  const url = `${listener.baseUrl}${hook.path}`;
  return (
    <p className="socket-line">
      <code className="mono" data-testid="webhook-url">
        {url}
      </code>
      <CopyButton text={url} testId="webhook-url-copy" />
    </p>
  );
}

function Secret({ hook }: { hook: WebhookView }) {
  const { t } = useTranslation();
  const rotation = useRotateWebhookSecret(hook.workloadId);
  const [confirming, setConfirming] = useState(false);
  const has = hook.secret.state !== 'none';
  return (
    <div data-testid="webhook-secret">
      <p>
        {hook.secret.state === 'none' && t('webhooks.panel.secretNone')}
        {hook.secret.state === 'known' && (
          <>
            {t('webhooks.panel.secretMade')} <RelativeTime at={hook.secret.createdAt ?? 0} /> · {secretKeepingText(t, hook.secret.keeping)}
          </>
        )}
        {hook.secret.state === 'unknown' && <span className="notice-inline">{t('webhooks.panel.secretUnknown')}</span>}
      </p>
      {rotation.secret ? (
        <div className="notice" role="status" data-testid="webhook-secret-shown">
          <p>{t('webhooks.panel.secretOnce')}</p>
          <p className="socket-line">
            <code className="mono" data-testid="webhook-secret-value">
              {rotation.secret}
            </code>
            <CopyButton text={rotation.secret} testId="webhook-secret-copy" />
          </p>
          <button type="button" className="button button-small" data-testid="webhook-secret-done" onClick={rotation.dismiss}>
            {t('webhooks.panel.secretDone')}
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="button"
          data-testid="webhook-secret-rotate"
          disabled={rotation.pending}
          onClick={() => (has ? setConfirming(true) : void rotation.rotate())}
        >
          {has ? t('webhooks.panel.rotate') : t('webhooks.panel.generate')}
        </button>
      )}
      {rotation.error !== null && <p className="field-error">{errorText(t, rotation.error)}</p>}
      {confirming && (
        <ConfirmDialog
          title={t('webhooks.panel.rotateTitle')}
          testId="webhook-rotate-dialog"
          tone="danger"
          confirmLabel={t('webhooks.panel.rotate')}
          pendingLabel={t('webhooks.panel.rotating')}
          pending={rotation.pending}
          confirmTestId="webhook-rotate-confirm"
          onConfirm={() => {
            setConfirming(false);
            void rotation.rotate();
          }}
          onClose={() => setConfirming(false)}
        >
          <p>{t('webhooks.panel.rotateBody')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function Headers({ hook }: { hook: WebhookView }) {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    [t('webhooks.source.github'), hook.headers.github],
    [t('webhooks.source.gitea'), hook.headers.gitea],
    [t('webhooks.source.gitlab'), hook.headers.gitlab],
    [t('webhooks.source.generic'), `${hook.headers.generic} + ${hook.headers.genericDelivery}`],
  ];
  return (
    <details>
      <summary>{t('webhooks.panel.headersTitle')}</summary>
      <p className="muted small">{t('webhooks.panel.headersIntro')}</p>
      <dl className="facts" data-testid="webhook-headers">
        {rows.map(([who, header]) => (
          <div key={who} style={{ display: 'contents' }}>
            <dt>{who}</dt>
            <dd className="mono">{header}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

function Deliveries({ hook }: { hook: WebhookView }) {
  const { t } = useTranslation();
  const redeliver = useRedeliver(hook.workloadId);
  if (hook.deliveries.length === 0) return <p className="muted">{t('webhooks.panel.noDeliveries')}</p>;
  return (
    <>
      {redeliver.isError && <p className="field-error">{errorText(t, redeliver.error)}</p>}
      <SimpleTable
        testId="webhook-deliveries"
        caption={t('webhooks.panel.deliveries')}
        columns={[
          t('webhooks.panel.col.time'),
          t('webhooks.panel.col.source'),
          t('webhooks.panel.col.event'),
          t('webhooks.panel.col.deliveryId'),
          t('webhooks.panel.col.outcome'),
          '',
        ]}
      >
        {hook.deliveries.map((d) => (
          <tr key={d.id} data-testid="webhook-delivery" data-outcome={d.outcome}>
            <td>
              <RelativeTime at={d.receivedAt} />
            </td>
            <td>{sourceLabel(t, d.source)}</td>
            <td className="mono">{d.event}</td>
            <td className="mono small">{d.deliveryId ?? '—'}</td>
            <td>
              <span className={`badge ${outcomeTone(d.outcome)}`}>{outcomeLabel(t, d.outcome)}</span>
              {/* What a delivery deployed shows on the stage's own history; the log says why one did not. */}
              {d.reason && ['refused', 'failed', 'ignored', 'duplicate'].includes(d.outcome) && <span className="muted small"> {reasonText(t, d.reason)}</span>}
              {d.redeliveryOf && <span className="muted small"> · {t('webhooks.panel.redelivery')}</span>}
            </td>
            <td>
              {d.canRedeliver && (
                <button
                  type="button"
                  className="button button-small"
                  data-testid="webhook-redeliver"
                  disabled={redeliver.isPending}
                  onClick={() => redeliver.mutate(d.id)}
                >
                  {t('webhooks.panel.redeliver')}
                </button>
              )}
            </td>
          </tr>
        ))}
      </SimpleTable>
    </>
  );
}

export function WebhookPanel({ workload }: { workload: WorkloadView }) {
  const { t } = useTranslation();
  const hook = useWebhook(workload.id);
  return (
    <section className="card" data-testid="webhook-panel">
      <h2>{t('webhooks.panel.title')}</h2>
      {hook.isPending && <Loading label={t('webhooks.loading')} />}
      {hook.isError && <ErrorState title={t('webhooks.loadFailed')} error={hook.error} onRetry={() => void hook.refetch()} />}
      {hook.data && (
        <>
          <p className="muted small">
            {workload.kind === 'project'
              ? t('webhooks.panel.introProject')
              : workload.kind === 'stack'
                ? t('webhooks.panel.introStack')
                : t('webhooks.panel.introSite')}
          </p>
          <HookUrl hook={hook.data} />
          <Secret hook={hook.data} />
          <Headers hook={hook.data} />
          {workload.kind === 'project' && hook.data.refMapping && <RefMappingEditor project={workload} mapping={hook.data.refMapping} />}
          <h3>{t('webhooks.panel.deliveries')}</h3>
          <Deliveries hook={hook.data} />
        </>
      )}
    </section>
  );
}
