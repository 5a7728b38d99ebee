// Translated words of a stack page: what an operation was, and what kind of problem a check found.
import type { ComposeProblem } from '../../../shared/contract/stacks';
import type { StackOperationView, StackRouteView } from '../../../shared/types';
import type { Translate } from '../../i18n/labels';

/** What an operation did, with the service or version it was about. */
export function operationLabel(t: Translate, operation: Pick<StackOperationView, 'kind' | 'service' | 'targetVersion' | 'options'>): string {
  switch (operation.kind) {
    case 'deploy':
      return operation.options.pull ? t('stack.op.deployPull') : t('stack.op.deploy');
    case 'update':
      return t('stack.op.update');
    case 'pull':
      return t('stack.op.pull');
    case 'stop':
      return t('stack.op.stop');
    case 'start':
      return t('stack.op.start');
    case 'restart':
      return t('stack.op.restart');
    case 'restart-service':
      return t('stack.op.restartService', { service: operation.service ?? '' });
    case 'down':
      return operation.options.removeVolumes ? t('stack.op.downVolumes') : t('stack.op.down');
    case 'rollback':
      return operation.targetVersion === null ? t('stack.op.rollback') : t('stack.op.rollbackTo', { version: operation.targetVersion });
  }
}

export function problemKindLabel(t: Translate, kind: ComposeProblem['kind']): string {
  switch (kind) {
    case 'syntax':
      return t('stack.problemKind.syntax');
    case 'schema':
      return t('stack.problemKind.schema');
    case 'refused':
      return t('stack.problemKind.refused');
    case 'host-access':
      return t('stack.problemKind.hostAccess');
  }
}

/** An image id as people read it: the first 12 hex digits, without `sha256:`. */
export function shortImageId(imageId: string): string {
  return imageId.replace(/^sha256:/, '').slice(0, 12);
}

/** What a published service's route does now, in a word or two. */
export function routeStateName(t: Translate, state: StackRouteView['state']): string {
  switch (state) {
    case 'routed':
      return t('stack.routes.stateName.routed');
    case 'pending':
      return t('stack.routes.stateName.pending');
    case 'waiting':
      return t('stack.routes.stateName.waiting');
    case 'unreachable':
      return t('stack.routes.stateName.unreachable');
    case 'no-proxy':
      return t('stack.routes.stateName.no-proxy');
    case 'proxy-down':
      return t('stack.routes.stateName.proxy-down');
  }
}

/** The same, in a sentence: why, and what to do. */
export function routeStateHint(t: Translate, state: StackRouteView['state']): string {
  switch (state) {
    case 'routed':
      return t('stack.routes.stateHint.routed');
    case 'pending':
      return t('stack.routes.stateHint.pending');
    case 'waiting':
      return t('stack.routes.stateHint.waiting');
    case 'unreachable':
      return t('stack.routes.stateHint.unreachable');
    case 'no-proxy':
      return t('stack.routes.stateHint.no-proxy');
    case 'proxy-down':
      return t('stack.routes.stateHint.proxy-down');
  }
}
