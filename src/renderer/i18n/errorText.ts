// One sentence for an error shown to the user, chosen from its code and details: a translated
// sentence where the details say enough (a changed host key, the containers still there), else a
// translated title for the code and the engine's own message (which says what to do). The message
// is shown, never read: nothing here looks inside it. The lost-connection error is the renderer's
// own, so it is translated in full.
import { CallError, isErrorCode } from '../../shared/errors';
import type { ErrorCode, ErrorDetails, ErrorInfo, JsonValue } from '../../shared/errors';
import type { HostView } from '../../shared/types';
import { LOST_CONNECTION_MESSAGE } from '../api/connectionStatus';
import { hostKeyIn } from '../model/hostKeys';
import type { Translate } from './labels';

export function errorCodeLabel(t: Translate, code: ErrorCode): string {
  switch (code) {
    case 'VALIDATION':
      return t('errors.code.VALIDATION');
    case 'NOT_FOUND':
      return t('errors.code.NOT_FOUND');
    case 'CONFLICT':
      return t('errors.code.CONFLICT');
    case 'WORKLOAD_HAS_CONTAINERS':
      return t('errors.code.WORKLOAD_HAS_CONTAINERS');
    case 'DOCKER_UNREACHABLE':
      return t('errors.code.DOCKER_UNREACHABLE');
    case 'FORBIDDEN':
      return t('errors.code.FORBIDDEN');
    case 'UNKNOWN_CALL':
      return t('errors.code.UNKNOWN_CALL');
    case 'HOST_HAS_WORKLOADS':
      return t('errors.code.HOST_HAS_WORKLOADS');
    case 'SSH_HOST_KEY_UNKNOWN':
      return t('errors.code.SSH_HOST_KEY_UNKNOWN');
    case 'SSH_HOST_KEY_CHANGED':
      return t('errors.code.SSH_HOST_KEY_CHANGED');
    case 'SSH_UNREACHABLE':
      return t('errors.code.SSH_UNREACHABLE');
    case 'SSH_REFUSED':
      return t('errors.code.SSH_REFUSED');
    case 'SSH_TIMEOUT':
      return t('errors.code.SSH_TIMEOUT');
    case 'SSH_AUTH_FAILED':
      return t('errors.code.SSH_AUTH_FAILED');
    case 'SSH_KEY_UNREADABLE':
      return t('errors.code.SSH_KEY_UNREADABLE');
    case 'SSH_BAD_PASSPHRASE':
      return t('errors.code.SSH_BAD_PASSPHRASE');
    case 'SSH_PASSPHRASE_NEEDED':
      return t('errors.code.SSH_PASSPHRASE_NEEDED');
    case 'SSH_AGENT_UNAVAILABLE':
      return t('errors.code.SSH_AGENT_UNAVAILABLE');
    case 'DOCKER_PERMISSION_DENIED':
      return t('errors.code.DOCKER_PERMISSION_DENIED');
    case 'DOCKER_NOT_FOUND':
      return t('errors.code.DOCKER_NOT_FOUND');
    case 'DEPLOY_IN_PROGRESS':
      return t('errors.code.DEPLOY_IN_PROGRESS');
    case 'PROXY_UNAVAILABLE':
      return t('errors.code.PROXY_UNAVAILABLE');
    case 'PROXY_REFUSED':
      return t('errors.code.PROXY_REFUSED');
    case 'IMAGE_PULL_DENIED':
      return t('errors.code.IMAGE_PULL_DENIED');
    case 'REGISTRY_AUTH_FAILED':
      return t('errors.code.REGISTRY_AUTH_FAILED');
    case 'REGISTRY_UNREACHABLE':
      return t('errors.code.REGISTRY_UNREACHABLE');
    case 'REGISTRY_RATE_LIMITED':
      return t('errors.code.REGISTRY_RATE_LIMITED');
    case 'IMAGE_NOT_FOUND':
      return t('errors.code.IMAGE_NOT_FOUND');
    case 'STACK_BUSY':
      return t('errors.code.STACK_BUSY');
    case 'COMPOSE_INVALID':
      return t('errors.code.COMPOSE_INVALID');
    case 'IMAGE_PULL_TIMEOUT':
      return t('errors.code.IMAGE_PULL_TIMEOUT');
    case 'IMAGE_PULL_FAILED':
      return t('errors.code.IMAGE_PULL_FAILED');
    case 'DEPLOY_CONTAINER_EXITED':
      return t('errors.code.DEPLOY_CONTAINER_EXITED');
    case 'ALREADY_RUNNING':
      return t('errors.code.ALREADY_RUNNING');
    case 'DATABASE_FROM_NEWER_VERSION':
      return t('errors.code.DATABASE_FROM_NEWER_VERSION');
    case 'HOST_CONNECTION_LOST':
      return t('errors.code.HOST_CONNECTION_LOST');
    case 'HOST_COMMAND_TIMEOUT':
      return t('errors.code.HOST_COMMAND_TIMEOUT');
    case 'COMPOSE_NOT_FOUND':
      return t('errors.code.COMPOSE_NOT_FOUND');
    case 'COMPOSE_FAILED':
      return t('errors.code.COMPOSE_FAILED');
    case 'COMPOSE_OUTPUT_INVALID':
      return t('errors.code.COMPOSE_OUTPUT_INVALID');
    case 'SITE_PATH_UNSAFE':
      return t('errors.code.SITE_PATH_UNSAFE');
    case 'SITE_SYMLINK_OUTSIDE':
      return t('errors.code.SITE_SYMLINK_OUTSIDE');
    case 'SITE_SPECIAL_FILE':
      return t('errors.code.SITE_SPECIAL_FILE');
    case 'SITE_TOO_MANY_FILES':
      return t('errors.code.SITE_TOO_MANY_FILES');
    case 'SITE_TOO_LARGE':
      return t('errors.code.SITE_TOO_LARGE');
    case 'SITE_ARCHIVE_INVALID':
      return t('errors.code.SITE_ARCHIVE_INVALID');
    case 'SITE_EMPTY':
      return t('errors.code.SITE_EMPTY');
    case 'SITE_SOURCE_UNREADABLE':
      return t('errors.code.SITE_SOURCE_UNREADABLE');
    case 'SITE_SOURCE_CHANGED':
      return t('errors.code.SITE_SOURCE_CHANGED');
    case 'STALE_CHANGED':
      return t('errors.code.STALE_CHANGED');
    case 'NOTIFY_SEND_FAILED':
      return t('errors.code.NOTIFY_SEND_FAILED');
    case 'NOTIFY_SECRET_UNKNOWN':
      return t('errors.code.NOTIFY_SECRET_UNKNOWN');
    case 'DNS_UNREACHABLE':
      return t('errors.code.DNS_UNREACHABLE');
    case 'DNS_AUTH_FAILED':
      return t('errors.code.DNS_AUTH_FAILED');
    case 'DNS_RECORD_EXISTS':
      return t('errors.code.DNS_RECORD_EXISTS');
    case 'DNS_REFUSED':
      return t('errors.code.DNS_REFUSED');
    case 'DNS_PROTOCOL':
      return t('errors.code.DNS_PROTOCOL');
    case 'INTERNAL':
      return t('errors.code.INTERNAL');
  }
}

