// Translated names for the words of a deploy record: its kind, status, steps and step outcomes.
import type { DeployKind, DeployStatus, DeployView, ImagePresence, RouteProxyState } from '../../../shared/types';
import type { Translate } from '../../i18n/labels';

export function deployKindLabel(t: Translate, kind: DeployKind): string {
  switch (kind) {
    case 'deploy': return t('project.kind.deploy');
    case 'rollback': return t('project.kind.rollback');
    case 'promote': return t('project.kind.promote');
  }
}

export function deployStatusLabel(t: Translate, status: DeployStatus): string {
  switch (status) {
    case 'running': return t('project.status.running');
    case 'succeeded': return t('project.status.succeeded');
    case 'failed': return t('project.status.failed');
  }
}

export const DEPLOY_STATUS_TONE: Record<DeployStatus, 'info' | 'ok' | 'danger'> = { running: 'info', succeeded: 'ok', failed: 'danger' };

/** Steps come from the engine as names; one it does not know yet is shown as written. */
export function deployStepLabel(t: Translate, step: string): string {
  switch (step) {
    case 'image': return t('project.step.image');
    case 'placeholder': return t('project.step.placeholder');
    case 'create': return t('project.step.create');
    case 'start': return t('project.step.start');
    case 'health': return t('project.step.health');
    case 'route': return t('project.step.route');
    case 'drain': return t('project.step.drain');
    case 'cleanup': return t('project.step.cleanup');
    default: return step;
  }
}

export function stepOutcomeLabel(t: Translate, status: DeployView['steps'][number]['status']): string {
  switch (status) {
    case 'done': return t('project.outcome.done');
    case 'failed': return t('project.outcome.failed');
    case 'undone': return t('project.outcome.undone');
  }
}

export function presenceLabel(t: Translate, presence: ImagePresence): string {
  switch (presence) {
    case 'present': return t('project.presence.present');
    case 'gone': return t('project.presence.gone');
    case 'unknown': return t('project.presence.unknown');
  }
}

export function routeStateLabel(t: Translate, state: RouteProxyState): string {
  switch (state) {
    case 'held': return t('project.routes.state.held');
    case 'differs': return t('project.routes.state.differs');
    case 'missing': return t('project.routes.state.missing');
    case 'unknown': return t('project.routes.state.unknown');
  }
}
