import { HostComposeLine } from './HostComposeLine';
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostView } from '../../../shared/types';
import { useReconnectHost } from '../../api/hostMutations';
import { errorText, hostReasonText } from '../../i18n/errorText';
import { hostKindLabel } from '../../i18n/labels';
import { sshTarget } from '../../model/hostDraft';
import { hostKeyPrompt } from '../../model/hostKeys';
import { formatDuration } from '../../model/timeFormat';
import { HostStateBadge } from '../HostStateBadge';
import { Icon } from '../Icon';
import { Elapsed } from '../RelativeTime';
import { SimpleTable } from '../SimpleTable';
import { DockerSocketLine } from './DockerSocketLine';

const COLUMN_COUNT = 5;

/** What a host waits for from the user, as a badge beside its state. */
function AttentionBadges({ host }: { host: HostView }) {
  const { t } = useTranslation();
  const prompt = hostKeyPrompt(host);
  return (
    <>
      {prompt?.kind === 'changed' && (
        <span className="badge badge-danger" data-testid="badge-key-changed">
          {t('hosts.badge.keyChanged')}
        </span>
      )}
      {prompt?.kind === 'offer' && (
        <span className="badge badge-warn" data-testid="badge-key-unaccepted">
          {t('hosts.badge.keyUnaccepted')}
        </span>
      )}
      {host.needsPassphrase && (
        <span className="badge badge-warn" data-testid="badge-needs-passphrase">
          {t('hosts.badge.needsPassphrase')}
        </span>
      )}
    </>
  );
}

/** A quiet button in a host's row; `label` names the host too, since every row has the same buttons. */
function RowAction({
  testId,
  label,
  title,
  danger = false,
  disabled,
  onClick,
  children,
}: {
  testId: string;
  label: string;
  title?: string;
  danger?: boolean;
  disabled?: boolean;
  onClick(): void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={danger ? 'button button-ghost button-small button-danger-text' : 'button button-ghost button-small'}
      data-testid={testId}
      aria-label={label}
      title={title}
      disabled={disabled}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

/**
 * Every host with its connection: state and for how long, Docker version and latency and, when it is
 * not up, the engine's reason under a translated title. Every host can be edited (the local one only
 * its proxy); SSH hosts can also be removed.
 */
export function HostsTable({
  hosts,
  onEdit,
  onRemove,
  onReviewKey,
  dismissedKeyOf,
}: {
  hosts: readonly HostView[];
  onEdit(host: HostView): void;
  onRemove(host: HostView): void;
  onReviewKey(host: HostView): void;
  /** Whether the user hid this host's key prompt (it then gets a button to show it again). */
  dismissedKeyOf(host: HostView): boolean;
}) {
  const { t, i18n } = useTranslation();
  const reconnect = useReconnectHost();
  return (
    <>
      <SimpleTable
        testId="hosts-table"
        caption={t('hosts.caption')}
        columns={[
          t('hosts.column.name'),
          t('hosts.column.state'),
          t('hosts.column.docker'),
          t('hosts.column.reason'),
          <span className="sr-only">{t('hosts.column.actions')}</span>,
        ]}
      >
        {hosts.map((host) => {
          const reconnecting = reconnect.isPending && reconnect.variables === host.id;
          return (
            <Fragment key={host.id}>
              <tr data-testid="host-row" data-host-id={host.id} data-host-state={host.state} data-host-kind={host.kind}>
                <td>
                  <div className="cell-strong">{host.name}</div>
                  <div className={host.ssh ? 'mono muted small nowrap' : 'muted small'} data-testid="host-address">
                    {host.ssh ? sshTarget(host.ssh) : hostKindLabel(t, host.kind)}
                  </div>
                </td>
                <td>
                  <span className="badges">
                    <HostStateBadge state={host.state} />
                    <AttentionBadges host={host} />
                  </span>
                  <div className="muted small" data-testid="host-since">
                    <Elapsed since={host.since} render={(duration) => (duration ? t('hosts.inStateFor', { duration }) : t('hosts.changedJustNow'))} />
                  </div>
                </td>
                <td>
                  <div className="mono nowrap" data-testid="host-docker-version">
                    {host.dockerVersion ?? t('common.none')}
                  </div>
                  {host.state === 'up' && host.latencyMs !== null && (
                    <div className="muted small" data-testid="host-latency">
                      {t('hosts.latency', { value: formatDuration(host.latencyMs, i18n.language) })}
                    </div>
                  )}
                  <HostComposeLine host={host} />
                </td>
                <td className={host.state === 'down' ? 'reason-cell danger-text' : 'reason-cell'} data-testid="host-reason">
                  {host.reason === null ? t('common.none') : hostReasonText(t, host)}
                </td>
                <td className="cell-actions">
                  <div className="actions">
                    {host.kind === 'ssh' && dismissedKeyOf(host) && (
                      <button type="button" className="button button-small" data-testid="review-host-key" onClick={() => onReviewKey(host)}>
                        {t('hosts.reviewKey')}
                      </button>
                    )}
                    <RowAction
                      testId="reconnect-host"
                      label={t('hosts.reconnectFor', { name: host.name })}
                      title={reconnecting ? t('hosts.reconnecting') : t('hosts.reconnect')}
                      disabled={reconnecting}
                      onClick={() => reconnect.mutate(host.id)}
                    >
                      <Icon name="refresh" size={14} />
                    </RowAction>
                    <RowAction testId="edit-host" label={t('hosts.editFor', { name: host.name })} onClick={() => onEdit(host)}>
                      {t('hosts.edit')}
                    </RowAction>
                    {host.kind === 'ssh' && (
                      <RowAction testId="remove-host" label={t('hosts.remove.labelFor', { name: host.name })} danger onClick={() => onRemove(host)}>
                        {t('hosts.remove.action')}
                      </RowAction>
                    )}
                  </div>
                </td>
              </tr>
              {host.ssh?.exposeSocket && (
                <tr className="detail-row" data-testid="host-socket-row" data-host-id={host.id}>
                  <td colSpan={COLUMN_COUNT}>
                    <DockerSocketLine host={host} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </SimpleTable>
      {reconnect.isError && (
        <p className="inline-error" role="alert" data-testid="reconnect-error">
          {errorText(t, reconnect.error)}
        </p>
      )}
    </>
  );
}
