import { describe, expect, expectTypeOf, it } from 'vitest';
import type { CallInput } from '../../shared/contract';
import type { HostTestResult, HostView } from '../../shared/types';
import { localHost, sshHost } from '../testing/fixtures';
import { upsertHost } from './hostMutations';
import type { SecretCallOutcome, SecretCallState } from './hostMutations';

describe('secret calls', () => {
  it('take exactly their call\'s input and answer with its output', () => {
    expectTypeOf<SecretCallState<'hosts.add'>['run']>().parameter(0).toEqualTypeOf<CallInput<'hosts.add'>>();
    expectTypeOf<SecretCallState<'hosts.unlock'>['run']>().returns.resolves.toEqualTypeOf<SecretCallOutcome<HostView>>();
    expectTypeOf<SecretCallState<'hosts.test'>['data']>().toEqualTypeOf<HostTestResult | undefined>();
  });
});

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
