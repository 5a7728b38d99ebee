// The edge of a pull: asks dockerd to pull an image, folds its event stream with pullProgress.ts,
// reports progress a few times a second (a fast pull sends hundreds of lines; the UI needs no more
// than it can draw), turns failures into PullErrors and cancels a pull that hangs.
import type Dockerode from 'dockerode';
import type { PullProgress } from '../../../shared/types';
import { describePullFailure, pullTimedOut } from './pullError';
import { EMPTY_PULL, applyPullEvent, pullFailure, summarize } from './pullProgress';
import type { PullEvent, PullState } from './pullProgress';

/** What a pull carries: the registry (for its error message) and the encoded header. */
export interface PullAuth {
  registry: string;
  header: string;
}

export interface PullOptions {
  /** Told the progress: the first change at once, then at most once per progressEveryMs, and the end. */
  onProgress?: (progress: PullProgress) => void;
  progressEveryMs?: number;
  /**
   * Cancels the pull when dockerd says nothing for this long. A registry that accepts connections
   * but never answers keeps dockerd waiting without end (its HTTP client has no response timeout).
   */
  stallMs?: number;
  /** Cancels the pull when it has not finished in this time, progress or not. */
  timeoutMs?: number;
  /**
   * The credentials saved for the image's registry, sent as X-Registry-Auth with this one request
   * (nothing is written on the Docker host); null or absent pulls anonymously.
   */
  auth?: PullAuth | null;
  /** Ends the pull (its request cancelled) when it aborts: the host's scope is closing. */
  signal?: AbortSignal;
}

export const PULL_DEFAULTS = { progressEveryMs: 250, stallMs: 60_000, timeoutMs: 10 * 60_000 };

export async function pullImage(docker: Dockerode, image: string, options: PullOptions = {}): Promise<void> {
  const { progressEveryMs, stallMs, timeoutMs } = { ...PULL_DEFAULTS, ...options };
  const attempt = { withCredentials: Boolean(options.auth) };
  const abort = new AbortController();
  let stopped: Error | null = null;
  const stop = (error: Error) => {
    stopped ??= error;
    abort.abort();
  };
  const interrupted = () => stop(new Error(`the pull of ${image} was interrupted: Tinyforge is closing the host's work`));
  options.signal?.addEventListener('abort', interrupted, { once: true });
  if (options.signal?.aborted) interrupted();
  const total = setTimeout(() => stop(pullTimedOut(image, 'total', timeoutMs)), timeoutMs);
  let stall = setTimeout(() => stop(pullTimedOut(image, 'stall', stallMs)), stallMs);
  const alive = () => {
    clearTimeout(stall);
    stall = setTimeout(() => stop(pullTimedOut(image, 'stall', stallMs)), stallMs);
  };

  let state: PullState = EMPTY_PULL;
  let reported: PullState = EMPTY_PULL;
  let lastReport = 0;
  let trailing: NodeJS.Timeout | null = null;
  const report = () => {
    trailing = null;
    if (state === reported) return;
    reported = state;
    lastReport = Date.now();
    options.onProgress?.(summarize(state));
  };
  const changed = () => {
    const wait = lastReport + progressEveryMs - Date.now();
    if (wait <= 0) report();
    else trailing ??= setTimeout(report, wait);
  };

  try {
    let stream: NodeJS.ReadableStream;
    try {
      // docker-modem sends `authconfig.key` as the header verbatim: our encoding, not its own.
      const auth = options.auth ? { authconfig: { key: options.auth.header } } : {};
      stream = await docker.pull(image, { abortSignal: abort.signal, ...auth });
    } catch (error) {
      // dockerd answers with an HTTP error when the pull fails before its first line of progress.
      throw stopped ?? describePullFailure(image, dockerSaid(error), attempt);
    }
    alive();
    const failure = await new Promise<string | null>((resolve, reject) => {
      let failed: string | null = null;
      docker.modem.followProgress(
        stream,
        (error: Error | null) => (error ? reject(error) : resolve(failed)),
        (event: PullEvent) => {
          alive();
          failed ??= pullFailure(event);
          const next = applyPullEvent(state, event);
          if (next !== state) {
            state = next;
            changed();
          }
        },
      );
    }).catch((error: unknown) => {
      throw stopped ?? describePullFailure(image, dockerSaid(error), attempt);
    });
    // An aborted stream may end quietly: the bound that cancelled it is the story.
    // TypeScript still narrows `stopped` to its initial null here: it cannot see the callbacks above assign it.
    if (stopped) throw stopped as Error;
    if (failure !== null) throw describePullFailure(image, failure, attempt);
    report();
  } finally {
    options.signal?.removeEventListener('abort', interrupted);
    clearTimeout(total);
    clearTimeout(stall);
    if (trailing) clearTimeout(trailing);
  }
}

/**
 * Docker's own words from a docker-modem error. For a streamed call (a pull) the modem reads the
 * cause from the body and only puts it in the message: "(HTTP code 500) server error - <words> ".
 */
function dockerSaid(error: unknown): string {
  const json = (error as { json?: { message?: unknown } | null }).json;
  if (json && typeof json.message === 'string') return json.message;
  const message = error instanceof Error ? error.message : String(error);
  return /^\(HTTP code \d+\) [^-]*- ([\s\S]*?)\s*$/.exec(message)?.[1] ?? message;
}
