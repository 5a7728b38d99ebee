// `npm run bench -- ssh`: per-call latency of Docker API calls (version and listContainers, 50 each)
// through the local socket, our persistent SSH tunnel, dockerode's built-in `protocol: 'ssh'` and the
// docker CLI with `-H ssh://`, all against the same sshd and dockerd in one run; plus a full
// reconcile pass of 200 containers over SSH.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import Dockerode from 'dockerode';
import { canonicalLabels } from '../src/main/engine/docker/labels';
import { DockerConnection } from '../src/main/engine/docker/dockerConnection';
import { SshDialer } from '../src/main/engine/docker/sshDialer';
import { EventBus } from '../src/main/engine/events';
import { Reconciler } from '../src/main/engine/reconciler/reconciler';
import { DOCKER_SOCKET, newRunId, removeRun, runMany, testDocker, waitFor } from '../src/main/engine/testing/dockerHost';
import { openTestStore, stage } from '../src/main/engine/testing/fixtures';
import { TestSshServer } from '../src/main/engine/testing/sshServer';
import { median, round, writeResult } from './report';
import { withSshAlias } from './sshAlias';

const run = promisify(execFile);
const CALLS = 50;

/** Median per-call time of `version` and `listContainers`, CALLS of each, interleaved. */
async function perCall(call: (kind: 'version' | 'list') => Promise<unknown>, calls = CALLS) {
  const version: number[] = [];
  const list: number[] = [];
  await call('version');
  for (let i = 0; i < calls; i += 1) {
    let t = performance.now();
    await call('version');
    version.push(performance.now() - t);
    t = performance.now();
    await call('list');
    list.push(performance.now() - t);
  }
  return { all: median([...version, ...list]), version: median(version), list: median(list) };
}

const viaDockerode = (docker: Dockerode) => (kind: 'version' | 'list') => (kind === 'version' ? docker.version() : docker.listContainers({ all: true }));

async function main() {
  const server = await TestSshServer.start();
  const docker = testDocker();
  const runId = newRunId();
  const alias = withSshAlias(server);
  const store = openTestStore();
  const tunnel = new DockerConnection({ hostId: 'bench', dialer: new SshDialer({ settings: server.settings(), pinned: server.hostKey, passphrase: null }) });
  try {
    const local = await perCall(viaDockerode(new Dockerode({ socketPath: DOCKER_SOCKET })));

    await tunnel.start();
    if (tunnel.status.state !== 'up') throw new Error(`tunnel did not come up: ${tunnel.status.reason}`);
    const ours = await perCall(viaDockerode(tunnel.docker));

    const builtin = new Dockerode({
      protocol: 'ssh',
      host: '127.0.0.1',
      port: server.port,
      username: 'root',
      sshOptions: { privateKey: readFileSync(server.clientKey) },
    });
    const dockerodeSsh = await perCall(viaDockerode(builtin));

    const cli = await perCall((kind) =>
      run('docker', ['-H', `ssh://${alias.alias}`, ...(kind === 'version' ? ['version', '--format', '{{.Server.Version}}'] : ['ps', '-a', '-q'])], {
        timeout: 30_000,
      }),
    );

    // A full reconcile pass of 200 labelled containers through the tunnel.
    const project = store.workloads.createProject({ hostId: 'local', name: 'api', imageRepository: 'acme/api', stages: [stage('production')] });
    await runMany(docker, runId, 200, canonicalLabels(project.id, 'project', 'production'));
    const reconciler = new Reconciler({
      hostId: 'local',
      lister: tunnel,
      db: store.db,
      containers: store.containers,
      workloads: store.workloads,
      events: new EventBus(),
      resyncIntervalMs: 3_600_000,
    });
    await reconciler.pass({ full: true });
    await waitFor('200 rows', () => store.containers.list().filter((c) => c.name.startsWith(runId)).length === 200);
    const passes: number[] = [];
    for (let i = 0; i < 15; i += 1) passes.push((await reconciler.pass({ full: true })).ms);
    await reconciler.close();

    writeResult(
      'ssh',
      {
        calls_each: CALLS,
        local_ms: round(local.all, 3),
        tunnel_ms: round(ours.all, 3),
        dockerode_ssh_ms: round(dockerodeSsh.all, 2),
        cli_ssh_ms: round(cli.all, 2),
        ssh_pass_ms_200: round(median(passes)),
        ratio_dockerode_ssh_to_tunnel: round(dockerodeSsh.all / ours.all, 1),
        tunnel_budget_ms: round(2 * local.all + 2, 3),
        breakdown: {
          local: { version: round(local.version, 3), list: round(local.list, 3) },
          tunnel: { version: round(ours.version, 3), list: round(ours.list, 3) },
          dockerode_ssh: { version: round(dockerodeSsh.version, 2), list: round(dockerodeSsh.list, 2) },
          cli_ssh: { version: round(cli.version, 2), list: round(cli.list, 2) },
        },
        note: 'Each *_ms is the median over 50 version and 50 listContainers calls (all containers) through that path, against the same sshd (127.0.0.1) and dockerd. cli_ssh_ms includes starting the docker CLI process, as a user of DOCKER_HOST=ssh:// pays it. ssh_pass_ms_200: a full reconcile pass of 200 containers through our tunnel (median of 15).',
      },
      { tunnel_ms: '<= 2 x local_ms + 2', ratio_dockerode_ssh_to_tunnel: '>= 20' },
    );
  } finally {
    alias.restore();
    await tunnel.close();
    await removeRun(docker, runId);
    store.cleanup();
    await server.dispose();
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
