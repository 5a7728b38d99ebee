// A compose problem in the user's language, from its stable code and params (never from its
// English message, which is shown only for a code this renderer does not know yet, or for the
// schema's rare catch-all). The place ("line N") is shown beside it, not in it.
import type { ComposeProblem } from '../../../shared/contract/stacks';
import type { Translate } from '../../i18n/labels';

const list = (value: string) => value.split(',').filter(Boolean).join(', ');

/** The problem's own sentence, without its host-access hint. */
function baseText(t: Translate, problem: Pick<ComposeProblem, 'code' | 'path' | 'params' | 'message'>): string {
  const param = (name: string) => (problem.params[name] === undefined ? '' : String(problem.params[name]));
  const path = problem.path || t('stack.problem.wholeFile');
  switch (problem.code) {
    case 'yaml':
      return t('stack.problem.yaml', { detail: param('detail') || problem.message });
    case 'duplicate-key':
      return t('stack.problem.duplicateKey', { key: param('key') || path });
    case 'empty-file':
      return t('stack.problem.emptyFile');
    case 'not-a-mapping':
      return t('stack.problem.notAMapping');
    case 'unknown-alias':
      return t('stack.problem.unknownAlias', { alias: param('alias') });
    case 'too-many-aliases':
      return t('stack.problem.tooManyAliases');
    case 'complex-key':
      return t('stack.problem.complexKey');
    case 'unknown-key':
      return param('suggestion') ? t('stack.problem.unknownKeySuggest', { path, suggestion: param('suggestion') }) : t('stack.problem.unknownKey', { path });
    case 'invalid-name':
      return t('stack.problem.invalidName', { key: param('key') || path });
    case 'wrong-type':
      return t('stack.problem.wrongType', { path, expected: list(param('expected')) });
    case 'missing-key':
      return t('stack.problem.missingKey', { path, key: param('key') });
    case 'not-allowed-value':
      return t('stack.problem.notAllowedValue', { path, allowed: list(param('allowed')) });
    case 'duplicate-item':
      return t('stack.problem.duplicateItem', { path });
    case 'out-of-range':
      return t('stack.problem.outOfRange', { path, limit: param('limit') });
    case 'bad-format':
      return t('stack.problem.badFormat', { path, pattern: param('pattern') });
    case 'restart-policy':
      return t('stack.problem.restartPolicy', { value: param('value') });
    case 'no-services':
      return t('stack.problem.noServices');
    case 'bad-interpolation':
      return t('stack.problem.badInterpolation', { path });
    case 'app-label':
      return t('stack.problem.appLabel', { label: param('label') });
    case 'privileged':
      return t('stack.problem.privileged', { path });
    case 'namespace-host':
      return t('stack.problem.namespaceHost', { path, option: param('option') });
    case 'capability':
      return t('stack.problem.capability', { path, capability: param('capability') });
    case 'device':
      return t('stack.problem.device', { path, device: param('device') });
    case 'security-opt':
      return t('stack.problem.securityOpt', { path, option: param('option') });
    case 'bind-root':
      return t('stack.problem.bindRoot', { path, source: param('source') });
    case 'bind-socket':
      return t('stack.problem.bindSocket', { path, source: param('source') });
    case 'bind-outside-folder':
      return t('stack.problem.bindOutsideFolder', { path, source: param('source') });
    case 'bind-unknown':
      return t('stack.problem.bindUnknown', { path });
    case 'api-socket':
      return t('stack.problem.apiSocket', { path });
    case 'outside-file':
      return t('stack.problem.outsideFile', { path, file: param('file') });
    case 'schema-other':
    default:
      return problem.message;
  }
}

export function composeProblemText(t: Translate, problem: Pick<ComposeProblem, 'kind' | 'code' | 'path' | 'params' | 'message'>): string {
  // An option whose value hangs on a variable .env does not set: the app cannot tell what it does.
  if (problem.kind === 'host-access' && typeof problem.params.variables === 'string' && problem.params.variables !== '') {
    return t('stack.problem.unknownVariables', { path: problem.path, variables: list(problem.params.variables) });
  }
  const text = baseText(t, problem);
  return problem.kind === 'host-access' ? t('stack.problem.withHostAccessHint', { text }) : text;
}
