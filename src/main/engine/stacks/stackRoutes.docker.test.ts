// A stack's service published through the managed Caddy, against the real dockerd, compose v1 and a
// real Caddy: the route reaches the service, follows it when compose recreates its container, comes
// back with a Caddy that was removed, never points at a container that only carries the stack's
// labels, does not stand in the way of `down`, and leaves the proxy when unpublished or when its
// stack is deleted. Publishing refuses what it cannot honour and then saves nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackOperationView } from '../../../shared/types';
import type { App } from '../app';
import { LABEL } from '../docker/labels';
import type { CaddyDriver } from '../proxy/caddyDriver';
import { createAppProject, openDeployApp, removeDeployLeftovers, testProxy } from '../testing/deployHarness';
import { newRunId, removeComposeProject, testDocker, waitFor } from '../testing/dockerHost';
import { rejectionOf } from '../testing/fixtures';
import { getVia } from '../testing/proxyClient';

const docker = testDocker();
const runId = newRunId();
const project = `tfr${runId.replace(/[^a-z0-9]/g, '').slice(-10)}`;
const proxySettings = testProxy(runId);
const subdomain = `web-${project}`;
let app: App;
let stackId = '';
let projectId = '';
const forgedName = `${project}-forged`;

const composeFile = (tag: 'v1' | 'v2') => `services:
  web:
    image: tinyforge-test/app:${tag}
    init: true
  worker:
    image: tinyforge-test/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
`;

async function run(operation: Parameters<App['handlers']['stacks.run']>[0]['operation']): Promise<StackOperationView> {
  const started = await app.handlers['stacks.run']({ id: stackId, operation });
  const done = await waitFor(
    `${operation.kind} done`,
    async () => (await app.handlers['stacks.operations']({ id: stackId })).find((o) => o.id === started.id && o.status !== 'running'),
    60_000,
    100,
  );
  expect(done.error, done.output.join('\n')).toBeNull();
  return done;
}

const caddy = () => app.services.proxy('local') as CaddyDriver;
async function body(host = `${subdomain}.localhost`): Promise<string> {
  const address = caddy().httpAddress;
  if (!address) return 'no proxy yet';
  const answer = await getVia(address, host, '/');
  return 'body' in answer ? `${answer.status} ${answer.body}` : answer.error;
}
const serves = (expected: string) => async () => (await body()) === `200 ${expected}`;
const routes = () => app.handlers['stacks.routes']({ id: stackId });
const webContainer = async () =>
  (await docker.listContainers({ filters: { label: [`${LABEL.composeProject}=${project}`, `${LABEL.composeService}=web`] } }))[0]!;

beforeAll(async () => {
  app = await openDeployApp(proxySettings);
  const stack = await app.handlers['workloads.createStack']({
    hostId: 'local',
    name: `routes ${project}`,
    composeProjectName: project,
    composeFile: composeFile('v1'),
    envFile: '',
    allowHostAccess: false,
  });
  stackId = stack.id;
  ({ projectId } = await createAppProject(app, `proj-${project}`, { subdomain: `stage-${project}` }));
}, 60_000);

afterAll(async () => {
  await app?.close();
  await docker
    .getContainer(forgedName)
    .remove({ force: true })
    .catch(() => undefined);
  await removeComposeProject(docker, project);
  await removeDeployLeftovers(docker, [projectId], proxySettings);
});

