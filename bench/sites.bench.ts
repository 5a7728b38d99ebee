// `npm run bench -- sites`: a static site of 5,000 files (50 MB) deployed through the app on the
// local host and on an SSH host (this machine behind its own sshd, the same dockerd), in one run:
// - ours: sites.deploy from the call until the new version is served through the host's managed
//   Caddy (a marker file's body polled every 20 ms), with the time each part took (the check of the
//   source, the copy into the version's volume, the runner until the route serves it);
// - baseline, turn about with ours: `tar` piped into `docker cp` to a fresh volume's container
//   (created, never started), then `docker run` of the same Caddy image with the same hardening, and
//   the same health wait (GET / answers 200 on its port, probed every 250 ms like the runner); on the
//   SSH host the docker commands go through DOCKER_HOST=ssh://, as a person would type them;
// - rollbacks to the version served before, from the call until it is served again;
// - failed requests under steady load (one request after another through the proxy) during ten
//   deploys and rollbacks on each host;
// - the engine's RSS sampled every 20 ms while an upload runs: the engine runs in a child process
//   (bench/sitesEngine.ts), so the figure is its own, not the bench's with its fixtures and load.
import { execFile, execFileSync, fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DeployView, SiteDeployStart, SiteProgress } from '../src/shared/types';
import { LABEL } from '../src/main/engine/docker/labels';
import { removeDeployLeftovers, testProxy } from '../src/main/engine/testing/deployHarness';
import { TEST_RUN_LABEL, newRunId, removeRun, testDocker, waitFor } from '../src/main/engine/testing/dockerHost';
import { tempDir } from '../src/main/engine/testing/fixtures';
import { answerText, getVia } from '../src/main/engine/testing/proxyClient';
import type { ProxyAnswer } from '../src/main/engine/testing/proxyClient';
import { TestSshServer } from '../src/main/engine/testing/sshServer';
import { median, round, writeResult } from './report';
import type { EngineMessage, EngineRequest } from './sitesEngine';
import { withSshAlias } from './sshAlias';

const run = promisify(execFile);
const FILES = 5_000;
const TOTAL_BYTES = 50 * 1024 * 1024;
/** Timed deploys per host (each followed by a baseline run and a rollback), after one that is not counted. */
const DEPLOYS = 5;
/** Deploys and rollbacks, alternating, under steady load per host. */
const LOADED_OPERATIONS = 10;
/** The runner's default pause between health probes; the baseline probes as often. */
const HEALTH_INTERVAL_MS = 250;
const SERVER_PORT = 8080;
/**
 * Versions kept per site: more than a host's run makes, so that no volume is removed between
 * timed operations (the baseline's are kept too, until the host's end). On this machine the first
 * copy after a 5,000-file volume was removed took 2 to 3 times as long as the next one, whichever
 * side made it; pruning beyond the number kept is the Docker tests' to prove.
 */
const KEEP_VERSIONS = 20;
const MB = 1024 * 1024;

const docker = testDocker();
const runId = newRunId();
const short = runId.replace(/[^a-z0-9]/g, '').slice(-6);

/**
 * 5,000 files of incompressible bytes, 50 MB in all, sizes from 1 KB to about 19 KB, in 100
 * folders; written by a child process, so the garbage of writing them does not count in this
 * process's RSS.
 */
function generateSite(dir: string): void {
  const script = `
    const { randomBytes } = require('node:crypto');
    const { mkdirSync, writeFileSync } = require('node:fs');
    const { join } = require('node:path');
    const [dir, files, total] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3])];
    const sizes = Array.from({ length: files }, (_, i) => 1024 + ((i * 7919) % 18000));
    const sum = sizes.reduce((a, b) => a + b, 0);
    const scaled = sizes.map((s) => Math.floor((s * total) / sum));
    scaled[0] += total - scaled.reduce((a, b) => a + b, 0);
    for (let d = 0; d < 100; d += 1) mkdirSync(join(dir, 'assets', 'd' + d), { recursive: true });
    for (const [i, size] of scaled.entries()) writeFileSync(join(dir, 'assets', 'd' + (i % 100), 'f' + i + '.bin'), randomBytes(size));
  `;
  execFileSync(process.execPath, ['-e', script, dir, String(FILES), String(TOTAL_BYTES)], { stdio: 'inherit' });
}

