// One hook per write. Each invalidates what it changed at once; the engine's pushed event does the
// same a moment later, which matters for other windows and tabs.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../shared/contract';
import type { SettingsView } from '../../shared/types';
import { queryKeys } from './queryKeys';
import { useClient } from './transportContext';

function useWorkloadsInvalidation() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.workloads }),
      queryClient.invalidateQueries({ queryKey: queryKeys.workloadDetails }),
      queryClient.invalidateQueries({ queryKey: queryKeys.health }),
    ]);
}

export function useCreateProject() {
  const client = useClient();
  const invalidate = useWorkloadsInvalidation();
  return useMutation({
    mutationFn: (input: CallInput<'workloads.createProject'>) => client['workloads.createProject'](input),
    onSuccess: invalidate,
  });
}

export function useCreateStack() {
  const client = useClient();
  const invalidate = useWorkloadsInvalidation();
  return useMutation({
    mutationFn: (input: CallInput<'workloads.createStack'>) => client['workloads.createStack'](input),
    onSuccess: invalidate,
  });
}

export function useCreateSite() {
  const client = useClient();
  const invalidate = useWorkloadsInvalidation();
  return useMutation({
    mutationFn: (input: CallInput<'workloads.createSite'>) => client['workloads.createSite'](input),
    onSuccess: invalidate,
  });
}

export function useRenameWorkload() {
  const client = useClient();
  const queryClient = useQueryClient();
  const invalidate = useWorkloadsInvalidation();
  return useMutation({
    mutationFn: (input: CallInput<'workloads.rename'>) => client['workloads.rename'](input),
    onSuccess: async (workload) => {
      queryClient.setQueryData(queryKeys.workload(workload.id), workload);
      // Container rows carry the workload's name.
      await Promise.all([invalidate(), queryClient.invalidateQueries({ queryKey: queryKeys.containers })]);
    },
  });
}

export function useDeleteWorkload() {
  const client = useClient();
  const queryClient = useQueryClient();
  const invalidate = useWorkloadsInvalidation();
  return useMutation({
    mutationFn: (input: CallInput<'workloads.delete'>) => client['workloads.delete'](input),
    onSuccess: async (_result, input) => {
      queryClient.removeQueries({ queryKey: queryKeys.workload(input.id) });
      await invalidate();
    },
  });
}

export function useUpdateSettings() {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CallInput<'settings.update'>) => client['settings.update'](input),
    onSuccess: (settings: SettingsView) => queryClient.setQueryData(queryKeys.settings, settings),
  });
}

export function useReconcileNow() {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (hostId: string) => client['reconcile.now']({ hostId }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.health }),
        queryClient.invalidateQueries({ queryKey: queryKeys.reconcileReport }),
      ]),
  });
}
