// Type tests: checked by the typecheck `npm test` runs (tsc), not executed by vitest.
import type { UseQueryResult } from '@tanstack/react-query';
import { describe, expectTypeOf, it } from 'vitest';
import type { AppInfo, ContainerView, HealthView, HostView, ReconcileReport, SettingsView, WorkloadView } from '../../shared/types';
import { useAppInfo, useContainers, useHealth, useHosts, useReconcileReport, useSettings, useWorkload, useWorkloads } from './queries';

// The hooks share one factory; these pin that each still answers with exactly its call's output.
describe('query hooks', () => {
  it('answer with the exact output type of their call', () => {
    expectTypeOf(useAppInfo).returns.toEqualTypeOf<UseQueryResult<AppInfo, Error>>();
    expectTypeOf(useHealth).returns.toEqualTypeOf<UseQueryResult<HealthView, Error>>();
    expectTypeOf(useHosts).returns.toEqualTypeOf<UseQueryResult<HostView[], Error>>();
    expectTypeOf(useContainers).returns.toEqualTypeOf<UseQueryResult<ContainerView[], Error>>();
    expectTypeOf(useWorkloads).returns.toEqualTypeOf<UseQueryResult<WorkloadView[], Error>>();
    expectTypeOf(useReconcileReport).returns.toEqualTypeOf<UseQueryResult<ReconcileReport[], Error>>();
    expectTypeOf(useSettings).returns.toEqualTypeOf<UseQueryResult<SettingsView, Error>>();
    expectTypeOf(useWorkload).returns.toEqualTypeOf<UseQueryResult<WorkloadView, Error>>();
  });
});
