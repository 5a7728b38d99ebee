// A compose file's checks as a refusal: COMPOSE_INVALID with every problem (line, column, path,
// message) in its details, for the page to show each at its line. Nothing is saved or run after it.
import { AppError } from '../../../shared/errors';
import type { ComposeCheck } from '../../../shared/contract/stacks';
import { validateCompose } from './validateCompose';

export function assertComposeValid(text: string, options: { allowHostAccess: boolean }): ComposeCheck {
  const check = validateCompose(text, options);
  if (check.ok) return check;
  const first = check.problems[0]!;
  const more = check.problems.length > 1 ? ` (and ${check.problems.length - 1} more)` : '';
  throw new AppError('COMPOSE_INVALID', `the compose file does not pass its checks: line ${first.line}: ${first.message}${more}. Nothing was saved or run.`, {
    problems: check.problems.map((p) => ({ kind: p.kind, line: p.line, column: p.column, path: p.path, message: p.message })),
  });
}
