import { useSyncExternalStore } from 'react';

// A shared clock for relative times ("5 minutes ago"). It only re-renders the labels: it fetches
// nothing (data freshness comes from pushed events). One interval serves every subscriber and
// stops when the last one unmounts.
const TICK_MS = 30_000;
const subscribers = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(onChange: () => void): () => void {
  subscribers.add(onChange);
  if (timer === null) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const notify of subscribers) notify();
    }, TICK_MS);
  }
  return () => {
    subscribers.delete(onChange);
    if (subscribers.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
