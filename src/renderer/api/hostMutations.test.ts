import { describe, expect, it } from 'vitest';
import { localHost, sshHost } from '../testing/fixtures';
import { upsertHost } from './hostMutations';

describe('upsertHost', () => {
  it('replaces the host with the same id, keeping the order', () => {
    const before = [localHost(), sshHost({ state: 'down' })];
    const after = upsertHost(before, sshHost({ state: 'up' }));
    expect(after?.map((h) => [h.id, h.state])).toEqual([
      ['local', 'up'],
      ['h-prod', 'up'],
    ]);
  });

  it('appends a new host, and leaves an uncached list uncached', () => {
    expect(upsertHost([localHost()], sshHost())).toHaveLength(2);
    expect(upsertHost(undefined, sshHost())).toBeUndefined();
  });
});
