// The writes of a site page: its settings, a deploy (answered once the source is read and checked;
// the copy and the switch go on, told by sites.progress and deploys.changed), cancelling the copy,
// and a rollback to a kept version.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../shared/contract';
import type { RendererCalls } from './client';
import { queryKeys } from './queryKeys';
import { useClient } from './transportContext';

export function useUpdateSite() {
  const client: RendererCalls = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CallInput<'sites.update'>) => client['sites.update'](input),
    onSuccess: async (workload) => {
      queryClient.setQueryData(queryKeys.workload(workload.id), workload);
      await queryClient.invalidateQueries({ queryKey: queryKeys.workloads });
    },
  });
}

export function useDeploySite(workloadId: string) {
  const client: RendererCalls = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (source: CallInput<'sites.deploy'>['source']) => client['sites.deploy']({ id: workloadId, source }),
    // The new version is listed at once, as uploading.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.siteVersionsOf(workloadId) }),
  });
}

export function useCancelSiteDeploy(workloadId: string) {
  const client: RendererCalls = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => client['sites.cancel']({ id: workloadId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.siteVersionsOf(workloadId) }),
  });
}

/** Starts the switch back to a kept version; the answer is its running run, deploys.changed tells the rest. */
export function useRollbackSite(workloadId: string) {
  const client: RendererCalls = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (versionId: string) => client['sites.rollback']({ id: workloadId, versionId }),
    onSuccess: () =>
      Promise.all([queryKeys.siteDeploysOf(workloadId), queryKeys.siteVersionsOf(workloadId)].map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
}
