// One hook per write. Each invalidates what it changed at once; the engine's pushed event does the
// same a moment later, which matters for other windows and tabs.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../shared/contract';
import type { SettingsView } from '../../shared/types';
import type { RendererCalls } from './client';
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

type CreateCall = 'workloads.createProject' | 'workloads.createStack' | 'workloads.createSite';

/** Every kind of workload is created the same way and changes the same lists. */
function useCreateWorkload<N extends CreateCall>(name: N) {
  const calls: RendererCalls = useClient();
  const invalidate = useWorkloadsInvalidation();
  return useMutation({ mutationFn: (input: CallInput<N>) => calls[name](input), onSuccess: invalidate });
}

export const useCreateProject = () => useCreateWorkload('workloads.createProject');
export const useCreateStack = () => useCreateWorkload('workloads.createStack');
export const useCreateSite = () => useCreateWorkload('workloads.createSite');

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

/** Removing a login carries no secret: an ordinary mutation. Saving one goes through useSecretCall. */
export function useRemoveRegistry() {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (registry: string) => client['registries.remove']({ registry }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.registries }),
  });
}

export function useReconcileNow() {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (hostId: string) => client['reconcile.now']({ hostId }),
    onSuccess: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.health }), queryClient.invalidateQueries({ queryKey: queryKeys.reconcileReport })]),
  });
}

function useContainersInvalidation() {
  const queryClient = useQueryClient();
  const invalidateWorkloads = useWorkloadsInvalidation();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.containers }),
      queryClient.invalidateQueries({ queryKey: queryKeys.routes }),
      invalidateWorkloads(),
    ]);
}

/** Trusts (or stops trusting) a container that only its labels tie to the workload. */
export function useContainerTrust() {
  const client = useClient();
  const invalidate = useContainersInvalidation();
  return useMutation({ mutationFn: (input: CallInput<'containers.trust'>) => client['containers.trust'](input), onSuccess: () => invalidate() });
}

/** Removes a container of a workload (any stage), e.g. one the app did not create. */
export function useContainerRemove() {
  const client = useClient();
  const invalidate = useContainersInvalidation();
  return useMutation({ mutationFn: (input: CallInput<'containers.remove'>) => client['containers.remove'](input), onSuccess: () => invalidate() });
}

/** What removing the selection would remove (nothing changes); the user then confirms exactly that. */
export function useStaleDryRun() {
  const client = useClient();
  return useMutation({ mutationFn: (input: CallInput<'stale.dryRun'>) => client['stale.dryRun'](input) });
}

/** Removes a confirmed plan (the engine checks each item again and refuses the whole call if one changed). */
export function useStaleRemove() {
  const client = useClient();
  const queryClient = useQueryClient();
  const invalidate = useContainersInvalidation();
  return useMutation({
    mutationFn: (input: CallInput<'stale.remove'>) => client['stale.remove'](input),
    onSettled: () => Promise.all([invalidate(), queryClient.invalidateQueries({ queryKey: queryKeys.stale })]),
  });
}

export function useRemoveNotifyChannel() {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => client['notify.channels.remove']({ id }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.notifyChannels }),
  });
}

/** "Send a test": the answer (delivered, or the service's error) is shown to the user as it is. */
export function useTestNotifyChannel() {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => client['notify.channels.test']({ id }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.notifyChannels }),
  });
}
