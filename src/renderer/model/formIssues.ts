// Validation problems attached to form fields by path (`stages.0.name`). They come from two places
// with the same wording: the contract's schema run in the renderer before sending, and the issues
// list of the engine's VALIDATION answer (CallError.issues).
import type { z } from 'zod';
import './zodJitless';
import { contract, type CallInput, type CallName } from '../../shared/contract';
import { CallError } from '../../shared/errors';
import type { EnvLineProblem } from './envLines';

export interface FormIssue {
  /** Dotted path of the field (`stages.0.port`); '' when it concerns the whole form. */
  path: string;
  /** The schema's or engine's English message; the UI translates the ones it knows. */
  message: string;
  /** Set for problems found by the renderer itself (env lines), translated from their fields. */
  env?: EnvLineProblem;
}

export function issuesFromZod(error: z.ZodError): FormIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    // A bad record key reports "Invalid key in record"; its inner issue says what is wrong.
    const inner = issue.code === 'invalid_key' ? issue.issues[0]?.message : undefined;
    return { path, message: inner ?? issue.message };
  });
}

/** Runs a call's input schema in the renderer, so most mistakes show before a round trip. */
export function validateCallInput<N extends CallName>(name: N, input: CallInput<N>): FormIssue[] {
  const result = contract.calls[name].input.safeParse(input);
  return result.success ? [] : issuesFromZod(result.error);
}

const isAt = (issue: FormIssue, path: string) => issue.path === path || issue.path.startsWith(`${path}.`);

/** The issues a field shows: its own path and anything below it (`stages.0.env.1X` for the env box). */
export function issuesAt(issues: readonly FormIssue[], path: string): FormIssue[] {
  return issues.filter((issue) => isAt(issue, path));
}

/** The issues no rendered field claims: they go to the form's summary so none is ever hidden. */
export function unclaimedIssues(issues: readonly FormIssue[], fieldPaths: readonly string[]): FormIssue[] {
  return issues.filter((issue) => !fieldPaths.some((path) => isAt(issue, path)));
}

const REQUIRED = /^(is required|Too small: expected string to have >=1 characters)$/;

/** An empty field fails every rule at once; "required" says all there is to say about it. */
export function collapseIssues(issues: readonly FormIssue[]): FormIssue[] {
  const required = new Set(issues.filter((issue) => REQUIRED.test(issue.message)).map((issue) => issue.path));
  return issues.filter((issue) => !required.has(issue.path) || REQUIRED.test(issue.message));
}

/**
 * What a form shows after the engine refused a submit. A VALIDATION answer lists its issues by
 * field path, and they go on their fields; any other refusal, or a VALIDATION that lists none (an
 * older engine), is shown whole as the engine's message. A refusal of another code may name the
 * field it is about (a CONFLICT over a public name): that field is marked too, and the message,
 * which says who holds the name, stays shown whole.
 */
export function placeRefusal(failure: unknown): { issues: FormIssue[]; error: unknown } {
  if (!(failure instanceof CallError)) return { issues: [], error: failure };
  const issues = collapseIssues(failure.issues);
  if (failure.code !== 'VALIDATION') return { issues, error: failure };
  return issues.length > 0 ? { issues, error: null } : { issues: [], error: failure };
}
