// Words for why a container stopped and why a terminal ended, chosen from the engine's data.
import type { ExitReason } from '../../../shared/containerDetail';
import type { ExecEndReason } from '../../../shared/exec';
import type { Translate } from '../../i18n/labels';

export function exitReasonText(t: Translate, reason: ExitReason): string {
  switch (reason.kind) {
    case 'oom':
      return t('containerDetail.exit.oom');
    case 'signal':
      return t('containerDetail.exit.signal', { signal: reason.name ?? String(reason.signal), code: 128 + reason.signal });
    case 'code':
      return reason.code === 0 ? t('containerDetail.exit.clean') : t('containerDetail.exit.code', { code: reason.code });
  }
}

export function execEndText(t: Translate, reason: ExecEndReason, exitCode: number | null): string {
  switch (reason) {
    case 'closed':
      return t('terminal.ended.closed');
    case 'exited':
      return t('terminal.ended.exited', { code: exitCode ?? 0 });
    case 'container-stopped':
      return t('terminal.ended.containerStopped');
    case 'host-down':
      return t('terminal.ended.hostDown');
    case 'shutdown':
      return t('terminal.ended.shutdown');
    case 'error':
      return t('terminal.ended.error');
  }
}
