// The stats collector against a real dockerd: a busy and an idle container measured like
// `docker stats` measures them, only containers the app owns by its records, starts and stops
// followed from the reconciler, and an SSH host whose sessions are killed streams again once back.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveSample, StatsSamplesEvent } from '../../../shared/stats';
import { createApp } from '../app';
import type { App } from '../app';
import { canonicalLabels } from '../docker/labels';
import { DOCKER_SOCKET, newRunId, removeRun, runContainer, testDocker, waitFor } from '../testing/dockerHost';
import { stage, tempDir } from '../testing/fixtures';
import { TestSshServer, addTrustedHost } from '../testing/sshServer';

const docker = testDocker();
const runId = newRunId();
const BUSY = ['sh', '-c', 'while :; do :; done'];
let app: App;
let projectId: string;
/** Every pushed tick, with the wall time it arrived. */
const ticks: (StatsSamplesEvent & { received: number })[] = [];

const rowOf = (name: string, hostId = 'local') => app.services.containers.list(hostId).find((c) => c.name === name);

/** A container labelled for the workload, recorded by a pass, then trusted (owned) unless told not to. */
async function ownedContainer(suffix: string, cmd: string[], opts: { trust?: boolean; hostId?: string; workloadId?: string } = {}) {
  const hostId = opts.hostId ?? 'local';
  const name = `${runId}-${suffix}`;
  await runContainer(docker, runId, { name, labels: canonicalLabels(opts.workloadId ?? projectId, 'project', 'production'), cmd });
  await app.handlers['reconcile.now']({ hostId });
  const row = await waitFor(`row ${name}`, () => rowOf(name, hostId));
  if (opts.trust !== false) app.services.containers.setTrust(row, true, Date.now());
  app.services.scope(hostId).statsCollector().sync();
  return row;
}

const samplesOf = (containerId: string, since = 0): (LiveSample & { at: number })[] =>
  ticks.filter((t) => t.received >= since).flatMap((t) => t.samples.filter((s) => s.containerId === containerId).map((s) => ({ ...s, at: t.at })));

/** `docker stats --no-stream` for one container: CPU % and memory in bytes, as the CLI prints them. */
// Asynchronous: the collector must keep ticking while the CLI runs.
async function cliStats(name: string): Promise<{ cpu: number; mem: number }> {
  const out = (
    await promisify(execFile)('docker', ['stats', '--no-stream', '--format', '{{.CPUPerc}}|{{.MemUsage}}', name], { encoding: 'utf8' })
  ).stdout.trim();
  const [cpu, mem] = out.split('|');
  const units: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, kB: 1000, MB: 1e6, GB: 1e9 };
  const [, value, unit] = /^([\d.]+)\s*([A-Za-z]+)/.exec(mem!.split('/')[0]!.trim())!;
  return { cpu: Number.parseFloat(cpu!), mem: Number.parseFloat(value!) * units[unit!]! };
}

/**
 * `docker stats` streaming one container's CPU for `ms`: one reading a second, each over the second
 * before it, so together they cover the same seconds as the collector's ticks.
 */
