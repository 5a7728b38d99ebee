// One sentence for an error shown to the user: a translated name for its code, then the engine's
// own message (which says what to do). The lost-connection error is the renderer's own, so it is
// translated in full.
import { CallError } from '../../shared/errors';
import type { ErrorCode } from '../../shared/errors';
import { LOST_CONNECTION_MESSAGE } from '../api/connectionStatus';
import { asErrorCode, splitReason } from '../model/hostKeys';
import type { Translate } from './labels';

export function errorCodeLabel(t: Translate, code: ErrorCode): string {
  switch (code) {
    case 'VALIDATION': return t('errors.code.VALIDATION');
    case 'NOT_FOUND': return t('errors.code.NOT_FOUND');
    case 'CONFLICT': return t('errors.code.CONFLICT');
    case 'WORKLOAD_HAS_CONTAINERS': return t('errors.code.WORKLOAD_HAS_CONTAINERS');
    case 'DOCKER_UNREACHABLE': return t('errors.code.DOCKER_UNREACHABLE');
    case 'FORBIDDEN': return t('errors.code.FORBIDDEN');
    case 'UNKNOWN_CALL': return t('errors.code.UNKNOWN_CALL');
    case 'HOST_HAS_WORKLOADS': return t('errors.code.HOST_HAS_WORKLOADS');
    case 'SSH_HOST_KEY_UNKNOWN': return t('errors.code.SSH_HOST_KEY_UNKNOWN');
    case 'SSH_HOST_KEY_CHANGED': return t('errors.code.SSH_HOST_KEY_CHANGED');
    case 'SSH_UNREACHABLE': return t('errors.code.SSH_UNREACHABLE');
    case 'SSH_REFUSED': return t('errors.code.SSH_REFUSED');
    case 'SSH_TIMEOUT': return t('errors.code.SSH_TIMEOUT');
    case 'SSH_AUTH_FAILED': return t('errors.code.SSH_AUTH_FAILED');
    case 'SSH_KEY_UNREADABLE': return t('errors.code.SSH_KEY_UNREADABLE');
    case 'SSH_BAD_PASSPHRASE': return t('errors.code.SSH_BAD_PASSPHRASE');
    case 'SSH_PASSPHRASE_NEEDED': return t('errors.code.SSH_PASSPHRASE_NEEDED');
    case 'SSH_AGENT_UNAVAILABLE': return t('errors.code.SSH_AGENT_UNAVAILABLE');
    case 'DOCKER_PERMISSION_DENIED': return t('errors.code.DOCKER_PERMISSION_DENIED');
    case 'DOCKER_NOT_FOUND': return t('errors.code.DOCKER_NOT_FOUND');
    case 'DEPLOY_IN_PROGRESS': return t('errors.code.DEPLOY_IN_PROGRESS');
    case 'PROXY_UNAVAILABLE': return t('errors.code.PROXY_UNAVAILABLE');
    case 'PROXY_REFUSED': return t('errors.code.PROXY_REFUSED');
    case 'IMAGE_PULL_DENIED': return t('errors.code.IMAGE_PULL_DENIED');
    case 'REGISTRY_AUTH_FAILED': return t('errors.code.REGISTRY_AUTH_FAILED');
    case 'REGISTRY_UNREACHABLE': return t('errors.code.REGISTRY_UNREACHABLE');
    case 'INTERNAL': return t('errors.code.INTERNAL');
  }
}

/**
 * A host's reason, or a test's error, as one sentence: the translated title of its leading code and
 * the engine's message ("SSH key rejected: deploy@10.0.0.5 refused ..."). A reason without a known
 * code (an older engine, the local socket's own text) is shown as written.
 */
export function reasonText(t: Translate, reason: string): string {
  const { code, message } = splitReason(reason);
  return code ? t('errors.withCode', { label: errorCodeLabel(t, code), message }) : reason;
}

/** The same for an error that travels as `{ code, message }` (a HostTestResult's). */
export function codedErrorText(t: Translate, error: { code: string; message: string }): string {
  const code = asErrorCode(error.code);
  if (!code) return error.message;
  const prefix = `${code}: `;
  const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  return t('errors.withCode', { label: errorCodeLabel(t, code), message });
}

/** The engine's message without a leading "CODE: " (the label already says it). */
export function engineMessage(error: CallError): string {
  const prefix = `${error.code}: `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

export function errorText(t: Translate, error: unknown): string {
  if (error instanceof CallError) {
    if (error.code === 'INTERNAL' && error.message === LOST_CONNECTION_MESSAGE) return t('errors.lostConnection');
    return t('errors.withCode', { label: errorCodeLabel(t, error.code), message: engineMessage(error) });
  }
  if (error instanceof Error) return t('errors.unexpected', { message: error.message });
  return t('errors.unknown');
}
