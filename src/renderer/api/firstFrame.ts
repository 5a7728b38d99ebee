// When to draw the first frame. The first render is one long task, and so is the render that
// follows the first page's data. A first render made before the data arrives shows a loading state
// for a few dozen milliseconds and, worse, holds the main thread while the answer waits to be
// read. So the first frame waits for the first page's answers (initialCalls.ts) and renders once,
// with them. A slow or absent engine must not hold the window blank: the wait is bounded, and after
// it the app renders with whatever it has (loading states, or the connection banner).

/** Runs `run` once every promise has settled, or after `maxWaitMs`, whichever comes first. */
export function afterInitialAnswers(
  answers: Iterable<Promise<unknown>>,
  run: () => void,
  maxWaitMs: number,
  setTimer: (fn: () => void, ms: number) => unknown = setTimeout,
): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    run();
  };
  const all = [...answers];
  if (all.length === 0) return once();
  setTimer(once, maxWaitMs);
  // A failed call is no reason to wait longer: the page shows its error.
  void Promise.allSettled(all).then(once);
}