describe('publishing a stack service through the managed proxy', () => {
  it('refuses a service the saved file does not declare, a name a stage holds and an unknown route: nothing saved', async () => {
    expect(await rejectionOf(Promise.resolve(app.handlers['stacks.publish']({ id: stackId, service: 'db', port: 80, subdomain })))).toMatchObject({
      code: 'VALIDATION',
      issues: [{ path: 'service', message: 'must be one of web, worker' }],
    });
    expect(
      await rejectionOf(Promise.resolve(app.handlers['stacks.publish']({ id: stackId, service: 'web', port: 80, subdomain: `stage-${project}` }))),
    ).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining(`stage production of project proj-${project}`),
    });
    expect(await rejectionOf(Promise.resolve(app.handlers['stacks.unpublish']({ id: stackId, routeId: 'no-such-route' })))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await rejectionOf(Promise.resolve(app.handlers['stacks.publish']({ id: projectId, service: 'web', port: 80, subdomain })))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await routes()).toEqual([]);
  });

  it('publishes before the first deploy as waiting, then routes to the deployed service', async () => {
    const published = await app.handlers['stacks.publish']({ id: stackId, service: 'web', port: 80, subdomain });
    expect(published).toEqual([
      { id: expect.any(String), service: 'web', port: 80, subdomain, host: `${subdomain}.localhost`, upstream: null, state: 'waiting' },
    ]);
    expect(await rejectionOf(Promise.resolve(app.handlers['stacks.publish']({ id: stackId, service: 'worker', port: 80, subdomain })))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('service web of this stack'),
    });

    // Nor may a stage take the name: not a new project's, not an edited one's. Nothing saved.
    const project = await app.handlers['workloads.get']({ id: projectId });
    const stage = project.kind === 'project' ? project.stages[0]! : null;
    expect(await rejectionOf(Promise.resolve(app.handlers['stages.update']({ stageId: stage!.id, stage: { ...stage!, subdomain } })))).toMatchObject({
      code: 'CONFLICT',
      issues: [{ path: 'stage.subdomain', message: 'is taken on this host' }],
    });
    expect(await app.handlers['workloads.get']({ id: projectId })).toEqual(project);
    const newProject = { hostId: 'local', name: `other-${project.name}`, imageRepository: 'tinyforge-test/app', stages: [{ ...stage!, subdomain }] };
    expect(await rejectionOf(Promise.resolve(app.handlers['workloads.createProject'](newProject)))).toMatchObject({ code: 'CONFLICT' });
    expect(app.services.workloads.list('local').some((w) => w.name === newProject.name)).toBe(false);

    await run({ kind: 'deploy', pull: false });

    await waitFor('web served through Caddy', serves('v1'), 20_000, 200);
    const web = await webContainer();
    expect(await routes()).toEqual([expect.objectContaining({ service: 'web', state: 'routed', upstream: web.Names[0]!.slice(1) })]);
  }, 90_000);

  it('follows the service when compose recreates its container on an update', async () => {
    const before = (await webContainer()).Id;
    await app.handlers['stacks.save']({ id: stackId, composeFile: composeFile('v2'), envFile: '', allowHostAccess: false });

    await run({ kind: 'update' });

    expect((await webContainer()).Id).not.toBe(before);
    await waitFor('v2 served through Caddy', serves('v2'), 20_000, 200);
  }, 90_000);

  it('comes back with a Caddy that was removed, without an operation', async () => {
    await docker.getContainer(proxySettings.name).remove({ force: true });
    await waitFor('served again', serves('v2'), 30_000, 200);
  }, 60_000);

  it("never routes to a container that only carries the service's labels", async () => {
    const web = await webContainer();
    const network = `${project}_default`;
    // The impostor answers v1 on the stack's own network, labelled as the stack's web service.
    const forged = await docker.createContainer({
      name: forgedName,
      Image: 'tinyforge-test/app:v1',
      Labels: {
        [LABEL.managed]: 'true',
        [LABEL.workloadId]: stackId,
        [LABEL.workloadKind]: 'stack',
        [LABEL.role]: 'web',
        [LABEL.composeProject]: project,
        [LABEL.composeService]: 'web',
      },
      HostConfig: { NetworkMode: network },
    });
    await forged.start();
    await docker.getContainer(web.Id).stop({ t: 1 });
    await waitFor('the route waits for the real service', async () => (await routes())[0]?.state === 'waiting', 20_000, 200);
    await app.services.runtime('local')!.reconciler.trigger();
    await app.services.proxyReconciler('local').trigger();

    const held = (await caddy().listRoutes()).find((r) => r.host === `${subdomain}.localhost`);
    expect(held?.upstream.host).toBe(web.Names[0]!.slice(1));
    expect(await body()).not.toBe('200 v1');

    await docker.getContainer(forgedName).remove({ force: true });
    await docker.getContainer(web.Id).start();
    await app.services.runtime('local')!.reconciler.trigger();
    await waitFor('served by the real service again', serves('v2'), 20_000, 200);
  }, 60_000);

  it('takes the proxy off the stack network so down removes it, and routes again after a deploy', async () => {
    await run({ kind: 'down', removeVolumes: false, confirmName: `routes ${project}` });
    expect(await docker.listNetworks({ filters: { name: [`${project}_default`] } })).toEqual([]);
    expect((await routes())[0]?.state).toBe('waiting');

    await run({ kind: 'deploy', pull: false });
    await waitFor('served after down and deploy', serves('v2'), 20_000, 200);
  }, 90_000);

  it('drops a stack route the managed proxy holds that no record names (its stack deleted while the host was away)', async () => {
    await caddy().upsertRoute({ id: 'stack-orphan', host: `orphan-${project}.localhost`, upstream: { host: 'nowhere', port: 80 } });
    await app.services.proxyReconciler('local').trigger();
    const held = (await caddy().listRoutes()).map((r) => r.id);
    expect(held).not.toContain('stack-orphan');
    expect(held).toContain((app.services.db.prepare('SELECT proxy_route_id AS id FROM stack_routes').get() as { id: string }).id);
  });

  it('unpublishes: the proxy no longer holds the route', async () => {
    const [route] = await routes();
    expect(await app.handlers['stacks.unpublish']({ id: stackId, routeId: route!.id })).toEqual([]);
    expect((await caddy().listRoutes()).some((r) => r.host === `${subdomain}.localhost`)).toBe(false);
    expect(await body()).not.toBe('200 v2');
  });

  it("drops a stack's routes from the managed proxy once the stack is deleted", async () => {
    await app.handlers['stacks.publish']({ id: stackId, service: 'web', port: 80, subdomain });
    await waitFor('routed', serves('v2'), 20_000, 200);
    await run({ kind: 'down', removeVolumes: false, confirmName: `routes ${project}` });
    // The impostor's row stays as missing (a container the app did not remove), which does not hold up the delete.
    await waitFor('containers gone', () => app.services.containers.list('local').every((c) => c.workloadId !== stackId || c.state === 'missing'), 20_000, 100);

    await app.handlers['workloads.delete']({ id: stackId });
    await app.services.proxyReconciler('local').trigger();

    expect((await caddy().listRoutes()).some((r) => r.host === `${subdomain}.localhost`)).toBe(false);
  }, 90_000);
});