/** Marks the folder as version `marker`: a different content hash, and what the proxy answers once it serves it. */
function mark(dir: string, marker: string): void {
  writeFileSync(join(dir, 'marker.txt'), marker);
  writeFileSync(join(dir, 'index.html'), `<!doctype html><title>${marker}</title>`);
}

/** VmRSS of a process, in bytes. */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) * 1024;
}

/** The engine process's resident memory, sampled every 20 ms while `uploading` is set. */
const rss = {
  pid: 0,
  uploading: false,
  peak: 0,
  timer: setInterval(() => {
    if (rss.uploading && rss.pid) rss.peak = Math.max(rss.peak, rssOf(rss.pid));
  }, 20),
};

/** The upload's events by version: when each phase was first seen. */
const phases = new Map<string, Map<SiteProgress['phase'], number>>();

/** The engine in its child process: requests answered in order of their ids, progress events stamped on arrival. */
class Engine {
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(readonly child: ChildProcess) {
    child.on('message', (message: EngineMessage) => {
      if ('event' in message) {
        const p = message.payload as SiteProgress;
        const seen = phases.get(p.versionId) ?? new Map<SiteProgress['phase'], number>();
        if (!seen.has(p.phase)) seen.set(p.phase, performance.now());
        phases.set(p.versionId, seen);
        return;
      }
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.ok) waiter?.resolve(message.value);
      else waiter?.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
    });
    child.on('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`the engine process exited (${code})`));
      this.waiting.clear();
    });
  }

  static start(): Engine {
    const child = fork(join(__dirname, 'sitesEngine.ts'), [], { execArgv: ['--require', 'tsx/cjs'], stdio: 'inherit' });
    rss.pid = child.pid ?? 0;
    return new Engine(child);
  }

  request<T>(request: EngineRequest): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, request });
    });
  }

  call<T>(name: Extract<EngineRequest, { op: 'call' }>['name'], input: unknown): Promise<T> {
    return this.request<T>({ op: 'call', name, input });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.disconnect();
    await exited;
  }
}

interface HostFigures {
  deployMs: number[];
  scanMs: number[];
  copyMs: number[];
  serveMs: number[];
  baselineMs: number[];
  baselineCopyMs: number[];
  rollbackMs: number[];
  failed: number;
  requests: number;
  failures: string[];
  rssBeforeMb: number;
  rssPeakMb: number;
}

interface Host {
  kind: 'local' | 'ssh';
  engine: Engine;
  /** The host's managed Caddy, on this machine. */
  address: string;
  hostId: string;
  siteId: string;
  label: string;
  /** The DOCKER_HOST the baseline's docker commands use ('' for the local socket). */
  dockerHost: string;
  baselineVolumes: string[];
}

const marker = (h: Host): Promise<ProxyAnswer> => getVia(h.address, `${h.label}.localhost`, '/marker.txt', 5_000);
const serves = async (h: Host, want: string) => {
  // The proxy is made during the first deploy: its address is known from then on.
  if (!h.address) h.address = await h.engine.request<string>({ op: 'proxyAddress' });
  if (!h.address) return false;
  const a = await marker(h);
  return 'body' in a && a.status === 200 && a.body === want;
};

/** sites.deploy of `dir` as version `name`: ms until served, with its parts; resolves after the run has ended. */
async function deploy(h: Host, dir: string, name: string) {
  mark(dir, name);
  rss.uploading = true;
  const t = performance.now();
  const start = await h.engine.call<SiteDeployStart>('sites.deploy', { id: h.siteId, source: { kind: 'folder', path: dir } });
  const answered = performance.now();
  if (!start.versionId) throw new Error(`deploy ${name} was taken for the version served`);
  const versionId = start.versionId;
  const seen = () => phases.get(versionId);
  await waitFor(
    `${name} served`,
    async () => (await serves(h, name)) || ['failed', 'cancelled'].some((p) => seen()?.has(p as SiteProgress['phase'])),
    180_000,
    20,
  );
  const served = performance.now();
  const end = await waitFor(`${name} ended`, () => ['done', 'failed', 'cancelled'].find((p) => seen()?.has(p as SiteProgress['phase'])), 60_000, 20);
  rss.uploading = false;
  if (end !== 'done') throw new Error(`deploy ${name} ended ${end}`);
  const copied = seen()!.get('deploying')!;
  return { versionId, ms: served - t, scanMs: answered - t, copyMs: copied - answered, serveMs: served - copied };
}

