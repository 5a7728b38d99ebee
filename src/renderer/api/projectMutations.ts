// The writes of a project page: stage settings, deploys (start, rollback, promote) and actions on
// one instance. Each invalidates what it changed at once; the engine's events follow for other
// windows, and carry a running deploy's progress.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../shared/contract';
import type { WorkloadView } from '../../shared/types';
import type { RendererCalls } from './client';
import { queryKeys } from './queryKeys';
import { useClient } from './transportContext';

function useProjectInvalidation() {
  const queryClient = useQueryClient();
  return (project?: WorkloadView) => {
    if (project) queryClient.setQueryData(queryKeys.workload(project.id), project);
    return Promise.all(
      [queryKeys.workloads, queryKeys.workloadDetails, queryKeys.containers, queryKeys.routes, queryKeys.deploys, queryKeys.stageImages].map((queryKey) =>
        queryClient.invalidateQueries({ queryKey }),
      ),
    );
  };
}

export function useAddStage() {
  const client = useClient();
  const invalidate = useProjectInvalidation();
  return useMutation({ mutationFn: (input: CallInput<'stages.add'>) => client['stages.add'](input), onSuccess: invalidate });
}

export function useUpdateStage() {
  const client = useClient();
  const invalidate = useProjectInvalidation();
  return useMutation({ mutationFn: (input: CallInput<'stages.update'>) => client['stages.update'](input), onSuccess: invalidate });
}

export function useRemoveStage() {
  const client = useClient();
  const invalidate = useProjectInvalidation();
  return useMutation({ mutationFn: (input: CallInput<'stages.remove'>) => client['stages.remove'](input), onSuccess: invalidate });
}

/** Deploy, rollback and promote answer at once with the running record; the history shows it. */
function useDeployCall<N extends 'deploys.start' | 'deploys.rollback' | 'deploys.promote'>(name: N) {
  // Indexed by the generic N, RendererCalls shows the compiler the one signature of call N.
  const calls: RendererCalls = useClient();
  const invalidate = useProjectInvalidation();
  return useMutation({ mutationFn: (input: CallInput<N>) => calls[name](input), onSuccess: () => invalidate() });
}

export const useStartDeploy = () => useDeployCall('deploys.start');
export const useRollback = () => useDeployCall('deploys.rollback');
export const usePromote = () => useDeployCall('deploys.promote');

export type InstanceAction = 'stop' | 'restart' | 'remove';

/** Stop, restart or remove one instance; the engine checks it belongs to this workload and stage. */
export function useInstanceAction() {
  const client = useClient();
  const invalidate = useProjectInvalidation();
  return useMutation({
    mutationFn: ({ action, ...target }: { action: InstanceAction; id: string; workloadId: string; stageId: string }) => client[`containers.${action}`](target),
    onSuccess: () => invalidate(),
  });
}
