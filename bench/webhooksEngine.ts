// The engine of the `webhooks` bench, in a process of its own (forked by webhooks.bench.ts over an
// IPC channel), so the flood generator and the timing clients do not share its event loop: the lag
// it measures is the engine's own. It opens the app with the webhook listener on 127.0.0.1, makes
// a project of the test app image with a secret, forwards every deploys.changed event, and
// measures its own event-loop delay on request.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { IntervalHistogram } from 'node:perf_hooks';
import type { App } from '../src/main/engine/app';
import { createAppProject, openDeployApp, testProxy } from '../src/main/engine/testing/deployHarness';

export type EngineRequest = { op: 'open'; proxy: ReturnType<typeof testProxy>; label: string } | { op: 'lagStart' } | { op: 'lagStop' } | { op: 'close' };

export type EngineMessage =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { message: string } }
  | { event: 'deploys.changed'; payload: { deployId: string; status: string } };

let app: App | null = null;
let lag: IntervalHistogram | null = null;
const send = (message: EngineMessage) => process.send?.(message);

async function handle(request: EngineRequest): Promise<unknown> {
  switch (request.op) {
    case 'open': {
      app = await openDeployApp(request.proxy, { deploy: { drainMs: 200, stopTimeoutSec: 1 } });
      app.events.subscribe((event, payload) => {
        if (event === 'deploys.changed') send({ event, payload: payload as { deployId: string; status: string } });
      });
      const { projectId, stageId } = await createAppProject(app, request.label, { subdomain: request.label });
      const { secret } = app.services.webhooks.rotateSecret(projectId);
      const view = await app.services.webhooks.updateListener({ enabled: true, address: '127.0.0.1', port: 0 });
      return { projectId, stageId, secret, baseUrl: view.baseUrl };
    }
    case 'lagStart':
      // 1 ms resolution: the timer the histogram runs on is itself a (tiny) load on the loop.
      lag = monitorEventLoopDelay({ resolution: 1 });
      lag.enable();
      return null;
    case 'lagStop': {
      if (!lag) return null;
      lag.disable();
      const figures = { p99Ms: lag.percentile(99) / 1e6, maxMs: lag.max / 1e6, meanMs: lag.mean / 1e6 };
      lag = null;
      return figures;
    }
    case 'close':
      await app?.close();
      app = null;
      return null;
  }
}

process.on('message', (message: { id: number; request: EngineRequest }) => {
  handle(message.request).then(
    (value) => send({ id: message.id, ok: true, value }),
    (error: unknown) => send({ id: message.id, ok: false, error: { message: error instanceof Error ? error.message : String(error) } }),
  );
});
process.on('disconnect', () => process.exit(0));
