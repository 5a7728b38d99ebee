// The compose project name of a stack. Compose itself refuses anything but lower-case letters,
// digits, dashes and underscores, starting with a letter or digit (it names containers, networks
// and volumes after it); the app checks first so the user hears it when naming the stack, not at
// the first deploy.
import { AppError } from '../../../shared/errors';

const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;
/** The same bound as the contract's slug: the name prefixes every container name compose makes. */
const MAX_LENGTH = 63;

/** The name, unchanged, when compose accepts it; else a VALIDATION error on `composeProjectName`. */
export function validateProjectName(name: string): string {
  const problem =
    name === ''
      ? 'is required'
      : name.length > MAX_LENGTH
        ? `must be at most ${MAX_LENGTH} characters`
        : PROJECT_NAME.test(name)
          ? undefined
          : 'must be lower-case letters, digits, dashes or underscores, starting with a letter or digit';
  if (problem === undefined) return name;
  throw new AppError('VALIDATION', `The compose project name ${JSON.stringify(name)} ${problem}.`, { name }, [
    { path: 'composeProjectName', message: problem },
  ]);
}
