// The handler map that both shells serve. Each handler receives its input already validated and
// defaulted by the contract's schema; the shells never call a handler directly, only dispatchCall.
import { contract, describeIssues, isCallName, toIssues } from '../../../shared/contract';
import type { CallName, CallOutput, ParsedInput } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { Envelope, ErrorInfo } from '../../../shared/errors';
import type { CallContext } from './callContext';

export type { CallContext } from './callContext';

/**
 * The context is optional for the handler's callers (tests call most handlers directly), and
 * dispatchCall, the only way the shells reach a handler, always passes it. A handler that needs it
 * refuses to run without it (see requireCaller).
 */
export type Handlers = {
  [N in CallName]: (input: ParsedInput<N>, ctx?: CallContext) => Promise<CallOutput<N>> | CallOutput<N>;
};

/** The caller of a call that ties something to its connection; INTERNAL when a caller forgot it. */
export function requireCaller(ctx: CallContext | undefined): CallContext {
  if (!ctx || typeof ctx.connectionId !== 'string' || ctx.connectionId === '') {
    throw new AppError('INTERNAL', 'this call needs to know which connection made it, and none was given.');
  }
  return ctx;
}

/**
 * Validates the call name and its input against the contract, runs the handler and wraps the
 * outcome in an envelope. Nothing reaches a handler unvalidated; nothing but an envelope leaves.
 */
export async function dispatchCall(handlers: Handlers, name: unknown, rawInput: unknown, ctx: CallContext): Promise<Envelope<unknown>> {
  if (!isCallName(name)) {
    return {
      ok: false,
      error: {
        code: 'UNKNOWN_CALL',
        message: `there is no call named ${JSON.stringify(String(name)).slice(0, 80)}`,
        details: { call: String(name).slice(0, 80) },
      },
    };
  }
  const parsed = contract.calls[name].input.safeParse(rawInput === undefined ? {} : rawInput);
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'VALIDATION', message: `Invalid input for ${name}: ${describeIssues(parsed.error)}`, issues: toIssues(parsed.error) },
    };
  }
  try {
    const handler = handlers[name] as (input: unknown, ctx: CallContext) => unknown;
    const value = await handler(parsed.data, ctx);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}

export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof AppError) return error.toInfo();
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `Internal error: ${message}` };
}
