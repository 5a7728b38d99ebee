// Translated names for the words of a deploy record: its kind, status, steps and step outcomes,
// and the sentence a failure's code and details make.
import type { DeployFailure, DeployKind, DeployStatus, DeployView, ImagePresence, RouteProxyState } from '../../../shared/types';
import type { Translate } from '../../i18n/labels';

export function deployKindLabel(t: Translate, kind: DeployKind): string {
  switch (kind) {
    case 'deploy':
      return t('project.kind.deploy');
    case 'rollback':
      return t('project.kind.rollback');
    case 'promote':
      return t('project.kind.promote');
  }
}

export function deployStatusLabel(t: Translate, status: DeployStatus): string {
  switch (status) {
    case 'running':
      return t('project.status.running');
    case 'succeeded':
      return t('project.status.succeeded');
    case 'failed':
      return t('project.status.failed');
  }
}

export const DEPLOY_STATUS_TONE: Record<DeployStatus, 'info' | 'ok' | 'danger'> = { running: 'info', succeeded: 'ok', failed: 'danger' };

/** Steps come from the engine as names; one it does not know yet is shown as written. */
export function deployStepLabel(t: Translate, step: string): string {
  switch (step) {
    case 'image':
      return t('project.step.image');
    case 'proxy':
      return t('project.step.proxy');
    case 'placeholder':
      return t('project.step.placeholder');
    case 'create':
      return t('project.step.create');
    case 'start':
      return t('project.step.start');
    case 'health':
      return t('project.step.health');
    case 'route':
      return t('project.step.route');
    case 'drain':
      return t('project.step.drain');
    case 'cleanup':
      return t('project.step.cleanup');
    default:
      return step;
  }
}

export function stepOutcomeLabel(t: Translate, status: DeployView['steps'][number]['status']): string {
  switch (status) {
    case 'done':
      return t('project.outcome.done');
    case 'failed':
      return t('project.outcome.failed');
    case 'undone':
      return t('project.outcome.undone');
  }
}

export function presenceLabel(t: Translate, presence: ImagePresence): string {
  switch (presence) {
    case 'present':
      return t('project.presence.present');
    case 'gone':
      return t('project.presence.gone');
    case 'unknown':
      return t('project.presence.unknown');
  }
}

export function routeStateLabel(t: Translate, state: RouteProxyState): string {
  switch (state) {
    case 'held':
      return t('project.routes.state.held');
    case 'differs':
      return t('project.routes.state.differs');
    case 'missing':
      return t('project.routes.state.missing');
    case 'unknown':
      return t('project.routes.state.unknown');
  }
}

/** What a pull's code says went wrong, as the end of a sentence; null for a code it does not know. */
function pullReason(t: Translate, code: string): string | null {
  switch (code) {
    case 'IMAGE_NOT_FOUND':
      return t('deployFailure.pull.notFound');
    case 'REGISTRY_UNREACHABLE':
      return t('deployFailure.pull.unreachable');
    case 'IMAGE_PULL_DENIED':
      return t('deployFailure.pull.denied');
    case 'REGISTRY_AUTH_FAILED':
      return t('deployFailure.pull.authFailed');
    case 'IMAGE_PULL_TIMEOUT':
      return t('deployFailure.pull.timeout');
    case 'IMAGE_PULL_FAILED':
      return t('deployFailure.pull.failed');
    default:
      return null;
  }
}

/** The failure in the reader's language, from its code and details; null when only the engine's text can say it. */
export function failureSentence(t: Translate, failure: DeployFailure, image: string): string | null {
  const d = failure.details ?? {};
  if (failure.code === 'DEPLOY_CONTAINER_EXITED') {
    return d.oomKilled ? t('deployFailure.oomKilled', { exitCode: d.exitCode }) : t('deployFailure.exited', { exitCode: d.exitCode });
  }
  const reason = pullReason(t, failure.code);
  if (reason === null) return null;
  return d.proxyImage !== undefined ? t('deployFailure.proxyImage', { image: d.proxyImage, reason }) : t('deployFailure.appImage', { image, reason });
}