const SHOWN_NAMES = 10;

/** `web-1, web-2 and 3 more` from a details list of names (or of `{ name }` objects). */
function namesIn(t: Translate, value: JsonValue | undefined): string | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const names = value.flatMap((v) => {
    if (typeof v === 'string') return [v];
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && typeof v.name === 'string') return [v.name];
    return [];
  });
  if (names.length === 0) return null;
  const shown = names.slice(0, SHOWN_NAMES).join(', ');
  return names.length > SHOWN_NAMES ? t('errors.detail.andMore', { names: shown, count: names.length - SHOWN_NAMES }) : shown;
}

const text = (details: ErrorDetails, field: string): string | null => {
  const v = details[field];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
};

/** The sentence the details make for this code; null when the engine's message says it best. */
export function detailSentence(t: Translate, code: ErrorCode, details: ErrorDetails | null | undefined): string | null {
  if (!details) return null;
  switch (code) {
    case 'SSH_HOST_KEY_CHANGED': {
      const expected = hostKeyIn(details, 'expected');
      const offered = hostKeyIn(details, 'offered');
      const host = text(details, 'host');
      if (!expected || !offered || !host) return null;
      return t('errors.detail.SSH_HOST_KEY_CHANGED', {
        host,
        expected: `${expected.type} ${expected.fingerprint}`,
        offered: `${offered.type} ${offered.fingerprint}`,
      });
    }
    case 'SSH_HOST_KEY_UNKNOWN': {
      const offered = hostKeyIn(details, 'offered');
      const host = text(details, 'host');
      if (!offered || !host) return null;
      return t('errors.detail.SSH_HOST_KEY_UNKNOWN', { host, offered: `${offered.type} ${offered.fingerprint}` });
    }
    case 'WORKLOAD_HAS_CONTAINERS': {
      const names = namesIn(t, details.containers);
      return names ? t('errors.detail.WORKLOAD_HAS_CONTAINERS', { names }) : null;
    }
    case 'HOST_HAS_WORKLOADS': {
      const names = namesIn(t, details.workloads);
      return names ? t('errors.detail.HOST_HAS_WORKLOADS', { names }) : null;
    }
    case 'ALREADY_RUNNING': {
      const [pid, dataDir, lockFile] = [text(details, 'pid'), text(details, 'dataDir'), text(details, 'lockFile')];
      return pid && dataDir && lockFile ? t('errors.detail.ALREADY_RUNNING', { pid, dataDir, lockFile }) : null;
    }
    case 'DATABASE_FROM_NEWER_VERSION': {
      const [version, latest] = [text(details, 'version'), text(details, 'latest')];
      return version && latest ? t('errors.detail.DATABASE_FROM_NEWER_VERSION', { version, latest }) : null;
    }
    default:
      return null;
  }
}

