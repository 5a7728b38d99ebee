// Refuses an address that sent too many bad signatures lately (a key-guessing or flooding client),
// without touching anyone else: the count is per address, so a valid sender elsewhere is never
// slowed by someone else's flood. A sliding window of timestamps per address, bounded both in
// entries per address (the limit) and in addresses (the oldest is forgotten first), so a flood from
// many addresses cannot grow memory without bound. Pure apart from the clock it is given.

export interface ThrottleOptions {
  /** Bad signatures allowed per window; the next one, and everything after it in the window, is refused. */
  limit: number;
  windowMs: number;
  /** Addresses remembered at most. */
  maxAddresses: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = { limit: 20, windowMs: 60_000, maxAddresses: 10_000 };

export class BadSignatureThrottle {
  /** Insertion order is recency order: an address touched again is moved to the end. */
  private readonly seen = new Map<string, number[]>();

  constructor(private readonly options: ThrottleOptions = DEFAULT_THROTTLE) {}

  /** True when the address is over the limit now: answer 429 without reading its body. */
  blocked(address: string, now: number): boolean {
    const times = this.seen.get(address);
    if (!times) return false;
    this.expire(times, now);
    if (times.length === 0) {
      this.seen.delete(address);
      return false;
    }
    return times.length >= this.options.limit;
  }

  /**
   * Counts a bad signature; returns the count in the window, and whether this one crossed the
   * limit (true exactly once per crossing, for a single notification rather than one per request).
   */
  recordBad(address: string, now: number): { count: number; crossed: boolean } {
    let times = this.seen.get(address);
    if (times) this.seen.delete(address);
    else times = [];
    this.expire(times, now);
    const before = times.length;
    times.push(now);
    // Only the newest `limit` matter for the decision; older ones would only grow the array.
    if (times.length > this.options.limit) times.shift();
    this.seen.set(address, times);
    while (this.seen.size > this.options.maxAddresses) {
      const oldest = this.seen.keys().next().value as string;
      this.seen.delete(oldest);
    }
    return { count: times.length, crossed: before === this.options.limit - 1 };
  }

  /** Addresses remembered now (tests check the bound). */
  size(): number {
    return this.seen.size;
  }

  private expire(times: number[], now: number): void {
    while (times.length > 0 && times[0]! <= now - this.options.windowMs) times.shift();
  }
}
