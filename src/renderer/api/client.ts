// The typed client the renderer's query hooks use, whatever carries it. It is the shared `Client`
// with one addition: every call accepts an AbortSignal, so TanStack Query can cancel a fetch it no
// longer wants and a late answer never overwrites a newer one.
import type { CallInput, CallName, CallOutput, Client } from '../../shared/contract';

export interface CallOptions {
  signal?: AbortSignal;
}

/** The calls alone: indexed by a generic name `N`, the compiler sees the one signature of call N. */
export type RendererCalls = {
  [N in CallName]: (input: CallInput<N>, options?: CallOptions) => Promise<CallOutput<N>>;
};

export type RendererClient = RendererCalls & Pick<Client, 'on'>;

/** Sends one call by name; resolves to the unwrapped value or rejects with a CallError. */
export type Invoke = (name: CallName, input: unknown, options?: CallOptions) => Promise<unknown>;

/**
 * The typed client: any call name the contract lists becomes a function, so no call is spelled by
 * hand. A Proxy rather than a loop over the contract's names keeps the schema library (which the
 * names live beside) out of the first bundle; the compiler still allows only listed names, and the
 * engine refuses any other with UNKNOWN_CALL.
 */
export function buildClient(invoke: Invoke, on: Client['on']): RendererClient {
  const cache = new Map<string, unknown>();
  return new Proxy(
    { on },
    {
      get(target, name) {
        if (typeof name !== 'string') return undefined;
        if (name === 'on') return target.on;
        // Promise-like checks (`then`) must not look like calls.
        if (!name.includes('.')) return undefined;
        let fn = cache.get(name);
        if (!fn) {
          fn = (input: unknown, options?: CallOptions) => invoke(name as CallName, input ?? {}, options);
          cache.set(name, fn);
        }
        return fn;
      },
    },
  ) as RendererClient;
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