/** An error as one sentence: the code's title, then the details' sentence or the engine's message. */
export function problemText(t: Translate, problem: Pick<ErrorInfo, 'code' | 'message' | 'details'>): string {
  const message = detailSentence(t, problem.code, problem.details) ?? problem.message;
  return t('errors.withCode', { label: errorCodeLabel(t, problem.code), message });
}

/** The same where the code travels as a plain string (a deploy record's): an unknown one shows the message alone. */
export function codedErrorText(t: Translate, error: { code: string; message: string; details?: ErrorDetails }): string {
  return isErrorCode(error.code) ? problemText(t, { code: error.code, message: error.message, details: error.details }) : error.message;
}

/**
 * Why a host is down or waiting, as one sentence. A reason without a code (the view of a host with
 * no connection yet) is shown as written.
 */
export function hostReasonText(t: Translate, host: Pick<HostView, 'reason' | 'reasonCode' | 'reasonDetails'>): string {
  if (host.reason === null) return '';
  return host.reasonCode ? problemText(t, { code: host.reasonCode, message: host.reason, details: host.reasonDetails ?? undefined }) : host.reason;
}

export function errorText(t: Translate, error: unknown): string {
  if (error instanceof CallError) {
    if (error.code === 'INTERNAL' && error.message === LOST_CONNECTION_MESSAGE) return t('errors.lostConnection');
    return problemText(t, error);
  }
  if (error instanceof Error) return t('errors.unexpected', { message: error.message });
  return t('errors.unknown');
}
