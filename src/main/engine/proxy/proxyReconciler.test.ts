// The proxy reconcile's decisions over a real store and a fake proxy and Docker: what it puts back,
// where it repoints, and what it leaves alone. Against the real thing: proxyReconcile.docker.test.ts.
import type Dockerode from 'dockerode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeployRepo } from '../store/deployRepo';
import { DeployerRows } from '../store/deployerRows';
import { createTestProject, insertStageRow, openTestStore, stageDeploy } from '../testing/fixtures';
import type { TestStore } from '../testing/fixtures';
import type { ProxyDriver, ProxyRoute } from './proxyDriver';
import { stageTargetOf } from '../projects/deployer';
import { ProxyReconciler } from './proxyReconciler';

class FakeProxy implements ProxyDriver {
  kind: 'caddy' | 'none' = 'caddy';
  routes = new Map<string, ProxyRoute>();
  writes: ProxyRoute[] = [];
  ensured = 0;
  /** Runs while listRoutes is awaited: what else happens in the app meanwhile. */
  duringList: () => void = () => {};
  async ensure() {
    this.ensured += 1;
  }
  async upsertRoute(route: ProxyRoute) {
    this.writes.push(route);
    this.routes.set(route.id, route);
    return route;
  }
  async removeRoute(id: string) {
    this.routes.delete(id);
  }
  async listRoutes() {
    const routes = [...this.routes.values()];
    await Promise.resolve();
    this.duringList();
    return routes;
  }
  async attach() {}
  async close() {}
}

let store: TestStore;
let proxy: FakeProxy;
let reconciler: ProxyReconciler;
let stageId: string;
let projectId: string;
/** Docker as the fake sees it: running containers and their IPs; the probe's healthy IPs. */
const running = new Map<string, string>();
const healthy = new Set<string>();
/** Runs during each health probe (the probe is awaited mid-pass). */
let duringProbe: () => void;
const startDeploy = () => new DeployRepo(store.db).start(stageDeploy(projectId, stageId, 'acme/api:v2'));

const addRow = (id: string, name: string, state: string, routeId: string | null, createdAt: number) =>
  insertStageRow(store.db, { id, projectId, stageId, name, state, routeId, createdAt });
const routeOf = (rowId: string) => (store.db.prepare('SELECT proxy_route_id AS r FROM containers WHERE id = ?').get(rowId) as { r: string | null }).r;

beforeEach(() => {
  store = openTestStore();
  ({ projectId, stageId } = createTestProject(store.workloads, { stage: { subdomain: 'api' } }));
  proxy = new FakeProxy();
  running.clear();
  healthy.clear();
  duringProbe = () => {};
  const docker = {
    getContainer: (dockerId: string) => ({
      inspect: async () => {
        const ip = running.get(dockerId);
        return { State: { Running: ip !== undefined }, NetworkSettings: { Networks: { [`tinyforge-${projectId.slice(0, 12)}`]: { IPAddress: ip ?? '' } } } };
      },
    }),
  } as unknown as Dockerode;
  reconciler = new ProxyReconciler({
    hostId: 'local',
    proxy: () => proxy,
    docker: () => docker,
    rows: new DeployerRows(store.db),
    targetOf: (key) => stageTargetOf(store.workloads, key),
    deploys: new DeployRepo(store.db),
    domain: () => 'apps.example.com',
    probe: async (ip) => {
      duringProbe();
      return healthy.has(ip) ? 200 : 503;
    },
    log: () => {},
  });
});
afterEach(() => store.cleanup());

