// One sentence for an error shown to the user: a translated name for its code, then the engine's
// own message (which says what to do). The lost-connection error is the renderer's own, so it is
// translated in full.
import { CallError } from '../../shared/errors';
import type { ErrorCode } from '../../shared/errors';
import { LOST_CONNECTION_MESSAGE } from '../api/connectionStatus';
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
    case 'INTERNAL': return t('errors.code.INTERNAL');
  }
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
