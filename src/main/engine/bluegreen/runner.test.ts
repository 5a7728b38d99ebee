// The runner takes everything it creates and routes from its target, not from a project: a target
// with its own names, labels, route and health settings, over a real store and a fake Docker.
import type Dockerode from 'dockerode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../events';
import type { ProxyDriver, ProxyRoute } from '../proxy/proxyDriver';
import { DeployRepo } from '../store/deployRepo';
import { DeployerRows } from '../store/deployerRows';
import { createTestProject, openTestStore } from '../testing/fixtures';
import type { TestStore } from '../testing/fixtures';
import { BlueGreenRunner } from './runner';
import type { BlueGreenTarget } from './runner';

class RecordingProxy implements ProxyDriver {
  readonly kind = 'caddy' as const;
  routes: ProxyRoute[] = [];
  attached: string[] = [];
  async ensure() {}
  async attach(network: string) {
    this.attached.push(network);
  }
  async upsertRoute(route: ProxyRoute) {
    this.routes.push(route);
    return route;
  }
  async removeRoute() {}
  async listRoutes() {
    return this.routes;
  }
  async close() {}
}

let store: TestStore;
let created: Dockerode.ContainerCreateOptions[];
let removed: string[];
let probed: [string, number, string][];

const docker = {
  getImage: () => ({ inspect: async () => ({ Id: 'sha256:site' }) }),
  listNetworks: async () => [],
  createNetwork: async () => ({}),
  createContainer: async (options: Dockerode.ContainerCreateOptions) => {
    created.push(options);
    const id = `docker-${created.length}`;
    return {
      id,
      start: async () => {},
      update: async () => {},
      wait: ({ abortSignal }: { abortSignal: AbortSignal }) =>
        new Promise((_, reject) => abortSignal.addEventListener('abort', () => reject(new Error('aborted')))),
      inspect: async () => ({ State: { Running: true }, NetworkSettings: { Networks: { 'docs-net': { IPAddress: '10.1.0.7' } } } }),
    };
  },
  getContainer: (id: string) => ({ remove: async () => void removed.push(id), stop: async () => {} }),
} as unknown as Dockerode;

beforeEach(() => {
  store = openTestStore();
  created = [];
  removed = [];
  probed = [];
});
afterEach(() => store.cleanup());

function target(key: string, workloadId: string, kind: 'project' | 'site'): BlueGreenTarget {
  return {
    key,
    workloadId,
    kind,
    stageId: kind === 'project' ? key : null,
    role: 'docs',
    network: 'docs-net',
    port: 8080,
    healthPath: '/ready',
    healthTimeoutSec: 5,
    maxInstances: 1,
    subdomain: 'docs',
    containerName: (runId) => `docs-${runId.slice(0, 4)}`,
    route: (routeId, domain, upstream, port) => ({ id: routeId, host: `docs.${domain}`, upstream: { host: upstream, port } }),
    createOptions: (image) => ({ Labels: { 'tinyforge.role': 'docs', image }, HostConfig: { ReadonlyRootfs: true } }),
  };
}

/** A project stage (keyed by its stage) and a site (a workload with no stage, keyed by its id). */
const targets = {
  stage: () => {
    const { projectId, stageId } = createTestProject(store.workloads);
    return target(stageId, projectId, 'project');
  },
  site: () => {
    const site = store.workloads.createSite({ hostId: 'local', name: 'docs', sourceDir: '/srv/docs' });
    return target(site.id, site.id, 'site');
  },
};

describe.each(Object.keys(targets) as (keyof typeof targets)[])('BlueGreenRunner on a %s', (kind) => {
  it('creates, checks and routes an instance from what its target says, and keeps only maxInstances', async () => {
    const proxy = new RecordingProxy();
    const rows = new DeployerRows(store.db);
    const t = targets[kind]();
    const deploys = new DeployRepo(store.db);
    const runner = new BlueGreenRunner({
      hostId: 'local',
      docker: () => docker,
      proxy,
      deploys,
      rows,
      targetOf: () => t,
      events: new EventBus(),
      log: () => {},
      drainMs: 0,
      domain: 'example.test',
      // What the reconciler records once Docker says a started instance runs.
      afterStep: async (step) => {
        if (step === 'start') store.db.prepare("UPDATE containers SET state = 'running' WHERE state = 'pending'").run();
      },
      probe: async (ip, port, path) => {
        probed.push([ip, port, path]);
        return 200;
      },
    });

    const first = await runner.begin(t, 'acme/docs:1', 'deploy').done;
    const second = await runner.begin(t, 'acme/docs:2', 'deploy').done;

    expect([first.status, second.status]).toEqual(['succeeded', 'succeeded']);
    expect(created[0]).toMatchObject({
      name: t.containerName(first.id),
      Image: 'acme/docs:1',
      Labels: { 'tinyforge.role': 'docs', image: 'acme/docs:1' },
      // The target's host settings stay; the runner adds its network and no restart until healthy.
      HostConfig: { ReadonlyRootfs: true, NetworkMode: 'docs-net', RestartPolicy: { Name: 'no' } },
    });
    expect(probed).toEqual([
      ['10.1.0.7', 8080, '/ready'],
      ['10.1.0.7', 8080, '/ready'],
    ]);
    expect(proxy.attached).toContain('docs-net');
    expect(proxy.routes.at(-1)).toEqual({ id: t.key, host: 'docs.example.test', upstream: { host: t.containerName(second.id), port: 8080 } });
    // maxInstances 1: the first instance went once the second served.
    expect(removed).toEqual(['docker-1']);
    expect(rows.instances(t.key, 'local').map((i) => i.name)).toEqual([t.containerName(second.id)]);
    // The route is held by the target's instance: what the proxy reconcile restores from.
    expect(rows.routed('local')).toEqual([expect.objectContaining({ name: t.containerName(second.id), targetKey: t.key, proxyRouteId: t.key })]);
    expect(deploys.running()).toEqual([]);
    expect([first, second].map((d) => [d.targetKey, d.stageId])).toEqual([
      [t.key, t.stageId],
      [t.key, t.stageId],
    ]);
    await runner.close();
  });
});
