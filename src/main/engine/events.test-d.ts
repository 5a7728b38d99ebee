// Type tests: checked by the typecheck `npm test` runs (tsc), not executed by vitest.
import { describe, expectTypeOf, it } from 'vitest';
import type { BroadcastEventName, DirectedEventName } from '../../shared/contract';

describe('event names', () => {
  it('keep log streams directed and everything else broadcast', () => {
    expectTypeOf<DirectedEventName>().toEqualTypeOf<'logs.lines' | 'logs.end' | 'exec.output' | 'exec.ended'>();
    expectTypeOf<Extract<BroadcastEventName, DirectedEventName>>().toBeNever();
  });
});