/** sites.rollback to `versionId` (served as `name`): ms until served; resolves after the run has ended. */
async function rollback(h: Host, versionId: string, name: string): Promise<number> {
  const t = performance.now();
  const record = await h.engine.call<DeployView>('sites.rollback', { id: h.siteId, versionId });
  await waitFor(`${name} served again`, () => serves(h, name), 60_000, 20);
  const ms = performance.now() - t;
  const ended = await waitFor(
    'rollback ended',
    async () => (await h.engine.call<DeployView[]>('sites.deploys', { id: h.siteId })).find((d) => d.id === record.id && d.status !== 'running'),
    60_000,
    50,
  );
  if (ended.status !== 'succeeded') throw new Error(`rollback to ${name} ${ended.status}: ${ended.error ?? ''}`);
  return ms;
}

/**
 * The same by hand: a fresh volume's container created (never started), `tar | docker cp` into it,
 * `docker run` of the server image hardened like ours, then GET / until 200. The container's
 * address is read through the local socket (a few ms; the same machine).
 */
async function baseline(h: Host, dir: string, n: number): Promise<{ ms: number; copyMs: number }> {
  mark(dir, `baseline-${n}`);
  const name = `${runId}-b${n}`;
  const volume = `${runId}-b${n}`;
  const env = { ...process.env, ...(h.dockerHost ? { DOCKER_HOST: h.dockerHost } : {}) };
  const sh = (script: string) => run('bash', ['-c', `set -euo pipefail; ${script}`], { env, timeout: 180_000, maxBuffer: 16 * MB });
  const image = testProxy(runId).image;
  try {
    const t = performance.now();
    await sh(`docker create --name ${name}-load --label ${TEST_RUN_LABEL}=${runId} --network none --entrypoint true -v ${volume}:/srv ${image} >/dev/null`);
    await sh(`tar -C '${dir}' -cf - . | docker cp - ${name}-load:/srv`);
    const copyMs = performance.now() - t;
    await sh(
      [
        `docker run -d --name ${name} --label ${TEST_RUN_LABEL}=${runId} --init --read-only --cap-drop ALL --security-opt no-new-privileges`,
        `--user 65534:65534 --tmpfs /tmp:rw,noexec,nosuid,size=16m -e HOME=/tmp -e XDG_CONFIG_HOME=/tmp/config -e XDG_DATA_HOME=/tmp/data`,
        `--mount type=volume,src=${volume},dst=/srv,readonly --entrypoint caddy ${image} file-server --root /srv --listen :${SERVER_PORT} >/dev/null`,
      ].join(' '),
    );
    const ip = (await docker.getContainer(name).inspect()).NetworkSettings.Networks.bridge?.IPAddress ?? '';
    await waitFor(
      'the baseline server answering',
      async () => {
        const a = await getVia(`${ip}:${SERVER_PORT}`, ip, '/', 2_000);
        return 'status' in a && a.status === 200;
      },
      60_000,
      HEALTH_INTERVAL_MS,
    );
    return { ms: performance.now() - t, copyMs };
  } finally {
    for (const c of [name, `${name}-load`])
      await docker
        .getContainer(c)
        .remove({ force: true })
        .catch(() => undefined);
    // Removed with the host's versions at its end (see KEEP_VERSIONS).
    h.baselineVolumes.push(volume);
  }
}

