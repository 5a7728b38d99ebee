// What the viewer says about its stream. One literal t() call per case, so the key scan sees every
// key and the compiler flags a new end reason that has no text.
import type { LogEndReason } from '../../../shared/logs';
import type { LogStreamStatus } from '../../api/logStream';
import { errorText } from '../../i18n/errorText';
import type { Translate } from '../../i18n/labels';

export function endReasonText(t: Translate, reason: LogEndReason): string {
  switch (reason) {
    case 'closed':
      return t('logs.end.closed');
    case 'finished':
      return t('logs.end.finished');
    case 'stopped':
      return t('logs.end.stopped');
    case 'removed':
      return t('logs.end.removed');
    case 'host-down':
      return t('logs.end.hostDown');
    case 'shutdown':
      return t('logs.end.shutdown');
    case 'error':
      return t('logs.end.error');
  }
}

export function statusText(t: Translate, status: LogStreamStatus): string {
  switch (status.state) {
    case 'opening':
      return t('logs.status.opening');
    case 'live':
      return t('logs.status.live');
    case 'reconnecting':
      return t('logs.status.reconnecting');
    case 'ended': {
      const reason = endReasonText(t, status.end.reason);
      return status.end.message ? t('logs.status.endedWithMessage', { reason, message: status.end.message }) : reason;
    }
    case 'failed':
      return t('logs.status.failed', { error: errorText(t, status.error) });
  }
}
