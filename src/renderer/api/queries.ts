// One hook per query. Each passes TanStack Query's AbortSignal to the transport: when an event
// invalidates a query, the fetch in flight is cancelled (cancelRefetch, the default) and its late
// answer is dropped, so an older list never overwrites a newer one.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallInput, CallName } from '../../shared/contract';
import type { WorkloadView } from '../../shared/types';
import type { RendererCalls } from './client';
import { queryKeys } from './queryKeys';
import { useClient } from './transportContext';

/** The calls that may be made without input: their whole answer is cached under the call's name. */
// `{} extends X` is the type-level test for "X has no required field", not an empty-object value type.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type WholeCall = { [N in CallName]: {} extends CallInput<N> ? N : never }[CallName];

/** A query over one whole call; the key (from queryKeys) names the call, so the two cannot disagree. */
function useWholeQuery<N extends WholeCall>(queryKey: readonly [N], options: { staleTime?: number } = {}) {
  const calls: RendererCalls = useClient();
  // `{}` is a valid input for every WholeCall; the compiler cannot see that through the generic.
  return useQuery({ queryKey, queryFn: ({ signal }) => calls[queryKey[0]]({} as CallInput<N>, { signal }), ...options });
}

export const useAppInfo = () => useWholeQuery(queryKeys.appInfo, { staleTime: Infinity });
export const useHealth = () => useWholeQuery(queryKeys.health);
export const useHosts = () => useWholeQuery(queryKeys.hosts);
export const useContainers = () => useWholeQuery(queryKeys.containers);
export const useWorkloads = () => useWholeQuery(queryKeys.workloads);
export const useReconcileReport = () => useWholeQuery(queryKeys.reconcileReport);
export const useSettings = () => useWholeQuery(queryKeys.settings);
export const useRegistries = () => useWholeQuery(queryKeys.registries);
/** Notification channels with their delivery state; notify.changed invalidates it. */
export const useNotifyChannels = () => useWholeQuery(queryKeys.notifyChannels);
/** The Stale page's rows and images; container and settings changes invalidate it. */
export const useStale = () => useWholeQuery(queryKeys.stale);

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

/** A stage's deploy history; deploys.changed invalidates it, so a running deploy's step shows live. */
export function useDeploys(stageId: string) {
  const client = useClient();
  return useQuery({ queryKey: queryKeys.deploysOf(stageId), queryFn: ({ signal }) => client['deploys.list']({ stageId }, { signal }) });
}

export function useStageImages(stageId: string) {
  const client = useClient();
  return useQuery({ queryKey: queryKeys.stageImagesOf(stageId), queryFn: ({ signal }) => client['deploys.images']({ stageId }, { signal }) });
}

export function useRoutes(workloadId: string) {
  const client = useClient();
  return useQuery({ queryKey: queryKeys.routesOf(workloadId), queryFn: ({ signal }) => client['routes.list']({ workloadId }, { signal }) });
}

/** A stack's operations, newest first; stacks.changed invalidates them as one starts and ends. */
export function useStackOperations(workloadId: string) {
  const client = useClient();
  return useQuery({ queryKey: queryKeys.stackOperationsOf(workloadId), queryFn: ({ signal }) => client['stacks.operations']({ id: workloadId }, { signal }) });
}

export function useStackVersions(workloadId: string) {
  const client = useClient();
  return useQuery({ queryKey: queryKeys.stackVersionsOf(workloadId), queryFn: ({ signal }) => client['stacks.versions']({ id: workloadId }, { signal }) });
}

/** A stack's secret .env keys and where each value is kept (never a value). */
export function useStackSecrets(workloadId: string) {
  const client = useClient();
  return useQuery({ queryKey: queryKeys.stackSecretsOf(workloadId), queryFn: ({ signal }) => client['stacks.secrets']({ id: workloadId }, { signal }) });
}

