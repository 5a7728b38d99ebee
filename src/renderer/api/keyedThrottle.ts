// Bursts of pushed events (a compose stack of 50 services starting) would otherwise cancel and
// restart the same refetch once per event and starve it. The first event of a burst acts at once;
// the rest of the window collapses into one trailing run, so the final state is always fetched.

export interface KeyedThrottle {
  run(key: string): void;
  cancel(): void;
}

export function keyedThrottle(
  action: (key: string) => void,
  windowMs: number,
  setTimer: (run: () => void, ms: number) => unknown = (run, ms) => setTimeout(run, ms),
  clearTimer: (handle: unknown) => void = (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
): KeyedThrottle {
  const windows = new Map<string, { timer: unknown; trailing: boolean }>();

  function open(key: string) {
    const entry = { timer: null as unknown, trailing: false };
    entry.timer = setTimer(() => {
      windows.delete(key);
      if (entry.trailing) {
        action(key);
        open(key);
      }
    }, windowMs);
    windows.set(key, entry);
  }

  return {
    run(key) {
      const entry = windows.get(key);
      if (entry) {
        entry.trailing = true;
        return;
      }
      action(key);
      open(key);
    },
    cancel() {
      for (const entry of windows.values()) clearTimer(entry.timer);
      windows.clear();
    },
  };
}