async function benchHost(h: Host, dir: string): Promise<HostFigures> {
  const f: HostFigures = {
    deployMs: [],
    scanMs: [],
    copyMs: [],
    serveMs: [],
    baselineMs: [],
    baselineCopyMs: [],
    rollbackMs: [],
    failed: 0,
    requests: 0,
    failures: [],
    rssBeforeMb: rssOf(rss.pid) / MB,
    rssPeakMb: 0,
  };
  rss.peak = 0;
  // The first deploy makes the proxy, the network and the image cache warm: not counted.
  let previous = await deploy(h, dir, `${h.kind}-warm`);
  let previousName = `${h.kind}-warm`;
  for (let i = 0; i < DEPLOYS; i += 1) {
    const name = `${h.kind}-v${i}`;
    const d = await deploy(h, dir, name);
    f.deployMs.push(d.ms);
    f.scanMs.push(d.scanMs);
    f.copyMs.push(d.copyMs);
    f.serveMs.push(d.serveMs);
    const b = await baseline(h, dir, i + (h.kind === 'ssh' ? 100 : 0));
    f.baselineMs.push(b.ms);
    f.baselineCopyMs.push(b.copyMs);
    f.rollbackMs.push(await rollback(h, previous.versionId, previousName));
    console.log(
      `${h.kind} ${i}: deploy ${round(d.ms, 0)} ms (check ${round(d.scanMs, 0)}, copy ${round(d.copyMs, 0)}, until served ${round(d.serveMs, 0)}); baseline ${round(b.ms, 0)} ms (copy ${round(b.copyMs, 0)}); rollback ${round(f.rollbackMs.at(-1)!, 0)} ms`,
    );
    // The next rollback goes back to this one: the newest but one, always among the versions kept.
    previous = d;
    previousName = name;
  }

  // Deploys and rollbacks, alternating, while requests go through the proxy one after another
  // (testing/proxyClient's underLoad stops at 20,000 requests: these ten run longer).
  let loading = true;
  const load = (async () => {
    while (loading) {
      const a = await marker(h);
      f.requests += 1;
      if ('error' in a || a.status !== 200) {
        f.failed += 1;
        if (f.failures.length < 10) f.failures.push(`${new Date().toISOString()} ${answerText(a)}`);
      }
    }
  })();
  try {
    for (let i = 0; i < LOADED_OPERATIONS / 2; i += 1) {
      const name = `${h.kind}-load${i}`;
      const d = await deploy(h, dir, name);
      await rollback(h, previous.versionId, previousName);
      previous = d;
      previousName = name;
    }
  } finally {
    loading = false;
    await load;
  }
  f.rssPeakMb = rss.peak / MB;
  return f;
}

async function openHost(kind: 'local' | 'ssh', sshd: TestSshServer, alias: string): Promise<{ host: Host; proxy: ReturnType<typeof testProxy> }> {
  const proxy = testProxy(`${runId}-${kind}`);
  const engine = Engine.start();
  const label = `sb-${kind}-${short}`;
  const { hostId, siteId } = await engine.request<{ hostId: string; siteId: string }>({
    op: 'open',
    kind,
    proxy,
    ssh: kind === 'ssh' ? sshd.settings() : null,
    label,
    keepVersions: KEEP_VERSIONS,
  });
  return {
    host: { kind, engine, address: '', hostId, siteId, label, dockerHost: kind === 'ssh' ? `ssh://${alias}` : '', baselineVolumes: [] },
    proxy,
  };
}

async function closeHost(h: Host | null, proxy: ReturnType<typeof testProxy> | null): Promise<void> {
  if (!h || !proxy) return;
  await h.engine.request({ op: 'close' });
  await h.engine.stop();
  await removeDeployLeftovers(docker, [h.siteId], proxy);
  const versions = ((await docker.listVolumes({ filters: { label: [`${LABEL.workloadId}=${h.siteId}`] } })).Volumes ?? []).map((v) => v.Name);
  for (const volume of [...versions, ...h.baselineVolumes])
    await docker
      .getVolume(volume)
      .remove()
      .catch(() => undefined);
}

