// The answers the first screen needs, asked for as soon as the engine connection exists instead of
// when React first renders the components that read them. The Containers page waits for
// containers.list (megabytes for thousands of rows): started here, its round trip overlaps with
// evaluating React and the first render rather than following them. app.tsx hands these promises
// to the query cache, so the hooks find them in flight and ask nothing twice.
import type { CallName } from '../../shared/contract';
import type { RendererCalls } from './client';
import { queryKeys } from './queryKeys';

/** What the app frame reads on every page (sidebar counters, host list, version, language). */
const FRAME_CALLS = [queryKeys.hosts[0], queryKeys.health[0], queryKeys.appInfo[0], queryKeys.settings[0]] as const;

/** Calls a page needs before it can show anything, by the first segment of its hash route. */
const PAGE_CALLS: Record<string, readonly CallName[]> = {
  containers: [queryKeys.containers[0]],
};

type InitialCall = (typeof FRAME_CALLS)[number] | (typeof queryKeys.containers)[0];

/** The first path segment of a hash route: `#/containers?kind=project` -> `containers`. */
export function routeSection(hash: string): string {
  return /^#\/([^/?#]*)/.exec(hash)?.[1] ?? '';
}

/** The calls to start for a page opened at `hash`, the page's own first (the heaviest, usually). */
export function initialCallNames(hash: string): InitialCall[] {
  return [...((PAGE_CALLS[routeSection(hash)] ?? []) as InitialCall[]), ...FRAME_CALLS];
}

export type InitialCalls = ReadonlyMap<InitialCall, Promise<unknown>>;

/** Starts them; each promise settles like the call (a failure is left for the query to retry). */
export function startInitialCalls(calls: RendererCalls, hash: string): InitialCalls {
  const started = new Map<InitialCall, Promise<unknown>>();
  for (const name of initialCallNames(hash)) {
    const promise = calls[name]({});
    // Nobody may be listening yet; an unhandled rejection would be reported as a crash.
    promise.catch(() => undefined);
    started.set(name, promise);
  }
  return started;
}
