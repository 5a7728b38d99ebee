import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { validateProjectName } from './composeProject';

function refusal(name: string): AppError {
  try {
    validateProjectName(name);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`"${name}" was accepted`);
}

describe('validateProjectName', () => {
  it.each(['web', 'my-stack', 'my_stack', '2048', '0-a_b', 'a'.repeat(63)])('accepts %j as compose does', (name) => {
    expect(validateProjectName(name)).toBe(name);
  });

  it.each([
    ['', 'is required'],
    ['My-Stack', 'must be lower-case'],
    ['-stack', 'starting with a letter or digit'],
    ['_stack', 'starting with a letter or digit'],
    ['my stack', 'must be lower-case'],
    ['my.stack', 'must be lower-case'],
    [' web', 'must be lower-case'],
    ['web\n', 'must be lower-case'],
    ['stäck', 'must be lower-case'],
    ['../etc', 'must be lower-case'],
    ['a'.repeat(64), 'must be at most 63 characters'],
  ])('refuses %j with a VALIDATION error on the field', (name, words) => {
    const error = refusal(name);
    expect(error.code).toBe('VALIDATION');
    expect(error.issues).toEqual([{ path: 'composeProjectName', message: expect.stringContaining(words) }]);
    expect(error.message).not.toMatch(/^VALIDATION/);
    expect(error.details).toEqual({ name });
  });
});
