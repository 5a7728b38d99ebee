// The deployer's route step and crash recovery over a real store with a fake Docker and fake
// proxies: a proxy settings save in the middle of the route step, and a recovery after the project
// and stage were renamed. Against the real dockerd and Caddy: deployer.docker.test.ts, crash.docker.test.ts.
import type Dockerode from 'dockerode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { EventBus } from '../events';
import type { ProxyDriver, ProxyRoute } from '../proxy/proxyDriver';
import { DeployRepo } from '../store/deployRepo';
import { DeployerRows } from '../store/deployerRows';
import { StageRepo } from '../store/stageRepo';
import { createTestProject, openTestStore, stage, stageDeploy } from '../testing/fixtures';
import type { TestStore } from '../testing/fixtures';
import { Deployer, containerName } from './deployer';
import type { DeployerDeps } from './deployer';
import type { DeployStep } from '../../../shared/deploySteps';

/** A proxy that, like CaddyDriver, refuses to write a route before it was ensured. */
class FakeProxy implements ProxyDriver {
  readonly kind = 'caddy' as const;
  ensured = false;
  routes = new Map<string, ProxyRoute>();
  /** Runs during ensure(): what else happens in the app meanwhile. */
  duringEnsure: () => void = () => {};
  async ensure() {
    this.duringEnsure();
    this.ensured = true;
  }
  async attach() {}
  async upsertRoute(route: ProxyRoute) {
    if (!this.ensured) throw new AppError('PROXY_UNAVAILABLE', 'the Caddy proxy is not ensured yet.');
    this.routes.set(route.id, route);
    return route;
  }
  async removeRoute(id: string) {
    this.routes.delete(id);
  }
  async listRoutes() {
    return [...this.routes.values()];
  }
  async close() {}
}

let store: TestStore;
let projectId: string;
let stageId: string;
let deploys: DeployRepo;
let rows: DeployerRows;
/** Container names or ids Docker was asked to remove. */
let removed: string[];

/** A Docker where every image is present and every container starts and answers on 10.0.0.9. */
const docker = {
  getImage: () => ({ inspect: async () => ({ Id: 'sha256:0123' }) }),
  listNetworks: async ({ filters }: { filters: { name: string[] } }) => [{ Name: filters.name[0] }],
  createContainer: async (options: { HostConfig: { NetworkMode: string } }) => ({
    id: 'docker-new',
    start: async () => {},
    update: async () => {},
    // Never exits: the wait call is answered only by the abort the deployer sends once healthy.
    wait: ({ abortSignal }: { abortSignal: AbortSignal }) =>
      new Promise((_, reject) => abortSignal.addEventListener('abort', () => reject(new Error('aborted')))),
    inspect: async () => ({ State: { Running: true }, NetworkSettings: { Networks: { [options.HostConfig.NetworkMode]: { IPAddress: '10.0.0.9' } } } }),
  }),
  getContainer: (nameOrId: string) => ({
    remove: async () => void removed.push(nameOrId),
    stop: async () => {},
  }),
} as unknown as Dockerode;

function deployerWith(overrides: Partial<DeployerDeps>): Deployer {
  return new Deployer({
    hostId: 'local',
    docker: () => docker,
    proxy: new FakeProxy(),
    deploys,
    rows,
    workloads: store.workloads,
    events: new EventBus(),
    log: () => {},
    drainMs: 0,
    probe: async () => 200,
    ...overrides,
  });
}

/** A deploy as a crash leaves it: recorded up to `step`, its container created as `name`. */
function crashedDeploy(step: DeployStep): { deployId: string; name: string } {
  const deployId = deploys.start(stageDeploy(projectId, stageId, 'acme/api:v2')).id;
  const name = containerName('api', 'production', deployId);
  const placeholder = rows.placeholder({
    hostId: 'local',
    workloadId: projectId,
    kind: 'project',
    stageId,
    role: 'production',
    name,
    image: 'acme/api:v2',
    imageTag: 'v2',
    subdomain: 'api',
  });
  const rowId = rows.attachDockerId(placeholder, 'local', `docker-${deployId}`, { imageTag: 'v2', subdomain: 'api' });
  const steps: DeployStep[] = ['image', 'proxy', 'placeholder', 'create', 'start', 'health', 'route', 'drain', 'cleanup'];
  for (let i = 0; steps[i] !== step; i += 1) deploys.advance(deployId, steps[i]!, steps[i + 1]!, { newContainerId: rowId });
  return { deployId, name };
}

function renameProjectAndStage(): void {
  store.workloads.rename(projectId, 'shop');
  new StageRepo(store.db).update(projectId, stageId, { ...stage('live'), port: 80, subdomain: 'api' });
}

beforeEach(() => {
  store = openTestStore();
  ({ projectId, stageId } = createTestProject(store.workloads, { stage: { subdomain: 'api' } }));
  deploys = new DeployRepo(store.db);
  rows = new DeployerRows(store.db);
  removed = [];
});
afterEach(() => store.cleanup());

describe('Deployer', () => {
  it('switches the route on the proxy it ensured when the proxy settings are saved mid-step', async () => {
    const before = new FakeProxy();
    const after = new FakeProxy();
    let current = before;
    let domain = 'apps.example.com';
    // The user saves the proxy settings while the route step ensures the proxy (its second ensure,
    // after the proxy step's): the host's driver is rebuilt (a fresh one, not ensured yet) and the
    // domain changes.
    let ensures = 0;
    before.duringEnsure = () => {
      ensures += 1;
      if (ensures < 2) return;
      current = after;
      domain = 'new.example.com';
    };
    const deployer = deployerWith({ proxy: () => current, domain: () => domain });

    const record = await deployer.deploy({ stageId, imageTag: 'v2' });

    expect(record).toMatchObject({ status: 'succeeded', error: null });
    expect([...before.routes.values()]).toEqual([
      { id: stageId, host: 'api.apps.example.com', upstream: { host: expect.stringMatching(/^api-production-/), port: 80 }, healthPath: '/health' },
    ]);
  });

  it('removes the container a deploy created, by the name it was given, when recovery follows a rename', async () => {
    const { deployId, name } = crashedDeploy('start');
    renameProjectAndStage();

    const [recovered] = await deployerWith({}).recover();

    expect(recovered).toMatchObject({ id: deployId, status: 'failed', error: expect.stringMatching(/^interrupted: /) });
    expect(removed).toEqual([name]);
    expect(rows.instances(stageId, 'local')).toEqual([]);
  });

  it('routes to the container a deploy created, by the name it was given, when recovery follows a rename', async () => {
    const { deployId, name } = crashedDeploy('route');
    renameProjectAndStage();
    const proxy = new FakeProxy();

    const [recovered] = await deployerWith({ proxy, domain: 'apps.example.com' }).recover();

    expect(recovered).toMatchObject({ id: deployId, status: 'succeeded' });
    expect(proxy.routes.get(stageId)?.upstream).toEqual({ host: name, port: 80 });
  });
});
