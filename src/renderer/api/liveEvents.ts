// What each pushed event does to the query cache. Events are notifications, never state to replay:
// most invalidate (the query refetches, cancelling any fetch in flight); host state is small and
// exact, so it patches the cache directly.
import type { QueryClient } from '@tanstack/react-query';
import type { Client, EventPayload } from '../../shared/contract';
import type { HostView, SettingsView } from '../../shared/types';
import { keyedThrottle } from './keyedThrottle';
import { applyStatsSamples } from './statsCache';
import { queryKeys } from './queryKeys';

export interface LiveEventOptions {
  /** The engine stored new settings (this window or another one): apply the language. */
  onSettings(settings: SettingsView): void;
  /** Coalescing window for repeated invalidations of one query; 0 turns it off (tests). */
  burstWindowMs?: number;
}

/** The first element of every fixed key: what an event invalidates by prefix. */
type QueryRoot = { [K in keyof typeof queryKeys]: (typeof queryKeys)[K] extends readonly [infer R] ? R : never }[keyof typeof queryKeys];

/** Applies a host.state event to the cached host list; unknown hosts leave it untouched. */
export function patchHostState(hosts: HostView[] | undefined, event: EventPayload<'host.state'>): HostView[] | undefined {
  if (!hosts || !hosts.some((host) => host.id === event.hostId)) return hosts;
  return hosts.map((host) =>
    host.id === event.hostId
      ? {
          ...host,
          state: event.state,
          reason: event.reason,
          reasonCode: event.reasonCode,
          reasonDetails: event.reasonDetails,
          since: event.since,
          latencyMs: event.latencyMs,
        }
      : host,
  );
}

/**
 * A host that has just come up knows things the event does not carry (its Docker version, the key
 * it was verified with, the exposed socket's path), so the list is read again as well. Latency
 * updates of a host that stays up are patched alone.
 */
export function cameUp(hosts: HostView[] | undefined, event: EventPayload<'host.state'>): boolean {
  const before = hosts?.find((host) => host.id === event.hostId);
  return event.state === 'up' && before !== undefined && before.state !== 'up';
}