describe('ProxyReconciler', () => {
  it('puts back a route the proxy lost, with the stage health path, and then changes nothing', async () => {
    addRow('blue', 'api-blue', 'running', stageId, 1);
    expect(await reconciler.pass()).toEqual({ restored: [stageId], repointed: [] });
    expect(proxy.routes.get(stageId)).toEqual({ id: stageId, host: 'api.apps.example.com', upstream: { host: 'api-blue', port: 80 }, healthPath: '/health' });
    expect(await reconciler.pass()).toEqual({ restored: [], repointed: [] });
    expect(proxy.writes).toHaveLength(1);
  });

  it("rewrites the host name when the domain changed, keeping the route's own health path", async () => {
    addRow('blue', 'api-blue', 'running', stageId, 1);
    proxy.routes.set(stageId, { id: stageId, host: 'api.old.example.com', upstream: { host: 'api-blue', port: 80 }, healthPath: '/ready' });
    await reconciler.pass();
    expect(proxy.routes.get(stageId)).toMatchObject({ host: 'api.apps.example.com', healthPath: '/ready' });
  });

  it('repoints a route whose container stopped to the newest running instance that passes its health check', async () => {
    addRow('old', 'api-old', 'running', null, 1);
    addRow('sick', 'api-sick', 'running', null, 2);
    addRow('blue', 'api-blue', 'exited', stageId, 3);
    running.set('docker-old', '10.0.0.2');
    running.set('docker-sick', '10.0.0.3');
    healthy.add('10.0.0.2');
    proxy.routes.set(stageId, { id: stageId, host: 'api.apps.example.com', upstream: { host: 'api-blue', port: 80 }, healthPath: '/health' });
    expect(await reconciler.pass()).toEqual({ restored: [stageId], repointed: [[stageId, 'blue', 'old']] });
    expect(proxy.routes.get(stageId)?.upstream.host).toBe('api-old');
    expect([routeOf('blue'), routeOf('old'), routeOf('sick')]).toEqual([null, stageId, null]);
  });

  it('never repoints a route to a container that only carries the stage labels, but does to one a user trusted', async () => {
    insertStageRow(store.db, { id: 'impostor', projectId, stageId, name: 'api-impostor', state: 'running', createdAt: 5, provenance: 'unverified' });
    addRow('blue', 'api-blue', 'exited', stageId, 3);
    running.set('docker-impostor', '10.0.0.9');
    healthy.add('10.0.0.9');
    proxy.routes.set(stageId, { id: stageId, host: 'api.apps.example.com', upstream: { host: 'api-blue', port: 80 }, healthPath: '/health' });
    expect(await reconciler.pass()).toEqual({ restored: [], repointed: [] });
    expect(proxy.routes.get(stageId)?.upstream.host).toBe('api-blue');
    expect(routeOf('impostor')).toBeNull();

    store.db.prepare("UPDATE containers SET provenance = 'trusted', trusted_at = 1 WHERE id = 'impostor'").run();
    expect(await reconciler.pass()).toEqual({ restored: [stageId], repointed: [[stageId, 'blue', 'impostor']] });
  });

  it('puts back no route held by an unverified row (a forged row never serves, whatever it holds)', async () => {
    insertStageRow(store.db, {
      id: 'impostor',
      projectId,
      stageId,
      name: 'api-impostor',
      state: 'running',
      routeId: stageId,
      createdAt: 5,
      provenance: 'unverified',
    });
    running.set('docker-impostor', '10.0.0.9');
    expect(await reconciler.pass()).toEqual({ restored: [], repointed: [] });
    expect(proxy.writes).toEqual([]);
  });

  it('leaves the route on a stopped container when no other instance is healthy (Caddy answers 503 for it)', async () => {
    addRow('sick', 'api-sick', 'running', null, 1);
    addRow('blue', 'api-blue', 'exited', stageId, 2);
    running.set('docker-sick', '10.0.0.3');
    proxy.routes.set(stageId, { id: stageId, host: 'api.apps.example.com', upstream: { host: 'api-blue', port: 80 }, healthPath: '/health' });
    expect(await reconciler.pass()).toEqual({ restored: [], repointed: [] });
    expect(routeOf('blue')).toBe(stageId);
  });

  it('does not put back a route to a container that is gone', async () => {
    addRow('blue', 'api-blue', 'missing', stageId, 1);
    expect(await reconciler.pass()).toEqual({ restored: [], repointed: [] });
    expect(proxy.routes.size).toBe(0);
  });

  it('leaves a stage with a deploy in flight to the deployer', async () => {
    addRow('blue', 'api-blue', 'running', stageId, 1);
    new DeployRepo(store.db).start(stageDeploy(projectId, stageId, 'acme/api:v2'));
    expect(await reconciler.pass()).toEqual({ restored: [], repointed: [] });
    expect(proxy.routes.size).toBe(0);
  });

  it('writes nothing for a stage whose deploy starts while the proxy lists its routes', async () => {
    addRow('blue', 'api-blue', 'running', stageId, 1);
    proxy.duringList = startDeploy;
    expect(await reconciler.pass()).toEqual({ restored: [], repointed: [] });
    expect(proxy.writes).toEqual([]);
  });

  it('does not repoint a route when a deploy of its stage starts while another instance is probed', async () => {
    addRow('old', 'api-old', 'running', null, 1);
    addRow('blue', 'api-blue', 'exited', stageId, 2);
    running.set('docker-old', '10.0.0.2');
    healthy.add('10.0.0.2');
    duringProbe = startDeploy;
    expect(await reconciler.pass()).toEqual({ restored: [], repointed: [] });
    expect(proxy.writes).toEqual([]);
    expect(routeOf('blue')).toBe(stageId);
  });

  it('does nothing at all without routes, or with no proxy', async () => {
    await reconciler.pass();
    expect(proxy.ensured).toBe(0);
    addRow('blue', 'api-blue', 'running', stageId, 1);
    proxy.kind = 'none';
    await reconciler.pass();
    expect(proxy.ensured).toBe(0);
    expect(proxy.writes).toEqual([]);
  });
});
