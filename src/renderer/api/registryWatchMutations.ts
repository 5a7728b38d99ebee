// Setting a stage's or a stack service's registry watch mode; the engine's registryWatch.changed
// event follows for other windows and for the check it starts.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../shared/contract';
import { queryKeys } from './queryKeys';
import { useClient } from './transportContext';

export function useSetWatchMode() {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CallInput<'registryWatch.set'>) => client['registryWatch.set'](input),
    onSuccess: (_view, input) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.registryWatchOf(input.workloadId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.containerUpdates }),
      ]),
  });
}
