// A stack service's registry watch: its image read from the compose file through the stack's .env,
// a new digest pushed under its tag deploys the stack with a pull (compose recreates the service on
// the new digest), through the stack's own deploy operation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchView } from '../../../shared/registryWatch';
import type { App } from '../app';
import { newRunId, removeComposeProject, testDocker, waitFor } from '../testing/dockerHost';
import { openDeployApp, testProxy } from '../testing/deployHarness';
import { PUSH_REGISTRY, publish, pushRegistryAnswers } from '../testing/pushRegistry';

const INTERVAL_MS = 1_000;
const docker = testDocker();
const runId = newRunId();
const proxy = testProxy(runId);
const prefix = `tf-regwatch-${runId.slice(-8)}`;
const repository = `${PUSH_REGISTRY}/${prefix}/stack`;
const project = `${prefix}-stack`.replace(/[^a-z0-9-]/g, '-');
let app: App;
let stackId = '';

const watches = () => app.handlers['registryWatch.list']({ workloadId: stackId }) as Promise<WatchView[]>;
const operations = () => app.handlers['stacks.operations']({ id: stackId });

beforeAll(async () => {
  await pushRegistryAnswers();
  app = await openDeployApp(proxy, { registryWatch: { intervalMs: INTERVAL_MS } });
});

afterAll(async () => {
  await app?.close();
  await removeComposeProject(docker, project);
});

describe('registry watch of a stack service', () => {
  it('deploys the stack with a pull when the watched service tag moves', async () => {
    const v1 = await publish('tinyforge-test/app:v1', repository, 'live');
    const stack = await app.handlers['workloads.createStack']({
      hostId: 'local',
      name: project,
      composeProjectName: project,
      composeFile: 'services:\n  web:\n    image: ${WEB_IMAGE}\n  side:\n    image: tinyforge-test/busybox:latest\n    command: ["sleep", "3600"]\n',
      envFile: `WEB_IMAGE=${repository}:live\n`,
      allowHostAccess: false,
    });
    stackId = stack.id;
    const first = await app.handlers['stacks.run']({ id: stackId, operation: { kind: 'deploy', pull: true } });
    await waitFor('the first deploy', async () => (await operations()).find((o) => o.id === first.id && o.status === 'succeeded'), 90_000, 200);

    const listed = await watches();
    expect(listed.map((w) => [w.service, w.image])).toEqual([
      ['web', `${repository}:live`],
      ['side', 'tinyforge-test/busybox:latest'],
    ]);
    await app.handlers['registryWatch.set']({ workloadId: stackId, service: 'web', mode: 'deploy' });
    await waitFor(
      'the service running v1',
      async () => (await watches()).find((w) => w.service === 'web' && w.state === 'current' && w.runningDigests.includes(v1)),
      30_000,
      200,
    );

    const v2 = await publish('tinyforge-test/app:v2', repository, 'live');
    await waitFor(
      'the service running v2',
      async () => (await watches()).find((w) => w.service === 'web' && w.state === 'current' && w.runningDigests.includes(v2)),
      90_000,
      200,
    );
    const deploys = (await operations()).filter((o) => o.kind === 'deploy');
    expect(deploys).toHaveLength(2);
    expect(deploys.every((o) => o.status === 'succeeded')).toBe(true);
  }, 240_000);
});
