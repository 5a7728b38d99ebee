// Query hooks over stats: histories (patched live by stats.samples), a container's latest sample
// (filled by the event alone), a stage's before/after around its deploys, and the history's size.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LiveSample, StatsRange, StatsScope } from '../../shared/stats';
import { queryKeys } from './queryKeys';
import { useClient } from './transportContext';

export function useStatsHistory(scope: StatsScope, id: string, range: StatsRange) {
  const client = useClient();
  return useQuery({
    queryKey: queryKeys.statsHistoryOf(scope, id, range),
    queryFn: ({ signal }) => client['stats.history']({ scope, id, range }, { signal }),
    // Live events keep it current; a refetch would only replace appended points with the same ones.
    staleTime: Infinity,
    placeholderData: (previous) => previous,
  });
}

/** The container's latest live sample, or undefined before the first tick that named it. */
export function useLatestSample(containerId: string): LiveSample | undefined {
  const queryClient = useQueryClient();
  const { data } = useQuery({
    queryKey: queryKeys.statsLatestOf(containerId),
    queryFn: () => queryClient.getQueryData<LiveSample>(queryKeys.statsLatestOf(containerId)) ?? null,
    enabled: false,
    staleTime: Infinity,
  });
  return data ?? undefined;
}

export function useDeployImpact(stageId: string) {
  const client = useClient();
  return useQuery({ queryKey: queryKeys.deployImpactOf(stageId), queryFn: ({ signal }) => client['stats.deployImpact']({ stageId }, { signal }) });
}

export function useStatsSize() {
  const client = useClient();
  return useQuery({ queryKey: queryKeys.statsSize, queryFn: ({ signal }) => client['stats.size']({}, { signal }) });
}

export function useClearStats() {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => client['stats.clear']({}),
    onSuccess: (size) => {
      queryClient.setQueryData(queryKeys.statsSize, size);
      void queryClient.invalidateQueries({ queryKey: queryKeys.statsHistory });
    },
  });
}
