// A separate engine process for the site crash tests: it deploys a folder to a site and, at the
// point named on its command line (`copy`: once the copy into the version's volume is under way;
// else right after that runner step is recorded), prints PAUSED and goes on or waits to be killed
// with SIGKILL. Usage: tsx siteChild.ts <dataDir> <siteId> <folder> <pauseAt> <caddyName> <caddyNetwork>
import type { SiteProgress } from '../../../shared/types';
import { createApp } from '../app';
import { DOCKER_SOCKET, waitFor } from './dockerHost';

async function main(): Promise<void> {
  const [dataDir, siteId, folder, pauseAt, caddyName, caddyNetwork] = process.argv.slice(2);
  const app = await createApp({
    dataDir: dataDir!,
    shell: 'browser',
    dockerSocketPath: DOCKER_SOCKET,
    resyncIntervalMs: 60_000,
    log: () => {},
    proxy: { image: 'tinyforge-test/caddy:2.6', name: caddyName!, network: caddyNetwork!, httpPort: 0 },
    deploy: {
      drainMs: 300,
      stopTimeoutSec: 1,
      afterStep: async (step) => {
        if (step !== pauseAt) return;
        process.stdout.write(`PAUSED ${step}\n`);
        await new Promise(() => undefined);
      },
    },
  });
  await waitFor('docker up', () => app.services.runtime('local')?.connection.status.state === 'up');
  app.events.subscribe((event, payload) => {
    const progress = payload as SiteProgress;
    // The copy goes on: the kill lands in the middle of it.
    if (pauseAt === 'copy' && event === 'sites.progress' && progress.phase === 'copying' && progress.bytes > 0) process.stdout.write('PAUSED copy\n');
  });
  await app.handlers['sites.deploy']({ id: siteId!, source: { kind: 'folder', path: folder! } });
  await new Promise(() => undefined);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
