// `npm run bench -- webhooks`: the webhook listener of an engine running in its own process
// (bench/webhooksEngine.ts), on the real dockerd with the run's own Caddy:
// - accept_ms_p95: a signed GitHub push (an unmapped branch: every check runs, signature, replay
//   record, log line; nothing deploys) from the request to its 202, 200 of them one after another;
// - delivery_to_deploy_start_ms_p95: a signed push to main from the request until the engine
//   reports the deploy it started (its first deploys.changed), 20 of them, each deploy awaited;
// - under a flood of 1,000 bad signatures a second for 10 s from 127.0.0.2 (new connection each,
//   as a flooding client would): valid_accept_ms_p95_under_flood, the same signed push as above
//   every 50 ms from 127.0.0.1, and event_loop_lag_ms_p99, the engine's own event-loop delay
//   (perf_hooks, 1 ms resolution) over the flood. The flood runs in a third process (webhookFlood.ts),
//   so neither the engine nor the valid client shares a loop with it.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { removeDeployLeftovers, testProxy } from '../src/main/engine/testing/deployHarness';
import { newRunId, testDocker, waitFor } from '../src/main/engine/testing/dockerHost';
import { postHook, signedHeaders } from '../src/main/engine/testing/webhookClient';
import { percentile, round, writeResult } from './report';
import type { EngineMessage, EngineRequest } from './webhooksEngine';

const ACCEPTS = 200;
const DEPLOYS = 20;
const FLOOD_PER_SECOND = 1_000;
const FLOOD_SECONDS = 10;
const VALID_EVERY_MS = 50;

const docker = testDocker();
const runId = newRunId();
const short = runId.replace(/[^a-z0-9]/g, '').slice(-6);
const proxy = testProxy(runId);

/** deployId -> when its first deploys.changed arrived here. */
const deployStarts = new Map<string, number>();
/** Deploys that ended (succeeded or failed). */
const deployEnds = new Set<string>();

class Engine {
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly child: ChildProcess;

  constructor() {
    this.child = fork(join(__dirname, 'webhooksEngine.ts'), [], { execArgv: ['--require', 'tsx/cjs'], stdio: 'inherit' });
    this.child.on('message', (message: EngineMessage) => {
      if ('event' in message) {
        if (!deployStarts.has(message.payload.deployId)) deployStarts.set(message.payload.deployId, performance.now());
        if (message.payload.status !== 'running') deployEnds.add(message.payload.deployId);
        return;
      }
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.ok) waiter?.resolve(message.value);
      else waiter?.reject(new Error(message.error.message));
    });
  }

  request<T>(req: EngineRequest): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, request: req });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.disconnect();
    await exited;
  }
}

/** One signed push; resolves with the milliseconds from the request to the answer. */
async function timedPush(base: string, projectId: string, secret: string, ref: string): Promise<{ ms: number; status: number }> {
  const body = JSON.stringify({ ref, after: randomUUID() });
  const headers = signedHeaders('github', secret, body);
  const started = performance.now();
  const answer = await postHook(base, projectId, body, headers, { localAddress: '127.0.0.1' });
  return { ms: performance.now() - started, status: answer.status };
}

/** The flood in a process of its own (bench/webhookFlood.ts): its sockets must not delay the valid client's timings here. */
function flood(base: string, projectId: string): Promise<Record<string, number>> {
  const child = fork(join(__dirname, 'webhookFlood.ts'), [base, projectId, String(FLOOD_PER_SECOND), String(FLOOD_SECONDS)], {
    execArgv: ['--require', 'tsx/cjs'],
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) => {
    child.once('message', (answers: Record<string, number>) => resolve(answers));
    child.once('exit', (code) => reject(new Error(`the flood process exited (${code}) without its counts`)));
  });
}