async function main() {
  const dir = tempDir('tf-bench-site-');
  generateSite(dir);
  const sshd = await TestSshServer.start();
  const alias = withSshAlias(sshd);
  const results: Partial<Record<'local' | 'ssh', HostFigures>> = {};
  try {
    for (const kind of ['local', 'ssh'] as const) {
      let opened: Awaited<ReturnType<typeof openHost>> | null = null;
      try {
        opened = await openHost(kind, sshd, alias.alias);
        results[kind] = await benchHost(opened.host, dir);
      } finally {
        await closeHost(opened?.host ?? null, opened?.proxy ?? null);
      }
    }
  } finally {
    clearInterval(rss.timer);
    alias.restore();
    await removeRun(docker, runId);
    await sshd.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
  const local = results.local!;
  const ssh = results.ssh!;
  for (const [kind, f] of Object.entries(results)) if (f.failed > 0) console.log(`failed requests (${kind}): ${f.failures.join('; ')}`);
  const figures = (f: HostFigures, suffix: '' | '_ssh') => ({
    [`deploy_ms_median${suffix}`]: round(median(f.deployMs), 0),
    [`baseline_ms_median${suffix}`]: round(median(f.baselineMs), 0),
    [`ratio_deploy_to_baseline${suffix}`]: round(median(f.deployMs) / median(f.baselineMs), 2),
    [`rollback_ms_median${suffix}`]: round(median(f.rollbackMs), 0),
    [`failed_requests${suffix}`]: f.failed,
    [`total_requests${suffix}`]: f.requests,
    [`engine_rss_peak_mb${suffix}`]: round(f.rssPeakMb, 1),
    [`engine_rss_before_mb${suffix}`]: round(f.rssBeforeMb, 1),
    [`breakdown${suffix}`]: {
      check_ms_median: round(median(f.scanMs), 0),
      copy_ms_median: round(median(f.copyMs), 0),
      until_served_ms_median: round(median(f.serveMs), 0),
      baseline_copy_ms_median: round(median(f.baselineCopyMs), 0),
      baseline_run_and_health_ms_median: round(median(f.baselineMs) - median(f.baselineCopyMs), 0),
    },
  });
  writeResult(
    'sites',
    {
      files: FILES,
      megabytes: TOTAL_BYTES / MB,
      deploys: DEPLOYS,
      loaded_operations: LOADED_OPERATIONS,
      ...figures(local, ''),
      ...figures(ssh, '_ssh'),
      note:
        'A site of 5,000 files of random bytes (1 to 19 KB, 50 MB in all, in 100 folders) plus marker.txt and index.html, rewritten for each version so every version has its own content hash. ' +
        'Local host, then an SSH host that is this machine behind its own sshd (the same dockerd), each with its own app in a process of its own (drain 1 s instead of 30 s; 20 versions kept, so no volume of either side is removed between timed operations: the first copy after a 5,000-file volume was removed took 2 to 3 times as long here, whichever side made it). ' +
        `deploy_ms_median: sites.deploy from the call until GET /marker.txt through the host's managed Caddy (polled every 20 ms) answers the new version, over ${DEPLOYS} deploys after a first one not counted; breakdown.check is until the call answers (the source read and hashed), copy until the upload ended (a fresh volume, a never-started container, the tar stream through putArchive, over the host's one SSH connection on the SSH host), until_served the blue-green runner (container, health wait, route switch) until the proxy answers it. ` +
        'baseline_ms_median: each right after one of ours, by hand: docker create of a never-started container on a fresh volume, tar of the folder piped into docker cp - to it, docker run -d of the same Caddy image (caddy file-server --root /srv) with the same hardening (read-only root and volume, no capabilities, no-new-privileges, user 65534, init, tmpfs /tmp), then GET / every 250 ms (the runner’s interval) until 200 on its port; on the SSH host the docker commands go through DOCKER_HOST=ssh:// (OpenSSH, a new login per command), the container’s address is read through the local socket and probed directly (the same machine): no proxy, no route switch. ' +
        'rollback_ms_median: sites.rollback to the version served before, from the call until the proxy answers it (no copy: a container on its kept volume). ' +
        `failed_requests: GETs of /marker.txt through the proxy one after another (a new connection each, no retry) during ${LOADED_OPERATIONS} operations per host, deploys and rollbacks alternating; total_requests how many were sent. ` +
        "engine_rss_peak_mb: VmRSS of the engine's process (the app alone, forked from the bench: the site generator, the baseline, the load and the polling run in the bench's process) sampled every 20 ms from each sites.deploy call until its run ended; engine_rss_before_mb the same once the host was open, before its first upload.",
    },
    {
      ratio_deploy_to_baseline: '<= 1.2',
      ratio_deploy_to_baseline_ssh: '<= 1.2',
      failed_requests: '0',
      failed_requests_ssh: '0',
      engine_rss_peak_mb: '<= 200',
      engine_rss_peak_mb_ssh: '<= 200',
    },
  );
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
