import { describe, expect, it } from 'vitest';
import { BadSignatureThrottle } from './badSignatureThrottle';

describe('BadSignatureThrottle', () => {
  it('lets 20 bad signatures a minute through to be checked, and blocks the address from the 20th on', () => {
    const t = new BadSignatureThrottle();
    for (let i = 0; i < 19; i += 1) {
      expect(t.blocked('10.0.0.1', 1_000 + i)).toBe(false);
      expect(t.recordBad('10.0.0.1', 1_000 + i).crossed).toBe(false);
    }
    expect(t.blocked('10.0.0.1', 1_019)).toBe(false);
    expect(t.recordBad('10.0.0.1', 1_019)).toEqual({ count: 20, crossed: true });
    expect(t.blocked('10.0.0.1', 1_020)).toBe(true);
  });

  it('never blocks another address', () => {
    const t = new BadSignatureThrottle();
    for (let i = 0; i < 100; i += 1) t.recordBad('10.0.0.1', i);
    expect(t.blocked('10.0.0.1', 100)).toBe(true);
    expect(t.blocked('10.0.0.2', 100)).toBe(false);
  });

  it('unblocks once the oldest bad signatures leave the one-minute window', () => {
    const t = new BadSignatureThrottle();
    for (let i = 0; i < 20; i += 1) t.recordBad('a', i * 1_000);
    expect(t.blocked('a', 59_999)).toBe(true);
    // At 60 s the first (t=0) has left: 19 remain in the window.
    expect(t.blocked('a', 60_000)).toBe(false);
  });

  it('reports the crossing once, not on every bad signature after it', () => {
    const t = new BadSignatureThrottle();
    const crossings = Array.from({ length: 50 }, (_, i) => t.recordBad('a', i).crossed).filter(Boolean);
    expect(crossings).toHaveLength(1);
  });

  it('forgets the oldest addresses beyond its bound, so a flood from many addresses cannot grow it', () => {
    const t = new BadSignatureThrottle({ limit: 20, windowMs: 60_000, maxAddresses: 100 });
    for (let i = 0; i < 1_000; i += 1) t.recordBad(`10.0.${i >> 8}.${i & 255}`, i);
    expect(t.size()).toBe(100);
  });
});
