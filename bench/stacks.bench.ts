// `npm run bench -- stacks`: a three-service compose stack on an SSH host (this machine's sshd in
// front of the same dockerd), ten deploys alternating two versions, three ways in one run:
// - ours: stacks.save + stacks.run deploy through the app (files by SFTP, compose by SSH exec on the
//   host's one connection, containers read back), timed from the call until the operation has
//   ended and every service runs;
// - direct: the same compose CLI command run on the host itself, no app (the floor);
// - ssh_url: the peer way, compose on this machine with DOCKER_HOST=ssh://, which opens SSH
//   connections of its own.
// Plus the SSH logins sshd accepted during our deploys (target 0: everything rides the one session).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createApp } from '../src/main/engine/app';
import { LABEL } from '../src/main/engine/docker/labels';
import { composeOverride } from '../src/main/engine/stacks/composeCli';
import { DOCKER_SOCKET, TEST_IMAGE, newRunId, removeComposeProject, testDocker, waitFor } from '../src/main/engine/testing/dockerHost';
import { tempDir } from '../src/main/engine/testing/fixtures';
import { TestSshServer, addTrustedHost } from '../src/main/engine/testing/sshServer';
import { median, round, writeResult } from './report';
import { withSshAlias } from './sshAlias';

const run = promisify(execFile);
const DEPLOYS = 10;
/** The peer way takes about a minute per deploy here (docker-py opens SSH connections per call): three, not ten. */
const SSH_URL_DEPLOYS = 3;
const SERVICES = ['api', 'web', 'worker'];

/** Version `v` of the stack: every service's environment changes, so every deploy recreates all three. */
function composeFile(v: 'a' | 'b'): string {
  const service = (name: string) => `  ${name}:
    image: ${TEST_IMAGE}
    init: true
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
    environment:
      VERSION: ${v}
`;
  return `services:\n${SERVICES.map(service).join('')}`;
}

const docker = testDocker();

async function allRunning(project: string, version: 'a' | 'b'): Promise<boolean> {
  const listed = await docker.listContainers({ filters: { label: [`${LABEL.composeProject}=${project}`] } });
  if (listed.length !== SERVICES.length || !listed.every((c) => c.State === 'running')) return false;
  const envs = await Promise.all(listed.map((c) => docker.getContainer(c.Id).inspect()));
  return envs.every((i) => i.Config.Env.includes(`VERSION=${version}`));
}

