import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { Client, EventName, EventPayload } from '../../shared/contract';
import type { HostView, SettingsView } from '../../shared/types';
import { attachLiveEvents, patchHostState } from './liveEvents';
import { queryKeys } from './queryKeys';
import { localHost as fixtureHost, sshHost } from '../testing/fixtures';

function fakeEvents() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const on = ((event: EventName, listener: (payload: unknown) => void) => {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener);
    return () => set.delete(listener);
  }) as Client['on'];
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  return { on, emit, listeners };
}

const localHost: HostView = fixtureHost();

function setup() {
  const events = fakeEvents();
  const queryClient = new QueryClient();
  const languages: string[] = [];
  const detach = attachLiveEvents(events, queryClient, { onSettings: (s) => languages.push(s.language), burstWindowMs: 0 });
  return { events, queryClient, languages, detach };
}

const invalidated = (queryClient: QueryClient, key: readonly unknown[]) => queryClient.getQueryState(key)?.isInvalidated;

describe('attachLiveEvents', () => {
  it('invalidates containers, health and workload counts when containers change', () => {
    const { events, queryClient } = setup();
    queryClient.setQueryData(queryKeys.containers, []);
    queryClient.setQueryData(queryKeys.health, {});
    queryClient.setQueryData(queryKeys.workloads, []);
    queryClient.setQueryData(queryKeys.hosts, [localHost]);

    events.emit('containers.changed', { hostId: 'local' });

    expect(invalidated(queryClient, queryKeys.containers)).toBe(true);
    expect(invalidated(queryClient, queryKeys.health)).toBe(true);
    expect(invalidated(queryClient, queryKeys.workloads)).toBe(true);
    expect(invalidated(queryClient, queryKeys.hosts)).toBe(false);
  });

  it("refreshes the deploying stage's history on each step, and its images and the routes when it ends (nothing polls)", () => {
    const { events, queryClient } = setup();
    const seed = () => {
      for (const stage of ['s1', 's2']) {
        queryClient.setQueryData(queryKeys.deploysOf(stage), []);
        queryClient.setQueryData(queryKeys.stageImagesOf(stage), []);
      }
      queryClient.setQueryData(queryKeys.routesOf('w1'), { routes: [], proxyError: null });
    };
    seed();
    events.emit('deploys.changed', { hostId: 'local', workloadId: 'w1', targetKey: 's1', stageId: 's1', deployId: 'd1', status: 'running' });
    expect(invalidated(queryClient, queryKeys.deploysOf('s1'))).toBe(true);
    expect(invalidated(queryClient, queryKeys.deploysOf('s2'))).toBe(false);
    expect(invalidated(queryClient, queryKeys.stageImagesOf('s1'))).toBe(false);
    expect(invalidated(queryClient, queryKeys.routesOf('w1'))).toBe(false);

    seed();
    events.emit('deploys.changed', { hostId: 'local', workloadId: 'w1', targetKey: 's1', stageId: 's1', deployId: 'd1', status: 'succeeded' });
    expect(invalidated(queryClient, queryKeys.stageImagesOf('s1'))).toBe(true);
    expect(invalidated(queryClient, queryKeys.stageImagesOf('s2'))).toBe(false);
    expect(invalidated(queryClient, queryKeys.routesOf('w1'))).toBe(true);
  });

  it("refreshes a site's history and versions on each step of its run (the target is the site; the route moves mid-run)", () => {
    const { events, queryClient } = setup();
    const seed = () => {
      for (const site of ['site1', 'site2']) {
        queryClient.setQueryData(queryKeys.siteDeploysOf(site), []);
        queryClient.setQueryData(queryKeys.siteVersionsOf(site), []);
      }
      queryClient.setQueryData(queryKeys.deploysOf('s1'), []);
    };
    seed();
    events.emit('deploys.changed', { hostId: 'local', workloadId: 'site1', targetKey: 'site1', stageId: null, deployId: 'd1', status: 'running' });
    expect(invalidated(queryClient, queryKeys.siteDeploysOf('site1'))).toBe(true);
    expect(invalidated(queryClient, queryKeys.siteDeploysOf('site2'))).toBe(false);
    expect(invalidated(queryClient, queryKeys.siteVersionsOf('site1'))).toBe(true);
    expect(invalidated(queryClient, queryKeys.deploysOf('s1'))).toBe(false);

    seed();
    events.emit('deploys.changed', { hostId: 'local', workloadId: 'site1', targetKey: 'site1', stageId: null, deployId: 'd1', status: 'succeeded' });
    expect(invalidated(queryClient, queryKeys.siteVersionsOf('site1'))).toBe(true);
    expect(invalidated(queryClient, queryKeys.siteVersionsOf('site2'))).toBe(false);
  });

  it("reads a site's versions again when its upload changes phase, not at every copied file", () => {
    const { events, queryClient } = setup();
    const progress = { hostId: 'local', workloadId: 'site1', versionId: 'v1', files: 1, bytes: 10, totalFiles: 5, totalBytes: 50, error: null };
    queryClient.setQueryData(queryKeys.siteVersionsOf('site1'), []);
    events.emit('sites.progress', { ...progress, phase: 'copying' });
    expect(invalidated(queryClient, queryKeys.siteVersionsOf('site1'))).toBe(false);
    for (const phase of ['deploying', 'done', 'failed', 'cancelled'] as const) {
      queryClient.setQueryData(queryKeys.siteVersionsOf('site1'), []);
      events.emit('sites.progress', { ...progress, phase });
      expect(invalidated(queryClient, queryKeys.siteVersionsOf('site1')), phase).toBe(true);
    }
  });

  it('patches the cached host list in place on host.state, without a refetch', () => {
    const { events, queryClient } = setup();
    queryClient.setQueryData(queryKeys.hosts, [localHost]);

    events.emit('host.state', {
      hostId: 'local',
      state: 'down',
      reason: 'no Docker socket at /var/run/docker.sock.',
      reasonCode: 'DOCKER_NOT_FOUND',
      reasonDetails: { where: '/var/run/docker.sock' },
      since: 99,
      latencyMs: null,
    });

    expect(queryClient.getQueryData(queryKeys.hosts)).toEqual([
      {
        ...localHost,
        state: 'down',
        reason: 'no Docker socket at /var/run/docker.sock.',
        reasonCode: 'DOCKER_NOT_FOUND',
        reasonDetails: { where: '/var/run/docker.sock' },
        since: 99,
        latencyMs: null,
      },
    ]);
    expect(invalidated(queryClient, queryKeys.hosts)).toBe(false);
  });

  it('refetches the host list when the event names a host it does not know', () => {
    const { events, queryClient } = setup();
    queryClient.setQueryData(queryKeys.hosts, [localHost]);
    events.emit('host.state', { hostId: 'new', state: 'up', reason: null, reasonCode: null, reasonDetails: null, since: 5, latencyMs: 3 });
    expect(invalidated(queryClient, queryKeys.hosts)).toBe(true);
  });

  it('patches latency alone while a host stays up, without a refetch', () => {
    const { events, queryClient } = setup();
    queryClient.setQueryData(queryKeys.hosts, [localHost]);
    events.emit('host.state', { hostId: 'local', state: 'up', reason: null, reasonCode: null, reasonDetails: null, since: 1, latencyMs: 41 });
    expect(queryClient.getQueryData<HostView[]>(queryKeys.hosts)?.[0]?.latencyMs).toBe(41);
    expect(invalidated(queryClient, queryKeys.hosts)).toBe(false);
  });

  it('patches a host that comes up, then refetches for what the event does not carry (its Docker version)', () => {
    const { events, queryClient } = setup();
    const connecting = sshHost({ state: 'connecting' });
    queryClient.setQueryData(queryKeys.hosts, [localHost, connecting]);
    events.emit('host.state', { hostId: connecting.id, state: 'up', reason: null, reasonCode: null, reasonDetails: null, since: 7, latencyMs: 12 });
    expect(queryClient.getQueryData<HostView[]>(queryKeys.hosts)?.[1]).toMatchObject({ state: 'up', since: 7, latencyMs: 12 });
    expect(invalidated(queryClient, queryKeys.hosts)).toBe(true);
  });

  it('refetches hosts, health and containers on hosts.changed (a removed host takes its rows along)', () => {
    const { events, queryClient } = setup();
    queryClient.setQueryData(queryKeys.hosts, [localHost]);
    queryClient.setQueryData(queryKeys.health, {});
    queryClient.setQueryData(queryKeys.containers, []);
    queryClient.setQueryData(queryKeys.settings, {});
    events.emit('hosts.changed', { hostId: 'h-prod' });
    expect(invalidated(queryClient, queryKeys.hosts)).toBe(true);
    expect(invalidated(queryClient, queryKeys.health)).toBe(true);
    expect(invalidated(queryClient, queryKeys.containers)).toBe(true);
    expect(invalidated(queryClient, queryKeys.settings)).toBe(false);
  });

  it('stores pushed settings and hands over the language', () => {
    const { events, queryClient, languages } = setup();
    const settings: SettingsView = {
      language: 'ru',
      dockerSocketPath: '/var/run/docker.sock',
      resyncIntervalSec: 30,
      staleAfterDays: 7,
      registryWatchIntervalMin: 15,
      desktopNotifications: true,
    };
    events.emit('settings.changed', settings);
    expect(queryClient.getQueryData(queryKeys.settings)).toEqual(settings);
    expect(languages).toEqual(['ru']);
  });

  it('invalidates the reconcile report when forged containers are found', () => {
    const { events, queryClient } = setup();
    queryClient.setQueryData(queryKeys.reconcileReport, []);
    events.emit('reconcile.forged', { hostId: 'local', containers: [] });
    expect(invalidated(queryClient, queryKeys.reconcileReport)).toBe(true);
  });

  it("refreshes that stack's history, versions, services and record when one of its operations changes, and no other stack's", () => {
    const { events, queryClient } = setup();
    for (const id of ['st1', 'st2']) {
      queryClient.setQueryData(queryKeys.stackOperationsOf(id), []);
      queryClient.setQueryData(queryKeys.stackVersionsOf(id), []);
      queryClient.setQueryData(queryKeys.stackServicesOf(id), []);
      queryClient.setQueryData(queryKeys.workload(id), {});
    }

    events.emit('stacks.changed', { hostId: 'local', workloadId: 'st1', operationId: 'op1', status: 'succeeded' });

    for (const key of [queryKeys.stackOperationsOf, queryKeys.stackVersionsOf, queryKeys.stackServicesOf, queryKeys.workload]) {
      expect(invalidated(queryClient, key('st1'))).toBe(true);
      expect(invalidated(queryClient, key('st2'))).toBe(false);
    }
  });

  it('unsubscribes everything it subscribed', () => {
    const { events, detach } = setup();
    detach();
    expect([...events.listeners.values()].every((set) => set.size === 0)).toBe(true);
  });
});

describe('patchHostState', () => {
  it('returns the same list when the host is unknown', () => {
    const hosts = [localHost];
    expect(patchHostState(hosts, { hostId: 'other', state: 'down', reason: 'x', reasonCode: null, reasonDetails: null, since: 2, latencyMs: null })).toBe(
      hosts,
    );
  });
});