async function main(): Promise<void> {
  const loadBefore = loadavg()[0]!;
  const engine = new Engine();
  let projectId = '';
  try {
    const opened = await engine.request<{ projectId: string; stageId: string; secret: string; baseUrl: string }>({
      op: 'open',
      proxy,
      label: `bench-${short}`,
    });
    projectId = opened.projectId;
    const { secret, baseUrl } = opened;

    // Warm-up (JIT, the first connection, the first statements), not counted.
    for (let i = 0; i < 20; i += 1) await timedPush(baseUrl, projectId, secret, 'refs/heads/warm-up');

    const accept: number[] = [];
    for (let i = 0; i < ACCEPTS; i += 1) {
      const r = await timedPush(baseUrl, projectId, secret, 'refs/heads/not-mapped');
      if (r.status !== 202) throw new Error(`a valid delivery answered ${r.status}`);
      accept.push(r.ms);
    }

    const toStart: number[] = [];
    for (let i = 0; i < DEPLOYS; i += 1) {
      const before = new Set(deployStarts.keys());
      const sentAt = performance.now();
      const r = await timedPush(baseUrl, projectId, secret, 'refs/heads/main');
      if (r.status !== 202) throw new Error(`a deploying delivery answered ${r.status}`);
      const id = await waitFor('the deploy to start', () => [...deployStarts.keys()].find((k) => !before.has(k)), 30_000, 1);
      toStart.push(deployStarts.get(id)! - sentAt);
      // Each deploy ends before the next delivery, so every one starts at once rather than queueing.
      await waitFor('the deploy to end', () => deployEnds.has(id), 60_000, 20);
    }

    // The engine's loop with nothing to do, for comparison: on a shared machine the lag is partly the
    // other processes' (the engine waiting for a core), not the flood's.
    await engine.request({ op: 'lagStart' });
    await new Promise((r) => setTimeout(r, 5_000));
    const idleLag = await engine.request<{ p99Ms: number; maxMs: number; meanMs: number }>({ op: 'lagStop' });

    // The flood from 127.0.0.2, valid deliveries from 127.0.0.1 beside it, the engine's loop measured over it.
    await engine.request({ op: 'lagStart' });
    const underFlood: number[] = [];
    const statuses: number[] = [];
    let flooding = true;
    const flooded = flood(baseUrl, projectId).finally(() => (flooding = false));
    await new Promise((r) => setTimeout(r, 200));
    while (flooding) {
      const r = await timedPush(baseUrl, projectId, secret, 'refs/heads/not-mapped');
      underFlood.push(r.ms);
      statuses.push(r.status);
      await new Promise((resolve) => setTimeout(resolve, VALID_EVERY_MS));
    }
    const floodAnswers = await flooded;
    const lag = await engine.request<{ p99Ms: number; maxMs: number; meanMs: number }>({ op: 'lagStop' });
    const refusedValid = statuses.filter((s) => s !== 202).length;
    if (refusedValid > 0) throw new Error(`${refusedValid} valid deliveries were not accepted during the flood`);

    const acceptP95 = percentile(accept, 95);
    const floodP95 = percentile(underFlood, 95);
    writeResult(
      'webhooks',
      {
        accept_ms_p95: round(acceptP95),
        delivery_to_deploy_start_ms_p95: round(percentile(toStart, 95)),
        valid_accept_ms_p95_under_flood: round(floodP95),
        valid_accept_under_flood_ratio: round(floodP95 / acceptP95),
        event_loop_lag_ms_p99: round(lag.p99Ms),
        accept_ms_median: round(percentile(accept, 50)),
        delivery_to_deploy_start_ms_median: round(percentile(toStart, 50)),
        valid_accept_ms_median_under_flood: round(percentile(underFlood, 50)),
        event_loop_lag_ms_max: round(lag.maxMs),
        event_loop_lag_ms_p99_idle_5s: round(idleLag.p99Ms),
        valid_deliveries_under_flood: underFlood.length,
        flood_answers: floodAnswers,
        load_average_1m_before: round(loadBefore),
        load_average_1m_after: round(loadavg()[0]!),
        notes:
          'accept: 200 signed pushes of an unmapped branch, one after another (every check and the log line; nothing deploys). deploy start: 20 signed pushes to main, from the request until the engine emitted the deploy it started (stamped on arrival over IPC), each deploy ended before the next. flood: 1,000 bad signatures/s for 10 s from 127.0.0.2, a new connection each; the first 20 are checked and answered 401, the rest 429 before any body is read. Engine in its own process; event-loop delay by perf_hooks at 1 ms resolution over the flood.',
      },
      {
        valid_accept_ms_p95_under_flood: '<= 2x accept_ms_p95',
        event_loop_lag_ms_p99: '<= 50',
      },
    );
  } finally {
    await engine.request({ op: 'close' }).catch(() => undefined);
    await engine.stop();
    await removeDeployLeftovers(docker, [projectId], proxy);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
