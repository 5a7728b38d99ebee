// What the deploy tests, the crash child and the deploy bench share: a Deployer wired to an app's
// own services and a proxy, with short drain and stop times, and a one-stage test project.
import type Dockerode from 'dockerode';
import { createApp } from '../app';
import type { App, AppConfig } from '../app';
import { DOCKER_SOCKET, waitFor } from './dockerHost';
import { tempDir } from './fixtures';
import { Deployer } from '../projects/deployer';
import { workloadNetwork } from '../docker/labels';
import type { DeployerDeps } from '../projects/deployer';
import type { ProxyDriver } from '../proxy/proxyDriver';
import { DeployRepo } from '../store/deployRepo';
import { DeployerRows } from '../store/deployerRows';

/**
 * An app on the test dockerd with the run's own managed proxy and short deploy timings, once its
 * local host is up. `overrides` replace any of it (a data folder to reopen, a longer drain).
 */
export async function openDeployApp(proxy: ReturnType<typeof testProxy>, overrides: Partial<AppConfig> = {}): Promise<App> {
  const app = await createApp({
    dataDir: tempDir(),
    shell: 'browser',
    dockerSocketPath: DOCKER_SOCKET,
    resyncIntervalMs: 60_000,
    log: () => {},
    proxy,
    deploy: { drainMs: 200, stopTimeoutSec: 1 },
    ...overrides,
  });
  await waitFor('docker up', () => app.services.runtime('local')?.connection.status.state === 'up');
  return app;
}

/** The test image test-host builds from Debian's caddy (nothing can be pulled here). */
export const TEST_PROXY_IMAGE = 'tinyforge-test/caddy:2.6';

/** A test run's own managed proxy: names of its own, any free HTTP port on loopback. */
export function testProxy(runId: string): { image: string; name: string; network: string; httpPort: number } {
  return { image: TEST_PROXY_IMAGE, name: `${runId}-caddy`, network: `${runId}-proxy`, httpPort: 0 };
}

export function deployerFor(app: App, proxy: DeployerDeps['proxy'] & ProxyDriver, overrides: Partial<DeployerDeps> = {}): Deployer {
  return new Deployer({
    hostId: 'local',
    docker: () => app.services.runtime('local')!.connection.docker,
    proxy,
    deploys: new DeployRepo(app.services.db),
    rows: new DeployerRows(app.services.db),
    workloads: app.services.workloads,
    events: app.events,
    log: () => {},
    drainMs: 300,
    stopTimeoutSec: 1,
    // The app's own: its recovery must not take this deployer's runs for crashed ones.
    active: app.services.activeDeploys,
    ...overrides,
  });
}

/**
 * A project of the test app images (tinyforge-test/app:v1 and :v2, or another repository such as
 * the test registry's) with one `production` stage.
 */
export async function createAppProject(
  app: App,
  name: string,
  stage: { subdomain: string; maxInstances?: number; healthTimeoutSec?: number; imageRepository?: string },
): Promise<{ projectId: string; stageId: string }> {
  const project = await app.handlers['workloads.createProject']({
    hostId: 'local',
    name,
    imageRepository: stage.imageRepository ?? 'tinyforge-test/app',
    stages: [
      {
        name: 'production',
        imageTag: 'v1',
        env: {},
        port: 80,
        healthCheckPath: '/health',
        healthTimeoutSec: stage.healthTimeoutSec ?? 10,
        subdomain: stage.subdomain,
        maxInstances: stage.maxInstances ?? 2,
      },
    ],
  });
  return { projectId: project.id, stageId: project.kind === 'project' ? project.stages[0]!.id : '' };
}

/**
 * Removes what a deploy test left on the daemon: the workloads' containers, networks and (a site's
 * versions) volumes, and its Caddy with its network and config volume. Close the app first: its proxy reconcile brings back
 * a Caddy that disappears while routes still have somewhere to go.
 */
export async function removeDeployLeftovers(docker: Dockerode, projectIds: readonly string[], proxy: { name: string; network: string }): Promise<void> {
  const ids = projectIds.filter(Boolean);
  for (const projectId of ids) {
    const ours = await docker.listContainers({ all: true, filters: { label: [`tinyforge.workload.id=${projectId}`] } });
    await Promise.all(
      ours.map((c) =>
        docker
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => undefined),
      ),
    );
  }
  // Caddy before the networks: it is attached to every workload network, which Docker will not
  // remove while it is.
  for (const name of [proxy.name, `${proxy.name}-front`])
    await docker
      .getContainer(name)
      .remove({ force: true })
      .catch(() => undefined);
  for (const network of [...ids.map(workloadNetwork), proxy.network])
    await docker
      .getNetwork(network)
      .remove()
      .catch(() => undefined);
  const versions = await Promise.all(ids.map((id) => docker.listVolumes({ filters: { label: [`tinyforge.workload.id=${id}`] } })));
  const volumes = versions.flatMap((v) => (v.Volumes ?? []).map((volume) => volume.Name));
  for (const volume of [...volumes, ...['state', 'admin'].map((v) => `${proxy.name}-${v}`)])
    await docker
      .getVolume(volume)
      .remove()
      .catch(() => undefined);
}
