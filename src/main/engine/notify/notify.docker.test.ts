// Notifications from the real sources against the real dockerd: a crash-looping container (restart
// always, exit 1) becomes one grouped message with its count; a stop from the UI sends no crash; a
// dead channel is retried while a deploy runs beside it, untouched. The channels post to a local
// HTTP receiver (and a port nothing listens on); the events come from the app's own reconciler and
// deployer, never from the test.
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import { canonicalLabels } from '../docker/labels';
import { TEST_IMAGE, TEST_RUN_LABEL, newRunId, removeRun, testDocker, waitFor } from '../testing/dockerHost';
import { createAppProject, openDeployApp, removeDeployLeftovers, testProxy } from '../testing/deployHarness';
import { closedPort, startHttpReceiver } from '../testing/notifyReceivers';
import type { HttpReceiver } from '../testing/notifyReceivers';

const CRASH_WINDOW_MS = 6_000;
const docker = testDocker();
const runId = newRunId();
const proxy = testProxy(runId);
let app: App;
let receiver: HttpReceiver;
let projectId = '';
let stageId = '';

interface Received {
  event: string;
  title: string;
  count: number;
  data: { container?: string; deployId?: string } | null;
}
const messages = (): Received[] => receiver.received.map((r) => r.body as Received);

beforeAll(async () => {
  receiver = await startHttpReceiver();
  app = await openDeployApp(proxy, {
    notify: {
      windows: { 'container.crashed': CRASH_WINDOW_MS, 'container.unhealthy': 500 },
      retry: { attempts: 5, baseDelayMs: 1_000, maxDelayMs: 4_000 },
      sendTimeoutMs: 2_000,
    },
  });
  ({ projectId, stageId } = await createAppProject(app, `notify-${runId.slice(-6)}`, { subdomain: `notify-${runId.slice(-6)}` }));
  await app.handlers['notify.channels.save']({
    name: 'receiver',
    enabled: true,
    events: ['container.crashed', 'container.unhealthy', 'deploy.succeeded', 'deploy.failed'],
    target: { kind: 'webhook' },
    secret: `${receiver.url}/hook`,
    clearSecret: false,
  });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await receiver?.close();
  await removeRun(docker, runId);
  await removeDeployLeftovers(docker, [projectId], proxy);
});

/** A container whose labels claim the project's stage: the reconciler tracks it like any of its rows. */
async function tracked(name: string, cmd: string[], hostConfig: Dockerode.HostConfig = {}, healthcheck?: Dockerode.ContainerCreateOptions['Healthcheck']) {
  const container = await docker.createContainer({
    Image: TEST_IMAGE,
    name: `${runId}-${name}`,
    Cmd: cmd,
    Healthcheck: healthcheck,
    Labels: { ...canonicalLabels(projectId, 'project', 'production'), [TEST_RUN_LABEL]: runId },
    HostConfig: hostConfig,
  });
  await container.start();
  const row = await waitFor(`${name} seen`, () => app.services.containers.list().find((c) => c.dockerId === container.id));
  return { container, rowId: row.id, name: `${runId}-${name}` };
}

describe('notifications from real sources', () => {
  it('sends a crash loop as one message with its count', async () => {
    const { container, name } = await tracked('loop', ['sh', '-c', 'sleep 0.3; exit 1'], { RestartPolicy: { Name: 'always' } });
    // Crashes pile up inside the window; then the loop is ended from outside (not a crash).
    await waitFor('three crashes recorded', () => app.services.stops.history('local', container.id).filter((s) => s.kind === 'crash').length >= 3, 20_000);
    await container.remove({ force: true });
    const crashes = app.services.stops.history('local', container.id).filter((s) => s.kind === 'crash').length;
    const [message] = await waitFor(
      'the grouped message',
      () => {
        const found = messages().filter((m) => m.event === 'container.crashed' && m.data?.container === name);
        return found.length > 0 && found;
      },
      CRASH_WINDOW_MS + 10_000,
    );
    expect(message!.count).toBeGreaterThanOrEqual(3);
    expect(message!.count).toBeLessThanOrEqual(crashes + 1);
    expect(message!.title).toBe(`${name} crashed (${message!.count} times)`);
    // One message for the loop, however many crashes it counted.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(messages().filter((m) => m.event === 'container.crashed' && m.data?.container === name)).toHaveLength(1);
  }, 60_000);

  it('sends no crash message for a stop from the UI', async () => {
    const { container, rowId, name } = await tracked('ui', ['sleep', '3600']);
    await waitFor('running', () => app.services.containers.list().find((c) => c.id === rowId && c.state === 'running'));
    await app.handlers['containers.stop']({ id: rowId, workloadId: projectId, stageId });
    const [stop] = await waitFor('the stop recorded', () => {
      const h = app.services.stops.history('local', container.id);
      return h.length > 0 && h;
    });
    expect(stop).toMatchObject({ kind: 'app', reason: 'user' });
    // A crash would have been sent when its window closed: wait past it.
    await new Promise((r) => setTimeout(r, CRASH_WINDOW_MS + 1_000));
    expect(messages().filter((m) => m.data?.container === name)).toEqual([]);
  }, 60_000);

  it('tells a container whose health check starts failing, once', async () => {
    const { name } = await tracked('sick', ['sleep', '3600'], undefined, {
      Test: ['CMD-SHELL', 'exit 1'],
      Interval: 500_000_000,
      Timeout: 500_000_000,
      Retries: 1,
    });
    const [message] = await waitFor(
      'the unhealthy message',
      () => {
        const found = messages().filter((m) => m.event === 'container.unhealthy' && m.data?.container === name);
        return found.length > 0 && found;
      },
      20_000,
    );
    expect(message).toMatchObject({ title: `${name} is unhealthy`, count: 1 });
    // It stays unhealthy through more checks and passes: still one message.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(messages().filter((m) => m.event === 'container.unhealthy' && m.data?.container === name)).toHaveLength(1);
  }, 60_000);

  it('retries a dead channel while a deploy runs beside it, and the deploy is unaffected', async () => {
    const port = await closedPort();
    const dead = await app.handlers['notify.channels.save']({
      name: 'dead',
      enabled: true,
      events: ['deploy.succeeded'],
      target: { kind: 'webhook' },
      secret: `http://127.0.0.1:${port}/gone`,
      clearSecret: false,
    });
    const started = await app.handlers['deploys.start']({ stageId, imageTag: 'v1' });
    const deploy = await waitFor(
      'deploy finished',
      () => {
        const d = app.services.deploys.get(started.id);
        return d?.status !== 'running' && d;
      },
      60_000,
    );
    expect(deploy.status).toBe('succeeded');
    // The live channel has its message; the dead one is still being retried, its error on show.
    await waitFor('delivered to the live channel', () => messages().some((m) => m.event === 'deploy.succeeded' && m.data?.deployId === started.id));
    const view = await waitFor('the dead channel failing', () => {
      const v = app.services.notifier.views().find((c) => c.id === dead.id);
      return v?.lastError && v;
    });
    expect(view.lastError).toMatchObject({ code: 'NOTIFY_SEND_FAILED', details: { service: 'ECONNREFUSED' } });
    expect(view.pending).toBe(1);
    expect(view.lastSuccessAt).toBeNull();
    // A second deploy while the retries go on: still not held up.
    const again = await app.handlers['deploys.start']({ stageId, imageTag: 'v2' });
    await waitFor('second deploy', () => app.services.deploys.get(again.id)?.status === 'succeeded', 60_000);
    expect(app.services.notifier.views().find((c) => c.id === dead.id)!.pending).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
