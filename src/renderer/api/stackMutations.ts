// The writes of a stack page: saving its files, checking them on the host, and starting an
// operation. An operation answers at once with its running record; stacks.changed and
// stacks.output carry the rest.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../shared/contract';
import type { RendererCalls } from './client';
import { queryKeys } from './queryKeys';
import { useClient } from './transportContext';

export function useSaveStack() {
  const client: RendererCalls = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CallInput<'stacks.save'>) => client['stacks.save'](input),
    onSuccess: async (workload) => {
      queryClient.setQueryData(queryKeys.workload(workload.id), workload);
      await queryClient.invalidateQueries({ queryKey: queryKeys.workloads });
    },
  });
}

/** `compose config` on the host: read-only, so a mutation only because the user asks for it. */
export function useCheckOnHost() {
  const client: RendererCalls = useClient();
  return useMutation({ mutationFn: (input: CallInput<'stacks.checkOnHost'>) => client['stacks.checkOnHost'](input) });
}

/** Sets (or with null removes) a secret .env value; the answer is the stack's secret keys as they are now. */
export function useSetStackSecret(workloadId: string) {
  const client: RendererCalls = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { key: string; value: string | null }) => client['stacks.setSecret']({ id: workloadId, ...input }),
    onSuccess: (secrets) => queryClient.setQueryData(queryKeys.stackSecretsOf(workloadId), secrets),
  });
}

export function useRunStack(workloadId: string) {
  const client: RendererCalls = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (operation: CallInput<'stacks.run'>['operation']) => client['stacks.run']({ id: workloadId, operation }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.stackOperationsOf(workloadId) }),
  });
}

/** Publishes a service through the host's proxy; the answer is the stack's routes as they are now. */
export function usePublishService(workloadId: string) {
  const client: RendererCalls = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Omit<CallInput<'stacks.publish'>, 'id'>) => client['stacks.publish']({ id: workloadId, ...input }),
    onSuccess: (routes) => queryClient.setQueryData(queryKeys.stackRoutesOf(workloadId), routes),
  });
}

export function useUnpublishService(workloadId: string) {
  const client: RendererCalls = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (routeId: string) => client['stacks.unpublish']({ id: workloadId, routeId }),
    onSuccess: (routes) => queryClient.setQueryData(queryKeys.stackRoutesOf(workloadId), routes),
  });
}
