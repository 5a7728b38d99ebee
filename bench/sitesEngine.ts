// The engine of the `sites` bench, in a process of its own (forked by sites.bench.ts over an IPC
// channel), so that the RSS the bench reads is the engine's: the site generator, the baseline's
// docker commands, the load's requests and the proxy polling all run in the bench's process.
// It answers the bench's requests (open a host, call a handler, close) and forwards every
// sites.progress event as it is emitted.
import type { Handlers } from '../src/main/engine/rpc/handlers';
import type { App } from '../src/main/engine/app';
import type { CaddyDriver } from '../src/main/engine/proxy/caddyDriver';
import { openDeployApp, testProxy } from '../src/main/engine/testing/deployHarness';
import { waitFor } from '../src/main/engine/testing/dockerHost';
import { addTrustedHost } from '../src/main/engine/testing/sshServer';
import type { SshSettings } from '../src/shared/types';

export type EngineRequest =
  | { op: 'open'; kind: 'local' | 'ssh'; proxy: ReturnType<typeof testProxy>; ssh: SshSettings | null; label: string; keepVersions: number }
  | { op: 'call'; name: keyof Handlers; input: unknown }
  | { op: 'proxyAddress' }
  | { op: 'close' };

export type EngineMessage =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { message: string; code?: string } }
  | { event: 'sites.progress'; payload: unknown };

let app: App | null = null;
let hostId = '';

const send = (message: EngineMessage) => process.send?.(message);

async function handle(request: EngineRequest): Promise<unknown> {
  switch (request.op) {
    case 'open': {
      // A 1 s drain (30 s by default) keeps the run short; a deploy is timed until it serves, before the drain.
      app = await openDeployApp(request.proxy, { deploy: { drainMs: 1_000, stopTimeoutSec: 1 } });
      app.events.subscribe((event, payload) => {
        if (event === 'sites.progress') send({ event, payload });
      });
      const opened = app;
      const ssh = request.ssh;
      hostId = ssh ? await addTrustedHost(opened, { settings: () => ssh }, 'bench') : 'local';
      await waitFor(`the ${request.kind} host up`, () => opened.services.hostViews().find((v) => v.id === hostId)?.state === 'up', 15_000);
      const site = await opened.handlers['workloads.createSite']({ hostId, name: request.label, sourceDir: '' });
      if (site.kind !== 'site') throw new Error('createSite made no site');
      await opened.handlers['sites.update']({ id: site.id, subdomain: site.subdomain, options: site.options, keepVersions: request.keepVersions });
      return { hostId, siteId: site.id };
    }
    case 'call': {
      if (!app) throw new Error('no host is open');
      const handler = app.handlers[request.name] as (input: unknown) => Promise<unknown>;
      return handler(request.input);
    }
    case 'proxyAddress':
      return (app?.services.proxy(hostId) as CaddyDriver | undefined)?.httpAddress ?? '';
    case 'close':
      await app?.close();
      app = null;
      return null;
  }
}

process.on('message', (message: { id: number; request: EngineRequest }) => {
  handle(message.request).then(
    (value) => send({ id: message.id, ok: true, value }),
    (error: unknown) => {
      const e = error as { message?: string; code?: string };
      send({ id: message.id, ok: false, error: { message: e.message ?? String(error), code: e.code } });
      if (message.request.op === 'close') process.exit(1);
    },
  );
});
process.on('disconnect', () => process.exit(0));