/** A stack's published services and what each route reaches now; container changes invalidate them. */
export function useStackRoutes(workloadId: string) {
  const client = useClient();
  return useQuery({ queryKey: queryKeys.stackRoutesOf(workloadId), queryFn: ({ signal }) => client['stacks.routes']({ id: workloadId }, { signal }) });
}

export function useStackServices(workloadId: string) {
  const client = useClient();
  return useQuery({ queryKey: queryKeys.stackServicesOf(workloadId), queryFn: ({ signal }) => client['stacks.services']({ id: workloadId }, { signal }) });
}

/** A site's kept versions, newest first, the served one marked; sites.progress and deploys.changed invalidate them. */
export function useSiteVersions(workloadId: string) {
  const client = useClient();
  return useQuery({ queryKey: queryKeys.siteVersionsOf(workloadId), queryFn: ({ signal }) => client['sites.versions']({ id: workloadId }, { signal }) });
}

/** A site's blue-green runs (deploys and rollbacks), newest first; deploys.changed invalidates them at each step. */
export function useSiteDeploys(workloadId: string) {
  const client = useClient();
  return useQuery({ queryKey: queryKeys.siteDeploysOf(workloadId), queryFn: ({ signal }) => client['sites.deploys']({ id: workloadId }, { signal }) });
}

/**
 * The host's containers no workload owns, grouped by compose project. Asked only where the view is
 * open (nothing else mounts it), so the Containers page's own list never waits on it.
 */
export function useForeignContainers(hostId: string) {
  const client = useClient();
  return useQuery({ queryKey: queryKeys.foreignOf(hostId), queryFn: ({ signal }) => client['stacks.foreign']({ hostId }, { signal }) });
}

/** What adopting a foreign compose project would import, read on the host when the dialog opens (never cached across openings). */
export function useAdoptPreview(hostId: string, project: string) {
  const client = useClient();
  return useQuery({
    queryKey: queryKeys.adoptPreview(hostId, project),
    queryFn: ({ signal }) => client['stacks.adoptPreview']({ hostId, project }, { signal }),
    gcTime: 0,
    staleTime: 0,
  });
}

/** One owned container's detail (one inspect on its host); refetched when its host's containers change. */
export function useContainerDetail(id: string) {
  const client = useClient();
  return useQuery({ queryKey: queryKeys.containerInspect(id), queryFn: ({ signal }) => client['containers.inspect']({ id }, { signal }), retry: false });
}

/** A workload's terminal sessions, newest first; exec.changed invalidates them as one opens and ends. */
export function useExecHistory(workloadId: string) {
  const client = useClient();
  return useQuery({ queryKey: queryKeys.execHistoryOf(workloadId), queryFn: ({ signal }) => client['exec.history']({ workloadId }, { signal }) });
}

/** The registry watch of each stage (a project) or service (a stack); checks and mode changes invalidate it. */
export function useRegistryWatch(workloadId: string) {
  const client = useClient();
  return useQuery({ queryKey: queryKeys.registryWatchOf(workloadId), queryFn: ({ signal }) => client['registryWatch.list']({ workloadId }, { signal }) });
}

/** The update badge of every watched owned container, by row id. */
export function useContainerUpdates() {
  const client = useClient();
  return useQuery({
    queryKey: queryKeys.containerUpdates,
    queryFn: ({ signal }) => client['registryWatch.containers']({}, { signal }),
    select: (views) => new Map(views.map((v) => [v.id, v])),
  });
}

/** A host's DNS provider and public addresses (never its secret); dns.changed invalidates it. */
export function useDnsSettings(hostId: string) {
  const client = useClient();
  return useQuery({ queryKey: queryKeys.dnsSettingsOf(hostId), queryFn: ({ signal }) => client['dns.settings']({ hostId }, { signal }) });
}

/** The DNS records the app manages on a host, with their state; dns.changed invalidates it. */
export function useDnsRecords(hostId: string) {
  const client = useClient();
  return useQuery({ queryKey: queryKeys.dnsRecordsOf(hostId), queryFn: ({ signal }) => client['dns.records']({ hostId }, { signal }) });
}
