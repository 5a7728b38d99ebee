// The typed client the renderer's query hooks use, whatever carries it. It is the shared `Client`
// with one addition: every call accepts an AbortSignal, so TanStack Query can cancel a fetch it no
// longer wants and a late answer never overwrites a newer one.
import { CALL_NAMES } from '../../shared/contract';
import type { CallInput, CallName, CallOutput, Client } from '../../shared/contract';

export interface CallOptions {
  signal?: AbortSignal;
}

export type RendererClient = {
  [N in CallName]: (input: CallInput<N>, options?: CallOptions) => Promise<CallOutput<N>>;
} & Pick<Client, 'on'>;

/** Sends one call by name; resolves to the unwrapped value or rejects with a CallError. */
export type Invoke = (name: CallName, input: unknown, options?: CallOptions) => Promise<unknown>;

/** Builds one named function per call in the contract, so no call is ever spelled by hand. */
export function buildClient(invoke: Invoke, on: Client['on']): RendererClient {
  const client: Record<string, unknown> = { on };
  for (const name of CALL_NAMES) {
    client[name] = (input: unknown, options?: CallOptions) => invoke(name, input ?? {}, options);
  }
  return client as RendererClient;
}

/** The error a cancelled call rejects with; TanStack Query ignores it for cancelled fetches. */
export function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The call was cancelled', 'AbortError');
}

/**
 * Settles with `promise` unless `signal` aborts first; an answer arriving after the abort is dropped.
 * Used where the carrier itself cannot cancel (Electron IPC).
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
