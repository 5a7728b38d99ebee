// Adopting what runs on the host, against the real dockerd and compose v1: a project started by
// `docker-compose` outside the app is listed as another's (grouped, read live), its own files are
// read back from where its labels say compose ran (locally and over SSH on the session's one
// connection), it becomes a stack, and the stack's first deploy recreates its containers as the
// stack's own. A project whose files are gone gets the reason and a draft that passes the checks.
// Labels are claims both ways: a container claiming a real stack is the stack's (unverified), not
// "other"; one claiming a workload that does not exist is "other".
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForeignGroup, StackOperationView } from '../../../shared/types';
import type { App } from '../app';
import { createApp } from '../app';
import type { DockerSession } from '../docker/dialer';
import { LABEL } from '../docker/labels';
import { SshDialer } from '../docker/sshDialer';
import { DOCKER_SOCKET, TEST_IMAGE, TEST_RUN_LABEL, newRunId, removeRun, runContainer, testDocker, waitFor, removeComposeProject } from '../testing/dockerHost';
import { rejectionOf, tempDir } from '../testing/fixtures';
import { TestSshServer } from '../testing/sshServer';
import { checkStackFiles } from './composeChecks';
import { adoptPreview } from './foreignProjects';

const exec = promisify(execFile);
const docker = testDocker();
const runId = newRunId();
const suffix = runId.replace(/[^a-z0-9]/g, '').slice(-10);
const kept = `tfa${suffix}`;
const gone = `tfg${suffix}`;
const work = tempDir('tinyforge-adopt-');
const keptDir = join(work, 'kept');
const goneDir = join(work, 'gone');
let app: App;
let sshd: TestSshServer;
let ssh: DockerSession;

const LOOP = `["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]`;
const composeFile = `services:
  web:
    image: ${TEST_IMAGE}
    ports:
      - "127.0.0.1::80"
    labels:
      ${TEST_RUN_LABEL}: ${runId}
  worker:
    image: ${TEST_IMAGE}
    command: ${LOOP}
    environment:
      MODE: \${TF_ADOPT_MODE}
    labels:
      ${TEST_RUN_LABEL}: ${runId}
`;
// A variable nobody's environment sets: compose prefers the shell's value to the .env's.
const envFile = 'TF_ADOPT_MODE=outside\n';

async function composeUp(project: string, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'compose.yml'), composeFile);
  writeFileSync(join(dir, '.env'), envFile);
  await exec('docker-compose', ['-p', project, '-f', join(dir, 'compose.yml'), 'up', '-d'], { cwd: dir });
}

async function projectContainers(project: string) {
  const listed = await docker.listContainers({ all: true, filters: { label: [`${LABEL.composeProject}=${project}`] } });
  return listed.map((c) => ({ id: c.Id, service: c.Labels[LABEL.composeService], state: c.State, labels: c.Labels }));
}

const foreign = () => app.handlers['stacks.foreign']({ hostId: 'local' });
const groupOf = (groups: ForeignGroup[], project: string | null) => groups.find((g) => g.project === project);

beforeAll(async () => {
  await Promise.all([composeUp(kept, keptDir), composeUp(gone, goneDir)]);
  // The second project's files are gone, as after a `git clean` or a deleted checkout.
  rmSync(goneDir, { recursive: true, force: true });
  app = await createApp({
    dataDir: tempDir(),
    shell: 'browser',
    dockerSocketPath: DOCKER_SOCKET,
    resyncIntervalMs: 60_000,
    log: () => {},
    proxy: { name: `${runId}-proxy`, network: `${runId}-proxy-net` },
  });
  await waitFor('docker up', () => app.services.runtime('local')?.connection.status.state === 'up');
  sshd = await TestSshServer.start();
  ssh = await new SshDialer({ settings: sshd.settings(), pinned: sshd.hostKey, passphrase: null }).open();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await ssh?.close();
  await sshd?.dispose();
  for (const project of [kept, gone]) await removeComposeProject(docker, project);
  await removeRun(docker, runId);
  rmSync(work, { recursive: true, force: true });
}, 60_000);

