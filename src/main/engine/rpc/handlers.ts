// The handler map that both shells serve. Each handler receives its input already validated and
// defaulted by the contract's schema; the shells never call a handler directly, only dispatchCall.
import { contract, describeIssues, isCallName, toIssues } from '../../../shared/contract';
import type { CallName, CallOutput, ParsedInput } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { Envelope, ValidationIssue } from '../../../shared/errors';

export type Handlers = {
  [N in CallName]: (input: ParsedInput<N>) => Promise<CallOutput<N>> | CallOutput<N>;
};

/**
 * Validates the call name and its input against the contract, runs the handler and wraps the
 * outcome in an envelope. Nothing reaches a handler unvalidated; nothing but an envelope leaves.
 */
export async function dispatchCall(
  handlers: Handlers,
  name: unknown,
  rawInput: unknown,
): Promise<Envelope<unknown>> {
  if (!isCallName(name)) {
    return { ok: false, error: { code: 'UNKNOWN_CALL', message: `UNKNOWN_CALL: there is no call named ${JSON.stringify(String(name)).slice(0, 80)}` } };
  }
  const parsed = contract.calls[name].input.safeParse(rawInput === undefined ? {} : rawInput);
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'VALIDATION', message: `Invalid input for ${name}: ${describeIssues(parsed.error)}`, issues: toIssues(parsed.error) },
    };
  }
  try {
    const handler = handlers[name] as (input: unknown) => unknown;
    const value = await handler(parsed.data);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}

export function toErrorInfo(error: unknown): { code: AppError['code']; message: string; issues?: ValidationIssue[] } {
  if (error instanceof AppError) return error.issues ? { code: error.code, message: error.message, issues: error.issues } : { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `Internal error: ${message}` };
}
