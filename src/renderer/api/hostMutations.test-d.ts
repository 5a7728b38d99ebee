// Type tests: checked by the typecheck `npm test` runs (tsc), not executed by vitest.
import { describe, expectTypeOf, it } from 'vitest';
import type { CallInput } from '../../shared/contract';
import type { HostTestResult, HostView } from '../../shared/types';
import type { SecretCallOutcome, SecretCallState } from './hostMutations';

describe('secret calls', () => {
  it("take exactly their call's input and answer with its output", () => {
    expectTypeOf<SecretCallState<'hosts.add'>['run']>().parameter(0).toEqualTypeOf<CallInput<'hosts.add'>>();
    expectTypeOf<SecretCallState<'hosts.unlock'>['run']>().returns.resolves.toEqualTypeOf<SecretCallOutcome<HostView>>();
    expectTypeOf<SecretCallState<'hosts.test'>['data']>().toEqualTypeOf<HostTestResult | undefined>();
  });
});