async function cliCpuStream(name: string, ms: number): Promise<{ at: number; cpu: number }[]> {
  const cli = spawn('docker', ['stats', '--format', '{{.CPUPerc}}', name]);
  const readings: { at: number; cpu: number }[] = [];
  cli.stdout.on('data', (chunk: Buffer) => {
    for (const m of chunk.toString().matchAll(/([\d.]+)%/g)) readings.push({ at: Date.now(), cpu: Number.parseFloat(m[1]!) });
  });
  await new Promise((r) => setTimeout(r, ms));
  cli.kill('SIGTERM');
  // The CLI's first reading has no earlier one to compare with.
  return readings.slice(1);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

beforeAll(async () => {
  app = await createApp({ dataDir: tempDir(), shell: 'browser', dockerSocketPath: DOCKER_SOCKET, resyncIntervalMs: 60_000, statsTickMs: 1_000, log: () => {} });
  await waitFor('docker up', () => app.services.runtime('local')?.connection.status.state === 'up');
  projectId = app.services.workloads.createProject({ hostId: 'local', name: 'stats-mine', imageRepository: 'acme/stats', stages: [stage('production')] }).id;
  app.events.subscribe((event, payload) => {
    if (event === 'stats.samples') ticks.push({ ...(payload as StatsSamplesEvent), received: Date.now() });
  });
});
afterAll(async () => {
  await removeRun(docker, runId);
  await app?.close();
});

describe('stats collector on the local host', () => {
  it('measures a busy and an idle container as docker stats does, and only owned ones', async () => {
    const busy = await ownedContainer('busy', BUSY);
    const idle = await ownedContainer('idle', ['sleep', '3600']);
    const stranger = await ownedContainer('stranger', BUSY, { trust: false });
    await waitFor('samples of both', () => samplesOf(busy.id).length >= 2 && samplesOf(idle.id).length >= 2, 15_000);

    // Memory and the idle CPU as `docker stats --no-stream` reads them at this moment.
    const cliFrom = Date.now();
    const cli: { busy: { cpu: number; mem: number }; idle: { cpu: number; mem: number } }[] = [];
    for (let i = 0; i < 2; i += 1) {
      const [b, d] = await Promise.all([cliStats(busy.name), cliStats(idle.name)]);
      cli.push({ busy: b, idle: d });
    }
    const cliAt = Date.now();
    // The busy one's CPU moves with the machine's other load from one second to the next: the
    // CLI's readings and the collector's ticks over the same seconds are compared by their means.
    const readings = await cliCpuStream(busy.name, 16_000);
    // The same seconds on both sides: from the CLI's second reading to its last.
    const from = readings[0]!.at;
    const to = readings.at(-1)!.at;
    await waitFor('the window sampled', () => ticks.some((t) => t.at >= to), 5_000);
    const ours = samplesOf(busy.id).filter((s) => s.at > from && s.at <= to);
    const oursIdle = samplesOf(idle.id);
    expect(ours.length).toBeGreaterThanOrEqual(8);
    expect(readings.length).toBeGreaterThanOrEqual(8);
    const cliBusy = mean(readings.map((r) => r.cpu));
    const ourBusy = mean(ours.map((s) => s.cpu));
    expect(cliBusy).toBeGreaterThan(20);
    expect(Math.abs(ourBusy - cliBusy)).toBeLessThanOrEqual(0.1 * cliBusy);
    // No-stream readings of the busy one agree within the spread of the stream's own.
    expect(Math.min(...cli.map((c) => c.busy.cpu))).toBeGreaterThan(0);
    // Idle: both near zero (within a tenth of a percent point), memory within 10 %.
    expect(mean(oursIdle.map((s) => s.cpu))).toBeLessThan(Math.max(0.1, 1.1 * mean(cli.map((c) => c.idle.cpu))));
    const cliIdleMem = mean(cli.map((c) => c.idle.mem));
    // Our samples of the same moments (the ticks while the CLI read), their middle one.
    const during = oursIdle.filter((s) => s.at >= cliFrom - 500 && s.at <= cliAt + 500).sort((a, b) => a.mem - b.mem);
    const sameMoment = during[Math.floor(during.length / 2)]!;
    expect(Math.abs(sameMoment.mem - cliIdleMem)).toBeLessThanOrEqual(0.1 * cliIdleMem);
    expect(sameMoment.memLimit).toBeGreaterThan(0);

    // The labelled but untrusted one is never sampled.
    expect(samplesOf(stranger.id)).toEqual([]);
    expect(app.services.scope('local').statsCollector().streaming()).not.toContain(stranger.id);

    // And the history answers from what was written.
    const history = await app.handlers['stats.history']({ scope: 'workload', id: projectId, range: '1h' });
    expect(history.series.map((s) => s.containerId).sort()).toEqual([busy.id, idle.id].sort());
    expect(history.times.length).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it('follows containers starting and stopping through the reconciler', async () => {
    const late = await ownedContainer('late', ['sleep', '3600']);
    const collector = app.services.scope('local').statsCollector();
    await waitFor('streamed', () => collector.streaming().includes(late.id));
    await docker.getContainer(late.dockerId).stop({ t: 0 });
    // The stop reaches the store by Docker's events and a pass; the collector ends the stream.
    await waitFor('stream ended', () => !collector.streaming().includes(late.id), 10_000);
    const stoppedAt = Date.now();
    await new Promise((r) => setTimeout(r, 2_500));
    expect(samplesOf(late.id, stoppedAt + 500)).toEqual([]);
    await docker.getContainer(late.dockerId).start();
    await waitFor('streamed again', () => collector.streaming().includes(late.id), 10_000);
    const restartedAt = Date.now();
    await waitFor('samples again', () => samplesOf(late.id, restartedAt).length > 0, 10_000);
  }, 60_000);
});

describe('stats collector on an SSH host', () => {
  let sshd: TestSshServer;
  beforeAll(async () => {
    sshd = await TestSshServer.start();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('streams again after its sessions are killed and the host is back', async () => {
    const hostId = await addTrustedHost(app, sshd, 'stats-ssh');
    const remote = app.services.workloads.createProject({ hostId, name: 'stats-remote', imageRepository: 'acme/remote', stages: [stage('production')] });
    const row = await ownedContainer('remote', ['sleep', '3600'], { hostId, workloadId: remote.id });
    await waitFor('remote samples', () => ticks.some((t) => t.hostId === hostId && t.samples.some((s) => s.containerId === row.id)), 15_000);

    sshd.killSessions();
    const runtime = () => app.services.runtime(hostId)!;
    await waitFor('host down', () => runtime().connection.status.state !== 'up', 15_000);
    await waitFor('host up again', () => runtime().connection.status.state === 'up', 30_000);
    const back = Date.now();
    await waitFor(
      'remote samples after reconnecting',
      () => ticks.some((t) => t.hostId === hostId && t.received > back && t.samples.some((s) => s.containerId === row.id)),
      15_000,
    );
  }, 90_000);
});
