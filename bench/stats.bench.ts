// `npm run bench -- stats`: the stats collector's cost with 50 running containers, the history's
// size after 90 days of 50 containers, and the workload chart of 7 days x 50 containers in Chromium.
//
// collector_cpu_pct: the engine (this process: createApp with its collector streaming the 50 owned
// containers) over a 30 s window, CPU time per wall second in % of one core. docker_stats_cpu_pct:
// the `docker stats` CLI streaming the same 50 containers over the same window, its CPU from
// /proc/<pid>/stat. Both run at once, so the daemon's load is the same for both.
//
// db_mb_90d_50: a stats.db filled through the store's own write path (the same rolls and prunes)
// over a simulated 90 days. What it holds at the end is 24 h of 5-second samples, 7 days of minutes
// and 90 days of quarter hours, so only the last 25 hours are written at 5 s; the six days before at
// one sample a minute (the minute rows they roll into are the same rows, in number and size); the
// 83 days before that at one a quarter hour (only their 15-minute rows outlive the week). The file
// never shrinks, so it is measured after the fullest stretch, at the end.
//
// chart_render_ms_7d_50: that database served by the browser shell to the real renderer; the
// workload page switches to 7 d with the answer already cached, and the time from the click to the
// frame after the chart is drawn (React, uPlot's build and its canvas draw) is taken, median of 7.
//
// exec_echo_ms_local / exec_echo_ms_ssh: keystroke to echo in a container's Terminal tab, local and
// over SSH, in Chromium from the keydown event to the echo drawn in xterm's rows, medians (with p95),
// compared with xterm.js echoing on its own in the same browser (bench/terminalEcho.ts); the
// engine's part of it alone as exec_echo_engine_ms_* (bench/execEcho.ts).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../src/main/engine/app';
import { canonicalLabels } from '../src/main/engine/docker/labels';
import { StatsStore } from '../src/main/engine/stats/statsStore';
import { openDatabase } from '../src/main/engine/store/db';
import { WorkloadRepo } from '../src/main/engine/store/workloadRepo';
import { DOCKER_SOCKET, newRunId, removeRun, runMany, testDocker, waitFor } from '../src/main/engine/testing/dockerHost';
import { stage, tempDir } from '../src/main/engine/testing/fixtures';
import { startHarness } from '../e2e/harness';
import { execEcho } from './execEcho';
import { terminalEcho as browserEcho } from './terminalEcho';
import { median, round, writeResult } from './report';

const CONTAINERS = 50;
const WINDOW_MS = 30_000;

type Figures = Record<string, number>;

/** CPU seconds (user + system) a process has used, from /proc (clock ticks of 100 Hz). */
function procCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Ends the `docker stats` CLI. Given container names it ignores SIGTERM (checked with docker 20.10:
 * it streams on), and a child left running kept this bench's process alive after its result was
 * written: a short wait for SIGTERM, then SIGKILL, and the exit awaited.
 */
async function stopCli(cli: ChildProcess): Promise<void> {
  if (cli.exitCode !== null || cli.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => cli.once('exit', () => resolve()));
  cli.kill('SIGTERM');
  const gone = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 2_000))]);
  if (!gone) {
    cli.kill('SIGKILL');
    await exited;
  }
}

