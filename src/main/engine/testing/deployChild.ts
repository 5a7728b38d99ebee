// A separate engine process for the crash tests: it deploys a stage and, right after the step named
// on its command line is recorded, prints PAUSED and waits to be killed with SIGKILL.
// Usage: tsx deployChild.ts <dataDir> <stageId> <imageTag> <pauseAfterStep> <caddyName> <caddyNetwork>
import { createApp } from '../app';
import { CaddyDriver } from '../proxy/caddyDriver';
import { deployerFor } from './deployHarness';
import { DOCKER_SOCKET, testDocker, waitFor } from './dockerHost';

async function main(): Promise<void> {
  const [dataDir, stageId, imageTag, pauseAfter, caddyName, caddyNetwork] = process.argv.slice(2);
  // The app's own proxy (its proxy reconcile uses it) is the test's Caddy too, not the default one.
  const app = await createApp({
    dataDir: dataDir!,
    shell: 'browser',
    dockerSocketPath: DOCKER_SOCKET,
    resyncIntervalMs: 60_000,
    log: () => {},
    proxy: { image: 'tinyforge-test/caddy:2.6', name: caddyName!, network: caddyNetwork!, httpPort: 0 },
  });
  await waitFor('docker up', () => app.services.runtime('local')?.connection.status.state === 'up');
  const caddy = new CaddyDriver({ docker: testDocker(), image: 'tinyforge-test/caddy:2.6', name: caddyName!, network: caddyNetwork!, httpPort: 0 });
  await caddy.ensure();
  const deployer = deployerFor(app, caddy, {
    afterStep: async (step) => {
      if (step !== pauseAfter) return;
      process.stdout.write(`PAUSED ${step}\n`);
      await new Promise(() => undefined);
    },
  });
  await deployer.deploy({ stageId: stageId!, imageTag });
  process.stdout.write('FINISHED\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