/** One `up -d` of the CLI in `dir` to `version`, with `env` (DOCKER_HOST for the peer): ms until all three run it. */
async function cliDeploy(dir: string, project: string, env: NodeJS.ProcessEnv, version: 'a' | 'b'): Promise<number> {
  writeFileSync(join(dir, 'compose.yaml'), composeFile(version));
  const t = performance.now();
  await run('docker-compose', ['-p', project, '-f', 'compose.yaml', '-f', 'tinyforge.override.yaml', 'up', '-d', '--remove-orphans'], {
    cwd: dir,
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  await waitFor(`${project} on version ${version}`, () => allRunning(project, version), 60_000, 50);
  return performance.now() - t;
}

/** `deploys` runs of cliDeploy alternating versions, after a first one that creates everything (a warm-up, not counted). */
async function cliDeploys(dir: string, project: string, env: NodeJS.ProcessEnv, deploys: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < deploys + 1; i += 1) {
    const ms = await cliDeploy(dir, project, env, i % 2 === 0 ? 'a' : 'b');
    if (i > 0) times.push(ms);
  }
  return times;
}

async function main() {
  const runId = newRunId()
    .replace(/[^a-z0-9]/g, '')
    .slice(-8);
  const projects = { ours: `tfb${runId}o`, direct: `tfb${runId}d`, sshUrl: `tfb${runId}s` };
  const sshd = await TestSshServer.start();
  const alias = withSshAlias(sshd);
  const app = await createApp({ dataDir: tempDir(), shell: 'browser', dockerSocketPath: DOCKER_SOCKET, resyncIntervalMs: 60_000, log: () => {} });
  const dirs: string[] = [];
  try {
    const added = { id: await addTrustedHost(app, sshd, 'bench') };
    const stack = await app.handlers['workloads.createStack']({
      hostId: added.id,
      name: 'bench stack',
      composeProjectName: projects.ours,
      composeFile: composeFile('a'),
      envFile: '',
      allowHostAccess: false,
    });

    // The same CLI command with the same files on the host itself: the floor.
    const override = (project: string) => composeOverride({ services: SERVICES, workloadId: `bench-${project}` });
    const setup = (project: string) => {
      const dir = mkdtempSync(join(tmpdir(), 'tf-bench-stack-'));
      dirs.push(dir);
      writeFileSync(join(dir, 'tinyforge.override.yaml'), override(project));
      return dir;
    };
    const directDir = setup(projects.direct);

    // Ours: the call until the operation ended and all three run the new version; each deploy of
    // ours is followed by one direct deploy, so the load of the moment weighs on both alike.
    const ours: number[] = [];
    const direct: number[] = [];
    let logins = 0;
    for (let i = 0; i < DEPLOYS + 1; i += 1) {
      const version = i % 2 === 0 ? 'a' : 'b';
      await app.handlers['stacks.save']({ id: stack.id, composeFile: composeFile(version), envFile: '', allowHostAccess: false });
      const before = sshd.acceptedLogins();
      const t = performance.now();
      const ended = new Promise<void>((resolve) => {
        const stop = app.events.subscribe((event, payload) => {
          const p = payload as { workloadId?: string; status?: string };
          if (event === 'stacks.changed' && p.workloadId === stack.id && p.status !== 'running') {
            stop();
            resolve();
          }
        });
      });
      const started = await app.handlers['stacks.run']({ id: stack.id, operation: { kind: 'deploy', pull: false } });
      await ended;
      const [op] = (await app.handlers['stacks.operations']({ id: stack.id })).filter((o) => o.id === started.id);
      if (op?.status !== 'succeeded') throw new Error(`deploy ${i} failed: ${op?.error?.message ?? 'unknown'}\n${op?.output.join('\n')}`);
      await waitFor(`${projects.ours} on version ${version}`, () => allRunning(projects.ours, version), 60_000, 50);
      if (i > 0) {
        ours.push(performance.now() - t);
        logins += sshd.acceptedLogins() - before;
      }
      const directMs = await cliDeploy(directDir, projects.direct, {}, version);
      if (i > 0) direct.push(directMs);
    }

    // The same CLI command with the same files through DOCKER_HOST=ssh://, the peer way.
    const sshUrl = await cliDeploys(setup(projects.sshUrl), projects.sshUrl, { DOCKER_HOST: `ssh://root@${alias.alias}:${sshd.port}` }, SSH_URL_DEPLOYS);

    const deployMs = median(ours);
    const directMs = median(direct);
    writeResult(
      'stacks',
      {
        deploys: DEPLOYS,
        services: SERVICES.length,
        deploy_ms_median: round(deployMs, 1),
        direct_ms_median: round(directMs, 1),
        ratio_deploy_to_direct: round(deployMs / directMs, 2),
        ssh_url_ms_median: round(median(sshUrl), 1),
        ssh_url_deploys: SSH_URL_DEPLOYS,
        new_ssh_connections: logins,
        note: 'A stack of three services (busybox loops, init) on an SSH host that is this machine behind its own sshd; ten deploys alternating two versions whose environment differs, so each recreates all three (a first deploy before them is not counted). deploy_ms_median: stacks.run deploy through the app (files by SFTP, docker-compose v1 by SSH exec on the one connection, containers read back) from the call until the operation ended and all three run the new version. direct_ms_median: the same docker-compose up -d with the same files run on the host itself, timed the same way, each run right after one of ours (turn about, so the load of the moment weighs on both). ssh_url_ms_median: the same from this machine with DOCKER_HOST=ssh:// (docker-compose v1 through paramiko), the way other tools reach a remote host, over ssh_url_deploys deploys (each takes about a minute). new_ssh_connections: logins sshd accepted during our ten deploys.',
      },
      { ratio_deploy_to_direct: '<= 1.25', new_ssh_connections: '0' },
    );
  } finally {
    await app.close();
    alias.restore();
    for (const project of Object.values(projects)) await removeComposeProject(docker, project);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    rmSync(join(homedir(), '.tinyforge', 'stacks', projects.ours), { recursive: true, force: true });
    await sshd.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
