// Type tests: checked by the typecheck `npm test` runs (tsc), not executed by vitest.
import type { UseMutationResult } from '@tanstack/react-query';
import { describe, expectTypeOf, it } from 'vitest';
import type { CallInput } from '../../shared/contract';
import type { WorkloadView } from '../../shared/types';
import { useCreateProject, useCreateSite, useCreateStack } from './mutations';

// The create hooks share one factory; these pin that each still takes exactly its call's input.
describe('create hooks', () => {
  it('take the exact input of their call and answer with the new workload', () => {
    expectTypeOf(useCreateProject).returns.toEqualTypeOf<UseMutationResult<WorkloadView, Error, CallInput<'workloads.createProject'>>>();
    expectTypeOf(useCreateStack).returns.toEqualTypeOf<UseMutationResult<WorkloadView, Error, CallInput<'workloads.createStack'>>>();
    expectTypeOf(useCreateSite).returns.toEqualTypeOf<UseMutationResult<WorkloadView, Error, CallInput<'workloads.createSite'>>>();
  });
});
