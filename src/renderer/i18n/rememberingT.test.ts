import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { rememberingT } from './rememberingT';

/** A stand-in `t` that counts its calls; the real one is i18next's (i18n.test.ts covers it). */
function countingT() {
  const calls: string[] = [];
  const t = ((key: string, options?: { name?: string }) => {
    calls.push(key);
    return options?.name ? `${key}:${options.name}` : key;
  }) as unknown as TFunction;
  return { t, calls };
}

describe('rememberingT', () => {
  it('asks once per key and values, and tells different values apart', () => {
    const { t, calls } = countingT();
    const remembered = rememberingT(t);
    expect(remembered('containers.logs')).toBe('containers.logs');
    expect(remembered('containers.logs')).toBe('containers.logs');
    expect(remembered('containers.logsFor', { name: 'api' })).toBe('containers.logsFor:api');
    expect(remembered('containers.logsFor', { name: 'web' })).toBe('containers.logsFor:web');
    expect(remembered('containers.logsFor', { name: 'api' })).toBe('containers.logsFor:api');
    expect(calls).toEqual(['containers.logs', 'containers.logsFor', 'containers.logsFor']);
  });

  it('starts over past its limit instead of growing without end', () => {
    const { t, calls } = countingT();
    const remembered = rememberingT(t);
    for (let i = 0; i <= 2_000; i += 1) remembered('containers.logsFor', { name: `c${i}` });
    remembered('containers.logsFor', { name: 'c0' });
    expect(calls).toHaveLength(2_002);
  });
});
