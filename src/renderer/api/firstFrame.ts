// When to draw the first frame. The page's first answers take the engine a while (5,000 rows of
// containers.list: 150-300 ms), and the main thread is idle meanwhile. The first render (React's
// first pass over the frame and the page, with the first Intl formatters the page builds) is one
// long task: made in that idle time it overlaps with the engine's work (on a free core), while
// made after the answers (as this file did before) it is added to the wait. So the frame renders as soon as the first calls are on the
// wire, and the page fills in when its answer arrives; its loading state stays invisible for a
// moment (panels.css), so a quick answer shows no flash.
//
// Not before the calls are sent: the WebSocket sends them from its `open` event, and a render that
// ran first would hold them back for its whole length. A socket that does not open soon (a slow or
// absent engine) must not hold the window blank: the wait is bounded, and after it the app renders
// with the connection banner.
import type { ConnectionSource } from './connectionStatus';

/**
 * Runs `run` once, in a task of its own, as soon as `connection` has left `connecting` (open, so
 * the waiting calls went out in the same event; or lost, or refused), or after `maxWaitMs`.
 */
export function afterCallsSent(
  connection: Pick<ConnectionSource, 'status' | 'onStatus'>,
  run: () => void,
  maxWaitMs: number,
  setTimer: (fn: () => void, ms: number) => unknown = setTimeout,
): void {
  let done = false;
  let unsubscribe = () => {};
  const once = () => {
    if (done) return;
    done = true;
    unsubscribe();
    run();
  };
  // The status listener runs inside the transport's open handler, before it sends the waiting
  // calls: a timer puts the render after them.
  const stop = connection.onStatus((status) => {
    if (status.state !== 'connecting') setTimer(once, 0);
  });
  unsubscribe = () => void stop();
  if (connection.status().state !== 'connecting') setTimer(once, 0);
  else setTimer(once, maxWaitMs);
}
