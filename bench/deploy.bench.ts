// `npm run bench -- deploy`: ten consecutive blue-green deploys (v1/v2 alternating) through Caddy
// while a client sends requests without pause; in the same run the same switch done the compose
// way (`docker-compose up -d --force-recreate` of a one-service file, behind the same Caddy), and
// the bare floor (docker run + the same health wait, no proxy).
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createApp } from '../src/main/engine/app';
import { CaddyDriver } from '../src/main/engine/proxy/caddyDriver';
import { createAppProject, deployerFor, removeDeployLeftovers, testProxy } from '../src/main/engine/testing/deployHarness';
import { answerText, getVia } from '../src/main/engine/testing/proxyClient';
import type { ClientKind } from '../src/main/engine/testing/proxyClient';
import { DOCKER_SOCKET, TEST_RUN_LABEL, newRunId, removeRun, testDocker, waitFor } from '../src/main/engine/testing/dockerHost';
import { tempDir } from '../src/main/engine/testing/fixtures';
import { median, round, writeResult } from './report';

const run = promisify(execFile);
const DEPLOYS = 10;
const docker = testDocker();
const runId = newRunId();

/** What each failed request got, for the report: a failure without its cause is not actionable. */
const failures: string[] = [];

async function get(address: string, host: string, kind: ClientKind): Promise<boolean> {
  const answer = await getVia(address, host, '/', 5_000, kind);
  const ok = !('error' in answer) && answer.status === 200;
  if (!ok) failures.push(`${new Date().toISOString()} ${host} (${kind} client): ${answerText(answer)}`);
  return ok;
}

async function getPath(address: string, path: string): Promise<boolean> {
  const answer = await getVia(address, address, path, 2_000, 'fresh');
  return !('error' in answer) && answer.status === 200;
}

/**
 * Two clients send requests without pause while `work` runs: a browser-like one (keep-alive, one
 * retry of a GET whose connection closed before any answer) and one that opens a fresh
 * connection per request and never retries. Each is counted apart: see proxyClient.ts for why.
 */
async function underLoad(address: string, host: string, work: () => Promise<void>) {
  const counts = { total: 0, failed: 0, freshTotal: 0, freshFailed: 0 };
  let running = true;
  const browser = (async () => {
    while (running) {
      counts.total += 1;
      if (!(await get(address, host, 'browser'))) counts.failed += 1;
    }
  })();
  const fresh = (async () => {
    while (running) {
      counts.freshTotal += 1;
      if (!(await get(address, host, 'fresh'))) counts.freshFailed += 1;
    }
  })();
  await work();
  running = false;
  await Promise.all([browser, fresh]);
  return counts;
}

async function healthy(ip: string): Promise<void> {
  // The deployer's own bar: GET /health answers, probed every 100 ms.
  await waitFor('healthy', () => getPath(`${ip}:80`, '/health'), 30_000, 100);
}

