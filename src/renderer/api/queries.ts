// One hook per query. Each passes TanStack Query's AbortSignal to the transport: when an event
// invalidates a query, the fetch in flight is cancelled (cancelRefetch, the default) and its late
// answer is dropped, so an older list never overwrites a newer one.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { WorkloadView } from '../../shared/types';
import { queryKeys } from './queryKeys';
import { useClient } from './transportContext';

export function useAppInfo() {
  const client = useClient();
  return useQuery({ queryKey: queryKeys.appInfo, queryFn: ({ signal }) => client['app.info']({}, { signal }), staleTime: Infinity });
}

export function useHealth() {
  const client = useClient();
  return useQuery({ queryKey: queryKeys.health, queryFn: ({ signal }) => client['system.health']({}, { signal }) });
}

export function useHosts() {
  const client = useClient();
  return useQuery({ queryKey: queryKeys.hosts, queryFn: ({ signal }) => client['hosts.list']({}, { signal }) });
}

export function useContainers() {
  const client = useClient();
  return useQuery({ queryKey: queryKeys.containers, queryFn: ({ signal }) => client['containers.list']({}, { signal }) });
}

export function useWorkloads() {
  const client = useClient();
  return useQuery({ queryKey: queryKeys.workloads, queryFn: ({ signal }) => client['workloads.list']({}, { signal }) });
}

/** One workload; the list's copy, when cached, shows at once while the full record loads. */
export function useWorkload(id: string) {
  const client = useClient();
  const queryClient = useQueryClient();
  return useQuery<WorkloadView, Error, WorkloadView, ReturnType<typeof queryKeys.workload>>({
    queryKey: queryKeys.workload(id),
    queryFn: ({ signal }) => client['workloads.get']({ id }, { signal }),
    placeholderData: queryClient.getQueryData<WorkloadView[]>(queryKeys.workloads)?.find((w) => w.id === id),
  });
}

export function useReconcileReport() {
  const client = useClient();
  return useQuery({ queryKey: queryKeys.reconcileReport, queryFn: ({ signal }) => client['reconcile.report']({}, { signal }) });
}

export function useSettings() {
  const client = useClient();
  return useQuery({ queryKey: queryKeys.settings, queryFn: ({ signal }) => client['settings.get']({}, { signal }) });
}
