// A stack's files checked as one (the compose file interpolated with its `.env`), and the check as
// a refusal: COMPOSE_INVALID with every problem (line, column, path, code, params, message) in its
// details, for the page to show each at its line. Nothing is saved or run after it.
import { AppError } from '../../../shared/errors';
import type { ComposeCheck } from '../../../shared/contract/stacks';
import { parseEnvFile } from './envFile';
import { validateCompose } from './validateCompose';

export interface StackFileSet {
  composeFile: string;
  envFile: string;
  allowHostAccess: boolean;
}

export function checkStackFiles(files: StackFileSet): ComposeCheck {
  return validateCompose(files.composeFile, { allowHostAccess: files.allowHostAccess, env: parseEnvFile(files.envFile) });
}

export function assertComposeValid(files: StackFileSet): ComposeCheck {
  const check = checkStackFiles(files);
  if (check.ok) return check;
  const first = check.problems[0]!;
  const more = check.problems.length > 1 ? ` (and ${check.problems.length - 1} more)` : '';
  throw new AppError('COMPOSE_INVALID', `the compose file does not pass its checks: line ${first.line}: ${first.message}${more}. Nothing was saved or run.`, {
    problems: check.problems.map((p) => ({ ...p, params: { ...p.params } })),
  });
}