// Before the local adoption below takes the first project over.
describe('adoption preview over SSH (the files read by SFTP on the session’s one connection)', () => {
  it('reads the project’s own files on the SSH host', async () => {
    const preview = await adoptPreview(ssh.docker, ssh.shell, new Set(), kept);
    expect(preview).toEqual({
      readable: true,
      project: kept,
      composeFile,
      envFile,
      files: [join(keptDir, 'compose.yml')],
      workingDir: keptDir,
      relativePaths: [],
    });
  });

  it('says which file on the SSH host is missing, and drafts one instead', async () => {
    const preview = await adoptPreview(ssh.docker, ssh.shell, new Set(), gone);
    if (preview.readable) throw new Error('expected an unreadable project');
    expect(preview.reason).toMatch(new RegExp(`${join(goneDir, 'compose.yml').replace(/[.]/g, '\\.')} on .*: it does not exist`));
    expect(checkStackFiles({ composeFile: preview.draft, envFile: '', allowHostAccess: false }).ok).toBe(true);
  });
});

describe('other containers and adoption on the local host', () => {
  let stackId = '';
  let before: Awaited<ReturnType<typeof projectContainers>> = [];

  it('lists a project started outside the app, grouped, with image, state, ports and where compose ran', async () => {
    const group = groupOf(await foreign(), kept);
    expect(group).toMatchObject({ project: kept, workingDir: keptDir });
    expect(group!.configFiles).toHaveLength(1);
    expect(group!.containers.map((c) => [c.service, c.image, c.state])).toEqual([
      ['web', TEST_IMAGE, 'running'],
      ['worker', TEST_IMAGE, 'running'],
    ]);
    expect(group!.containers[0]!.ports).toEqual([expect.stringMatching(/^127\.0\.0\.1:\d+->80\/tcp$/)]);
    expect(group!.containers[0]!.status).toMatch(/^Up /);
    before = await projectContainers(kept);
    expect(before).toHaveLength(2);
  });

  it('previews the project: its own compose file and .env, read from the paths its labels give', async () => {
    const preview = await app.handlers['stacks.adoptPreview']({ hostId: 'local', project: kept });
    expect(preview).toEqual({
      readable: true,
      project: kept,
      composeFile,
      envFile,
      files: [join(keptDir, 'compose.yml')],
      workingDir: keptDir,
      relativePaths: [],
    });
  });

  it('refuses a preview of a project that has no container outside the stacks', async () => {
    const error = await rejectionOf(Promise.resolve(app.handlers['stacks.adoptPreview']({ hostId: 'local', project: `tfnone${suffix}` })));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain(`tfnone${suffix}`);
  });

  it('creates the adopting stack; until its first deploy nothing but deploy and pull may touch the containers', async () => {
    const stack = await app.handlers['workloads.createStack']({
      hostId: 'local',
      name: `adopted ${kept}`,
      composeProjectName: kept,
      composeFile,
      envFile,
      allowHostAccess: false,
      adopt: true,
    });
    stackId = stack.id;
    expect(stack).toMatchObject({ kind: 'stack', adoptPending: true });
    const refused = await rejectionOf(Promise.resolve(app.handlers['stacks.run']({ id: stackId, operation: { kind: 'stop' } })));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toMatch(/deploy it first/);
    // The reconciler matches them by project now: they are the stack's claims (unverified), not "other".
    await waitFor('the project leaves the other containers', async () => groupOf(await foreign(), kept) === undefined, 15_000, 100);
    const rows = app.services.containers.list('local').filter((r) => r.workloadId === stackId);
    expect(rows.map((r) => r.provenance)).toEqual(['unverified', 'unverified']);
    expect((await projectContainers(kept)).map((c) => c.state)).toEqual(['running', 'running']);
  });

  it('deploys it: the same services, recreated by the app and now its own', async () => {
    const started = await app.handlers['stacks.run']({ id: stackId, operation: { kind: 'deploy', pull: false } });
    const done: StackOperationView = await waitFor(
      'deploy done',
      async () => (await app.handlers['stacks.operations']({ id: stackId })).find((o) => o.id === started.id && o.status !== 'running'),
      90_000,
      100,
    );
    expect(done.error).toBeNull();
    expect(done.status).toBe('succeeded');
    expect(done.output.join('\n')).toContain('every container is recreated');

    const after = await projectContainers(kept);
    expect(after.map((c) => c.service).sort()).toEqual(before.map((c) => c.service).sort());
    for (const c of after) {
      expect(before.map((b) => b.id)).not.toContain(c.id);
      expect(c.state).toBe('running');
      expect(c.labels).toMatchObject({ [LABEL.workloadId]: stackId, [LABEL.role]: c.service });
    }
    const rows = app.services.containers.list('local').filter((r) => r.workloadId === stackId && r.state !== 'missing');
    expect(rows.map((r) => [r.role, r.provenance, r.dockerId]).sort()).toEqual(after.map((c) => [c.service, 'created', c.id]).sort());
    expect(await app.handlers['workloads.get']({ id: stackId })).toMatchObject({ adoptPending: false });
    // Adopted for good: the next deploy is an ordinary one (compose keeps what did not change).
    const again = await app.handlers['stacks.run']({ id: stackId, operation: { kind: 'deploy', pull: false } });
    const second = await waitFor(
      'second deploy done',
      async () => (await app.handlers['stacks.operations']({ id: stackId })).find((o) => o.id === again.id && o.status !== 'running'),
      90_000,
      100,
    );
    expect(second.status).toBe('succeeded');
    expect(second.output.join('\n')).not.toContain('every container is recreated');
    expect((await projectContainers(kept)).map((c) => c.id).sort()).toEqual(after.map((c) => c.id).sort());
  });

  it('says why a project whose files are gone cannot be imported, and drafts a file from its containers that passes the checks', async () => {
    const preview = await app.handlers['stacks.adoptPreview']({ hostId: 'local', project: gone });
    if (preview.readable) throw new Error('expected an unreadable project');
    expect(preview.reason).toContain(join(goneDir, 'compose.yml'));
    expect(preview.reason).toContain('does not exist');
    expect(preview.why).toEqual({ kind: 'unreadable', path: join(goneDir, 'compose.yml'), code: 'NOT_FOUND' });
    const check = checkStackFiles({ composeFile: preview.draft, envFile: '', allowHostAccess: false });
    expect(check.problems).toEqual([]);
    expect(check.services).toEqual(['web', 'worker']);
    expect(preview.draft).toContain('MODE: outside');
    expect(preview.draft).not.toContain('com.docker.compose');
  });

  it('keeps a container that claims a real stack out of the other containers (it is the stack’s, unverified) and lists one claiming no workload', async () => {
    await runContainer(docker, runId, { name: `${runId}-claims-stack`, labels: { [LABEL.managed]: 'true', [LABEL.workloadId]: stackId } });
    await runContainer(docker, runId, { name: `${runId}-claims-nothing`, labels: { [LABEL.managed]: 'true', [LABEL.workloadId]: `nope-${runId}` } });
    await waitFor(
      'the claim is recorded as unverified',
      () => app.services.containers.list('local').find((r) => r.name === `${runId}-claims-stack`)?.provenance === 'unverified',
      15_000,
      100,
    );
    const plain = groupOf(await foreign(), null);
    const names = plain?.containers.map((c) => c.name) ?? [];
    expect(names).toContain(`${runId}-claims-nothing`);
    expect(names).not.toContain(`${runId}-claims-stack`);
  });

  it('leaves the host’s managed proxy out: it is the app’s own, though no workload holds it', async () => {
    await runContainer(docker, runId, { name: `${runId}-proxy` });
    await runContainer(docker, runId, { name: `${runId}-not-the-proxy` });

    const names = groupOf(await foreign(), null)?.containers.map((c) => c.name) ?? [];

    expect(names).toContain(`${runId}-not-the-proxy`);
    expect(names).not.toContain(`${runId}-proxy`);
  });
});