async function collectorCost(): Promise<Figures> {
  const docker = testDocker();
  const runId = newRunId();
  const dataDir = tempDir();
  const app = await createApp({ dataDir, shell: 'browser', dockerSocketPath: DOCKER_SOCKET, resyncIntervalMs: 60_000, log: () => {} });
  let cli: ChildProcess | undefined;
  try {
    await waitFor('docker up', () => app.services.runtime('local')?.connection.status.state === 'up');
    const project = app.services.workloads.createProject({
      hostId: 'local',
      name: 'bench-stats',
      imageRepository: 'acme/bench',
      stages: [stage('production')],
    });
    await runMany(docker, runId, CONTAINERS, canonicalLabels(project.id, 'project', 'production'));
    await app.handlers['reconcile.now']({ hostId: 'local' });
    const rows = await waitFor(
      'rows',
      () => {
        const r = app.services.containers.list('local').filter((c) => c.name.startsWith(runId) && c.state === 'running');
        return r.length === CONTAINERS ? r : null;
      },
      60_000,
    );
    for (const row of rows) app.services.containers.setTrust(row, true, Date.now());
    const collector = app.services.scope('local').statsCollector();
    collector.sync();
    await waitFor('every container streamed', () => collector.streaming().length === CONTAINERS, 30_000);
    // Let the streams settle (each starts with a burst) before measuring.
    await new Promise((r) => setTimeout(r, 6_000));

    cli = spawn('docker', ['stats', '--format', '{{json .}}', ...rows.map((r) => r.name)], { stdio: ['ignore', 'ignore', 'ignore'] });
    await new Promise((r) => setTimeout(r, 4_000));
    const wall0 = process.hrtime.bigint();
    const ours0 = process.cpuUsage();
    const cli0 = procCpuSeconds(cli.pid!);
    await new Promise((r) => setTimeout(r, WINDOW_MS));
    const wallSec = Number(process.hrtime.bigint() - wall0) / 1e9;
    const ours = process.cpuUsage(ours0);
    const cliSec = procCpuSeconds(cli.pid!) - cli0;
    await stopCli(cli);
    const collectorPct = ((ours.user + ours.system) / 1e6 / wallSec) * 100;
    const cliPct = (cliSec / wallSec) * 100;
    return { collector_cpu_pct: round(collectorPct), docker_stats_cpu_pct: round(cliPct), ratio_cpu_to_docker_stats: round(collectorPct / cliPct, 3) };
  } finally {
    if (cli) await stopCli(cli);
    await removeRun(docker, runId);
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Fills stats.db in `dataDir` with 90 simulated days of `CONTAINERS` containers of one workload. */
function simulate90Days(dataDir: string, workloadId: string, end: number): number {
  const store = new StatsStore(join(dataDir, 'stats.db'));
  const owners = Array.from({ length: CONTAINERS }, (_, n) => ({
    containerId: `bench-${n}`,
    hostId: 'local',
    workloadId,
    stageId: null,
    name: `bench-stats-production-${n}`,
  }));
  const sample = (n: number, t: number) => ({
    cpu: 2 + 1.5 * Math.sin(t / 3_600 + n) + (n % 7),
    mem: 40_000_000 + n * 1_000_000 + ((t / 5) % 720) * 4_096,
    memLimit: 2 ** 31,
    netRx: 1_000 + ((t + n) % 300) * 10,
    netTx: 500 + ((t * 3 + n) % 200) * 10,
    blkRead: (t + n) % 60 === 0 ? 40_960 : 0,
    blkWrite: 4_096 * (n % 3),
  });
  const start = end - 90 * 24 * 3600;
  const stretches = [
    { until: end - 7 * 24 * 3600 - 2 * 3600, step: 900 },
    { until: end - 25 * 3600, step: 60 },
    { until: end, step: 5 },
  ];
  let t = start - (start % 900);
  for (const { until, step } of stretches) {
    while (t < until) {
      // An hour of ticks per outer transaction (each tick's own nests as a savepoint): speed only.
      store.db.transaction(() => {
        for (const stop = Math.min(until, t + 3_600); t < stop; t += step) {
          store.write(
            t,
            owners.map((o, n) => ({ ...o, sample: sample(n, t) })),
          );
        }
      })();
    }
  }
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  const size = store.size();
  store.close();
  process.stdout.write(`stats.db: ${JSON.stringify(size)}\n`);
  return statSync(join(dataDir, 'stats.db')).size;
}

/**
 * Runs in the page: clicks 7 d and resolves with the ms until the frame after the chart was drawn.
 * A string, not a function: tsx would wrap a function's inner names in a helper the page lacks.
 */
const TIME_7D_CLICK = `new Promise((resolve) => {
  const panel = document.querySelector('[data-testid="stats-panel-workload"]');
  const started = performance.now();
  panel.querySelector('[data-testid="stats-range-7d"]').click();
  const check = () => {
    const box = panel.querySelector('[data-testid="stats-chart-cpu"]');
    if (Number(box && box.getAttribute('data-points')) > 1_500 && box.querySelector('canvas')) {
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - started)));
    } else requestAnimationFrame(check);
  };
  check();
})`;

async function historyAndChart(): Promise<Figures> {
  const dataDir = tempDir();
  try {
    const db = openDatabase(join(dataDir, 'tinyforge.db'));
    const project = new WorkloadRepo(db).createProject({ hostId: 'local', name: 'bench-stats', imageRepository: 'acme/bench', stages: [stage('production')] });
    db.close();
    const end = Math.floor(Date.now() / 1000);
    const bytes = simulate90Days(dataDir, project.id, end);

    // No Docker behind it: the chart reads history only, and nothing new is sampled meanwhile.
    const h = await startHarness({ dataDir, dockerSocketPath: join(dataDir, 'no-docker.sock') });
    try {
      await h.open(`#/workloads/${project.id}`);
      const panel = h.page.getByTestId('stats-panel-workload');
      const cpu = panel.getByTestId('stats-chart-cpu');
      await cpu.waitFor({ timeout: 30_000 });
      // The first 7 d answer (a fetch of 2,016 points x 50 containers) fills the cache.
      await panel.getByTestId('stats-range-7d').click();
      await h.page.waitForFunction(
        () => Number(document.querySelector('[data-testid="stats-panel-workload"] [data-testid="stats-chart-cpu"]')?.getAttribute('data-points')) > 1_500,
        null,
        {
          timeout: 60_000,
        },
      );
      const points = Number(await cpu.getAttribute('data-points'));
      const series = Number(await cpu.getAttribute('data-series'));
      const times: number[] = [];
      for (let i = 0; i < 7; i += 1) {
        await panel.getByTestId('stats-range-1h').click();
        await h.page.waitForFunction(
          () => Number(document.querySelector('[data-testid="stats-panel-workload"] [data-testid="stats-chart-cpu"]')?.getAttribute('data-points')) < 1_500,
        );
        times.push(await h.page.evaluate<number>(TIME_7D_CLICK));
      }
      process.stdout.write(`chart: ${points} points x ${series} series; runs ${times.map((t) => round(t, 1)).join(', ')} ms\n`);
      return { db_mb_90d_50: round(bytes / 1024 / 1024), chart_render_ms_7d_50: round(median(times), 1), chart_points_7d: points, chart_series_7d: series };
    } finally {
      await h.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Keystroke to echo in a terminal, local and over SSH: as drawn in Chromium, and the engine's part. */
async function terminalEcho(): Promise<Figures> {
  return { ...(await browserEcho()), ...(await execEcho()) };
}

/** Each measure adds its figures to the one result. */
const MEASURES: (() => Promise<Figures>)[] = [collectorCost, historyAndChart, terminalEcho];

const TARGETS = {
  ratio_cpu_to_docker_stats: '<= 1.0',
  db_mb_90d_50: '<= 64',
  chart_render_ms_7d_50: '<= 100',
  exec_echo_ms_local: 'median, keydown to the echo drawn in xterm; the issue sets no target',
  exec_echo_ms_ssh: 'median, keydown to the echo drawn in xterm; the issue sets no target',
  ratio_echo_local_to_floor: 'against xterm.js echoing locally in the same browser and run; no target set',
};
const RESULT = join(__dirname, 'results', 'stats.json');

/**
 * Puts one measure's new figures into the committed result, keeping the others, and records when
 * each measure was taken (`measured`): the file's own measured_at is then the merge's time.
 */
function mergeInto(only: string, fresh: Figures): void {
  const earlier = JSON.parse(readFileSync(RESULT, 'utf8')) as { measured_at: string; figures: Figures; measured?: Record<string, string> };
  const now = new Date().toISOString();
  const measured = earlier.measured ?? Object.fromEntries(MEASURES.map((m) => [m.name, earlier.measured_at]));
  writeResult('stats', { ...earlier.figures, ...fresh }, TARGETS, { measured: { ...measured, [only]: now } });
}

async function main(): Promise<void> {
  const figures: Figures = {};
  // STATS_BENCH_ONLY=historyAndChart (a measure's name) runs that one and prints it without writing
  // the result: for trying a change to one part. With STATS_BENCH_MERGE=1 too, its figures replace
  // that measure's in bench/results/stats.json and the others are kept.
  const only = process.env.STATS_BENCH_ONLY;
  if (only) {
    const measure = MEASURES.find((m) => m.name === only);
    if (!measure) throw new Error(`no measure named ${only}: ${MEASURES.map((m) => m.name).join(', ')}`);
    const fresh = await measure();
    if (process.env.STATS_BENCH_MERGE === '1') mergeInto(only, fresh);
    else process.stdout.write(`${JSON.stringify(fresh)}\n`);
    return;
  }
  for (const measure of MEASURES) Object.assign(figures, await measure());
  const now = new Date().toISOString();
  writeResult('stats', figures, TARGETS, { measured: Object.fromEntries(MEASURES.map((m) => [m.name, now])) });
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
