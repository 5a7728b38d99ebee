// When to draw the first frame. The first render is one long task; a WebSocket that opens during it
// cannot send the calls waiting for it (initialCalls.ts) until the task ends. Rendering once the
// socket is open lets the engine answer them while React renders. A loopback handshake takes
// milliseconds; a slow or absent engine must not hold the window blank, so the wait is bounded.
import type { ConnectionSource } from './connectionStatus';

export function afterFirstOpen(
  connection: Pick<ConnectionSource, 'status' | 'onStatus'>,
  run: () => void,
  maxWaitMs: number,
  setTimer: (fn: () => void, ms: number) => unknown = setTimeout,
): void {
  let done = false;
  let stop: () => void = () => undefined;
  const once = () => {
    if (done) return;
    done = true;
    stop();
    run();
  };
  // Electron's IPC is open from the start; any state but `connecting` is as good as it gets.
  if (connection.status().state !== 'connecting') return once();
  stop = connection.onStatus((status) => {
    if (status.state !== 'connecting') once();
  });
  setTimer(once, maxWaitMs);
}