async function main() {
  // The app's own proxy (its proxy reconcile uses it) is the bench's Caddy, not the default one.
  const proxy = testProxy(runId);
  const app = await createApp({ dataDir: tempDir(), shell: 'browser', dockerSocketPath: DOCKER_SOCKET, resyncIntervalMs: 60_000, log: () => {}, proxy });
  const caddy = new CaddyDriver({ docker, ...proxy });
  let projectId = '';
  const composeDir = mkdtempSync(join(tmpdir(), 'tf-compose-'));
  const composeProject = `${runId.replace(/[^a-z0-9]/g, '')}c`;
  try {
    await waitFor('docker up', () => app.services.runtime('local')?.connection.status.state === 'up');
    await caddy.ensure();
    const created = await createAppProject(app, `bench-${runId.slice(-6)}`, { subdomain: 'bench', healthTimeoutSec: 30 });
    projectId = created.projectId;
    const stageId = created.stageId;
    const deployer = deployerFor(app, caddy, { drainMs: 1_000, healthIntervalMs: 100 });
    await deployer.deploy({ stageId, imageTag: 'v1' });

    // Tinyforge: ten blue-green deploys under steady load.
    const deployMs: number[] = [];
    const totalMs: number[] = [];
    const ours = await underLoad(caddy.httpAddress!, 'bench.localhost', async () => {
      for (let i = 0; i < DEPLOYS; i += 1) {
        const started = performance.now();
        const record = await deployer.deploy({ stageId, imageTag: i % 2 === 0 ? 'v2' : 'v1' });
        if (record.status !== 'succeeded') throw new Error(`deploy ${i} failed: ${record.error}`);
        totalMs.push(performance.now() - started);
        console.log(
          `deploy ${i} at ${new Date(record.startedAt).toISOString()}: ${record.steps.map((st) => `${st.step}@${st.at - record.startedAt}`).join(' ')}`,
        );
        // Until the new version serves: the route step's time, from the record.
        deployMs.push(record.steps.find((s) => s.step === 'route')!.at - record.startedAt);
      }
    });

    // Compose: the same service recreated in place behind the same Caddy.
    const composeNetwork = `${runId}-proxy`;
    const composeFile = join(composeDir, 'docker-compose.yml');
    const writeCompose = (tag: string) =>
      writeFileSync(
        composeFile,
        `version: "2.4"\nservices:\n  web:\n    image: tinyforge-test/app:${tag}\n    labels:\n      ${TEST_RUN_LABEL}: "${runId}"\nnetworks:\n  default:\n    external: true\n    name: ${composeNetwork}\n`,
      );
    const compose = (args: string[]) => run('docker-compose', ['-p', composeProject, '-f', composeFile, ...args], { cwd: composeDir, timeout: 120_000 });
    writeCompose('v1');
    await compose(['up', '-d']);
    const webName = (await docker.listContainers({ filters: { label: [`com.docker.compose.project=${composeProject}`] } }))[0]!.Names[0]!.slice(1);
    await caddy.upsertRoute({ id: 'compose-bench', host: 'compose.localhost', upstream: { host: webName, port: 80 } });
    await waitFor('compose route', () => get(caddy.httpAddress!, 'compose.localhost', 'browser'), 10_000);
    const theirs = await underLoad(caddy.httpAddress!, 'compose.localhost', async () => {
      for (let i = 0; i < DEPLOYS; i += 1) {
        writeCompose(i % 2 === 0 ? 'v2' : 'v1');
        await compose(['up', '-d', '--force-recreate']);
        // The same readiness bar as ours: answering on its port.
        const c = (await docker.listContainers({ filters: { label: [`com.docker.compose.project=${composeProject}`] } }))[0]!;
        await healthy(c.NetworkSettings.Networks[composeNetwork]!.IPAddress);
      }
    });

    // Bare: docker run + the same health wait, no proxy, no switch.
    // The same request load runs (through Caddy, to the stage deployed above) while the bare
    // containers start, so both figures of the ratio are taken on an equally busy machine: with
    // two cores, the load alone slows every step of either.
    const bareMs: number[] = [];
    await underLoad(caddy.httpAddress!, 'bench.localhost', async () => {
      for (let i = 0; i < DEPLOYS; i += 1) {
        const started = performance.now();
        const c = await docker.createContainer({
          Image: `tinyforge-test/app:${i % 2 === 0 ? 'v2' : 'v1'}`,
          Labels: { [TEST_RUN_LABEL]: runId },
          HostConfig: { NetworkMode: composeNetwork },
        });
        await c.start();
        await healthy((await c.inspect()).NetworkSettings.Networks[composeNetwork]!.IPAddress);
        bareMs.push(performance.now() - started);
        await c.remove({ force: true });
      }
    });

    const deployMedian = median(deployMs);
    const bareMedian = median(bareMs);
    const ourFailures = failures.filter((f) => f.includes(' bench.localhost '));
    if (ourFailures.length > 0) console.log(`failed requests through the deployed route:\n${ourFailures.slice(0, 20).join('\n')}`);
    writeResult(
      'deploy',
      {
        deploys: DEPLOYS,
        failed_requests: ours.failed,
        total_requests: ours.total,
        failed_requests_fresh_connections: ours.freshFailed,
        total_requests_fresh_connections: ours.freshTotal,
        deploy_ms_median: round(deployMedian),
        deploy_total_ms_median: round(median(totalMs)),
        compose_failed_requests: theirs.failed,
        compose_total_requests: theirs.total,
        compose_failed_requests_fresh_connections: theirs.freshFailed,
        bare_ms_median: round(bareMedian),
        ratio_deploy_to_bare: round(deployMedian / bareMedian, 2),
        drain_ms: 1_000,
        note: 'deploy_ms: from the deploy request until the new version serves (image check, placeholder, create, start, health, atomic route switch), from the deploy record. deploy_total_ms adds the drain of the old instance (1 s here, 30 s by default), its stop (SIGTERM, passed on by the container init) and cleanup, which happen while the new version already serves. bare: docker run + the same /health probe every 100 ms, under the same request load as the deploys. Two clients send requests without pause, counted apart: failed_requests is a browser-like client (keep-alive; a GET whose connection closed before any byte of the answer is sent once more, as RFC 9110 allows for idempotent requests); *_fresh_connections opens a new connection per request and never retries. Route switches reload only the routing Caddy; clients connect to a front Caddy that never reloads (a single Caddy 2.6 rebinds with SO_REUSEPORT on each reload, and the kernel reset about one fresh connection per ten switches). Compose recreates the one service in place behind the same Caddy route.',
      },
      { failed_requests: '0', ratio_deploy_to_bare: '<= 1.5' },
    );
  } finally {
    await run('docker-compose', ['-p', composeProject, '-f', join(composeDir, 'docker-compose.yml'), 'down'], { cwd: composeDir }).catch(() => undefined);
    await app.close();
    await removeRun(docker, runId);
    await removeDeployLeftovers(docker, [projectId], proxy);
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