/** Subscribes to every pushed event once; returns the unsubscribe function. */
export function attachLiveEvents(client: Pick<Client, 'on'>, queryClient: QueryClient, options: LiveEventOptions): () => void {
  const invalidateNow = (root: string) => void queryClient.invalidateQueries({ queryKey: [root] });
  const burstMs = options.burstWindowMs ?? 200;
  const throttle = burstMs > 0 ? keyedThrottle(invalidateNow, burstMs) : null;
  const invalidate = (...roots: QueryRoot[]) => {
    for (const root of roots) {
      if (throttle) throttle.run(root);
      else invalidateNow(root);
    }
  };

  const unsubscribe = [
    client.on('containers.changed', () => {
      // Workload rows carry container counts, the health card carries totals.
      invalidate(queryKeys.containers[0], queryKeys.health[0], queryKeys.workloads[0], queryKeys.workloadDetails[0]);
      // What the app owns changed, so what it does not own did too (refetched only where that view is open);
      // a stack route reaches whichever of its service's containers runs.
      invalidate(queryKeys.foreign[0], queryKeys.stackRoutes[0]);
      // Rows stop, vanish and are removed: the stale list follows (asked only where its page is open).
      invalidate(queryKeys.stale[0]);
      // A new container runs another digest: the update badges and watch views follow.
      invalidate(queryKeys.registryWatch[0], queryKeys.containerUpdates[0]);
      // An open detail panel shows the container's state, restarts and health: read it again.
      void queryClient.invalidateQueries({ queryKey: ['containers.inspect'] });
    }),
    client.on('exec.changed', (event) => void queryClient.invalidateQueries({ queryKey: queryKeys.execHistoryOf(event.workloadId) })),
    client.on('workloads.changed', () => {
      // Container rows carry their workload's name; route host names derive from stage names.
      invalidate(queryKeys.workloads[0], queryKeys.workloadDetails[0], queryKeys.health[0], queryKeys.containers[0], queryKeys.routes[0]);
    }),
    client.on('deploys.changed', (event) => {
      // Each step refreshes that one stage's history (a handful of events per deploy); only the end
      // of a deploy changes the images the stage ran and the route it holds.
      if (event.stageId) void queryClient.invalidateQueries({ queryKey: queryKeys.deploysOf(event.stageId) });
      // A site's run (no stage) names the site's workload as its target. Its history follows each
      // step, and so does the version list: the route moves to the new version at its step, well
      // before the run ends (the old server drains for up to 30 s after it).
      else
        for (const key of [queryKeys.siteDeploysOf(event.targetKey), queryKeys.siteVersionsOf(event.targetKey)])
          void queryClient.invalidateQueries({ queryKey: key });
      if (event.status !== 'running') {
        if (event.stageId) {
          void queryClient.invalidateQueries({ queryKey: queryKeys.stageImagesOf(event.stageId) });
          void queryClient.invalidateQueries({ queryKey: queryKeys.deployImpactOf(event.stageId) });
        }
        invalidate(queryKeys.routes[0]);
      }
    }),
    client.on('sites.progress', (event) => {
      // Copy progress is many small events, drawn by the deploy card from the event itself; the
      // version list changes only when a phase does (ready, or gone after a failure or a cancel).
      if (event.phase !== 'copying') void queryClient.invalidateQueries({ queryKey: queryKeys.siteVersionsOf(event.workloadId) });
    }),
    client.on('stacks.changed', (event) => {
      // An operation that starts or ends changes that stack's history; one that ends may also have
      // made a version, changed its services and (through the record) the workload's counts.
      for (const key of [
        queryKeys.stackOperationsOf(event.workloadId),
        queryKeys.stackVersionsOf(event.workloadId),
        queryKeys.stackServicesOf(event.workloadId),
        queryKeys.stackRoutesOf(event.workloadId),
      ])
        void queryClient.invalidateQueries({ queryKey: key });
      void queryClient.invalidateQueries({ queryKey: queryKeys.workload(event.workloadId) });
    }),
    client.on('host.state', (event) => {
      const hosts = queryClient.getQueryData<HostView[]>(queryKeys.hosts);
      const patched = patchHostState(hosts, event);
      if (patched !== hosts && patched) {
        queryClient.setQueryData(queryKeys.hosts, patched);
        if (cameUp(hosts, event)) invalidate(queryKeys.hosts[0]);
      } else invalidate(queryKeys.hosts[0]);
      invalidate(queryKeys.health[0]);
    }),
    client.on('hosts.changed', () => {
      // Removing a host removes its container rows too (and hosts change rarely: the refetch is cheap).
      invalidate(queryKeys.hosts[0], queryKeys.health[0], queryKeys.containers[0]);
    }),
    client.on('settings.changed', (settings) => {
      queryClient.setQueryData(queryKeys.settings, settings);
      // The stale threshold moves what the Stale page and the sidebar's counter show.
      invalidate(queryKeys.stale[0], queryKeys.health[0]);
      options.onSettings(settings);
    }),
    client.on('registries.changed', () => invalidate(queryKeys.registries[0])),
    // A workload's delivery log, secret or mapping changed; null: the listener started, stopped or failed.
    client.on('webhooks.changed', (event) => {
      if (event.workloadId === null) invalidate(queryKeys.webhookListener[0]);
      else void queryClient.invalidateQueries({ queryKey: queryKeys.webhookOf(event.workloadId) });
    }),
    // A check or a mode change: the workload's watch views and every container's update badge.
    client.on('registryWatch.changed', () => invalidate(queryKeys.registryWatch[0], queryKeys.containerUpdates[0])),
    // A channel saved or removed, a send that succeeded or failed: the list shows all of it.
    client.on('notify.changed', () => invalidate(queryKeys.notifyChannels[0])),
    client.on('dns.changed', (event) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.dnsRecordsOf(event.hostId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.dnsSettingsOf(event.hostId) });
    }),
    // Every 5 s per host: patched in place (latest per container, one point more per open chart).
    client.on('stats.samples', (event) => applyStatsSamples(queryClient, event)),
    client.on('reconcile.forged', () => {
      invalidate(queryKeys.reconcileReport[0], queryKeys.health[0]);
    }),
  ];

  return () => {
    throttle?.cancel();
    for (const off of unsubscribe) off();
  };
}
