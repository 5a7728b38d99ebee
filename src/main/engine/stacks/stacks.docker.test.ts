// Compose stacks against the real dockerd and the real compose CLI (v1 here), through the app's
// calls: a two-service stack deployed, edited and updated (only the edited service recreated),
// stopped, started, taken down; a rollback that brings back the exact image a version ran after its
// tag moved; one operation per stack at a time; files that fail their checks saved never.
import { readFileSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackOperationView } from '../../../shared/types';
import type { App } from '../app';
import { createApp } from '../app';
import { LABEL } from '../docker/labels';
import { DOCKER_SOCKET, newRunId, removeComposeProject, runContainer, TEST_IMAGE, testDocker, waitFor } from '../testing/dockerHost';
import { tempDir } from '../testing/fixtures';
import { TestSshServer, addTrustedHost } from '../testing/sshServer';

const docker = testDocker();
const runId = newRunId();
const project = `tf${runId.replace(/[^a-z0-9]/g, '').slice(-10)}`;
const appTag = `tf-${project}/app:latest`;
let app: App;
let stackId = '';
const dataDir = tempDir();

const LOOP = `["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]`;
const composeFile = (mode: string) => `services:
  web:
    image: ${appTag}
    init: true
  worker:
    image: ${TEST_IMAGE}
    command: ${LOOP}
    environment:
      MODE: ${mode}
`;

async function finished(operation: StackOperationView): Promise<StackOperationView> {
  return waitFor(
    `${operation.kind} done`,
    async () => (await app.handlers['stacks.operations']({ id: stackId })).find((o) => o.id === operation.id && o.status !== 'running'),
    60_000,
    100,
  );
}

async function run(operation: Parameters<App['handlers']['stacks.run']>[0]['operation']): Promise<StackOperationView> {
  return finished(await app.handlers['stacks.run']({ id: stackId, operation }));
}

/** The stack's containers as Docker has them, by service. */
async function containers(): Promise<Record<string, { id: string; state: string; image: string; labels: Record<string, string> }>> {
  const listed = await docker.listContainers({ all: true, filters: { label: [`${LABEL.composeProject}=${project}`] } });
  return Object.fromEntries(listed.map((c) => [c.Labels[LABEL.composeService]!, { id: c.Id, state: c.State, image: c.ImageID, labels: c.Labels }]));
}

const imageId = (ref: string) =>
  docker
    .getImage(ref)
    .inspect()
    .then((i) => i.Id);

beforeAll(async () => {
  await docker.getImage('tinyforge-test/app:v1').tag({ repo: `tf-${project}/app`, tag: 'latest' });
  app = await createApp({ dataDir, shell: 'browser', dockerSocketPath: DOCKER_SOCKET, resyncIntervalMs: 60_000, log: () => {} });
  await waitFor('docker up', () => app.services.runtime('local')?.connection.status.state === 'up');
  const stack = await app.handlers['workloads.createStack']({
    hostId: 'local',
    name: `stack ${project}`,
    composeProjectName: project,
    composeFile: composeFile('one'),
    envFile: '',
    allowHostAccess: false,
  });
  stackId = stack.id;
}, 60_000);

afterAll(async () => {
  await app?.close();
  await removeComposeProject(docker, project);
  await docker
    .getImage(appTag)
    .remove()
    .catch(() => undefined);
});

describe('a compose stack on the local host', () => {
  it('finds the compose CLI the host has', async () => {
    expect(await app.handlers['stacks.compose']({ hostId: 'local' })).toEqual({ flavor: 'v1', version: expect.stringMatching(/^1\.\d+\.\d+/) });
  });

  it('deploys both services with the app labels, its rows as its own, and records version 1 with each image', async () => {
    const done = await run({ kind: 'deploy', pull: false });

    expect(done).toMatchObject({ kind: 'deploy', status: 'succeeded', error: null, version: 1 });
    expect(done.output.join('\n')).toMatch(/Creating .*web/);
    const running = await containers();
    expect(Object.keys(running).sort()).toEqual(['web', 'worker']);
    for (const [service, c] of Object.entries(running)) {
      expect(c.state).toBe('running');
      expect(c.labels).toMatchObject({ [LABEL.managed]: 'true', [LABEL.workloadId]: stackId, [LABEL.workloadKind]: 'stack', [LABEL.role]: service });
    }
    const rows = app.services.containers.list('local').filter((r) => r.workloadId === stackId);
    expect(rows.map((r) => [r.role, r.provenance]).sort()).toEqual([
      ['web', 'created'],
      ['worker', 'created'],
    ]);
    const [version] = await app.handlers['stacks.versions']({ id: stackId });
    expect(version).toMatchObject({ number: 1, composeFile: composeFile('one') });
    expect(version!.images).toEqual([
      { service: 'web', image: appTag, imageId: await imageId('tinyforge-test/app:v1'), repoDigest: null },
      { service: 'worker', image: TEST_IMAGE, imageId: await imageId(TEST_IMAGE), repoDigest: null },
    ]);
  });

  it('refuses a second operation while one runs with STACK_BUSY, and runs the first to its end', async () => {
    const first = await app.handlers['stacks.run']({ id: stackId, operation: { kind: 'restart' } });
    await expect(app.handlers['stacks.run']({ id: stackId, operation: { kind: 'stop' } })).rejects.toMatchObject({
      code: 'STACK_BUSY',
      details: { running: 'restart', operationId: first.id },
    });
    expect((await finished(first)).status).toBe('succeeded');
    expect(Object.values(await containers()).map((c) => c.state)).toEqual(['running', 'running']);
  });

  it('refuses a file that fails its checks: nothing saved', async () => {
    const before = await app.handlers['workloads.get']({ id: stackId });
    await expect(
      app.handlers['stacks.save']({ id: stackId, composeFile: 'services:\n  web:\n    image: x\n    privileged: true\n', envFile: '', allowHostAccess: false }),
    ).rejects.toMatchObject({ code: 'COMPOSE_INVALID', details: { problems: [expect.objectContaining({ line: 4, kind: 'host-access' })] } });
    expect(await app.handlers['workloads.get']({ id: stackId })).toEqual(before);
  });

  it('updates after an edit of one service: only that service is recreated', async () => {
    const before = await containers();
    await app.handlers['stacks.save']({ id: stackId, composeFile: composeFile('two'), envFile: '', allowHostAccess: false });

    const done = await run({ kind: 'update' });

    expect(done.error, done.output.join('\n')).toBeNull();
    expect(done).toMatchObject({ status: 'succeeded', version: 2 });
    const after = await containers();
    expect(after.web!.id).toBe(before.web!.id);
    expect(after.worker!.id).not.toBe(before.worker!.id);
    expect(after.worker!.state).toBe('running');
    // The replaced worker's row went with it: the app removed it, it did not go missing.
    await app.handlers['reconcile.now']({ hostId: 'local' });
    const rows = app.services.containers.list('local').filter((r) => r.workloadId === stackId);
    expect(rows.map((r) => [r.role, r.state]).sort()).toEqual([
      ['web', 'running'],
      ['worker', 'running'],
    ]);
  });

  it('rolls back to the exact image a version ran after its tag moved on', async () => {
    const v1 = await imageId('tinyforge-test/app:v1');
    const v2 = await imageId('tinyforge-test/app:v2');
    await docker.getImage('tinyforge-test/app:v2').tag({ repo: `tf-${project}/app`, tag: 'latest' });
    expect((await run({ kind: 'update' })).status).toBe('succeeded');
    expect((await containers()).web!.image).toBe(v2);

    const versions = await app.handlers['stacks.versions']({ id: stackId });
    const first = versions.find((v) => v.number === 1)!;
    const done = await run({ kind: 'rollback', versionId: first.id });

    expect(done.error, done.output.join('\n')).toBeNull();
    expect(done).toMatchObject({ status: 'succeeded', targetVersion: 1, version: 4 });
    const after = await containers();
    expect(after.web!.image).toBe(v1);
    expect(after.worker!.state).toBe('running');
    // What runs is version 1's file: the stack's saved file is that file again.
    const stack = await app.handlers['workloads.get']({ id: stackId });
    expect(stack.kind === 'stack' && stack.composeFile).toBe(composeFile('one'));
  });

  it('stops and starts the stack', async () => {
    expect((await run({ kind: 'stop' })).status).toBe('succeeded');
    expect(Object.values(await containers()).map((c) => c.state)).toEqual(['exited', 'exited']);
    expect((await run({ kind: 'start' })).status).toBe('succeeded');
    expect(Object.values(await containers()).map((c) => c.state)).toEqual(['running', 'running']);
  });

  it('takes the stack down only when its name is typed, and keeps it as a record', async () => {
    await expect(app.handlers['stacks.run']({ id: stackId, operation: { kind: 'down', removeVolumes: false, confirmName: 'wrong' } })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    expect(Object.keys(await containers())).toHaveLength(2);

    const stack = await app.handlers['workloads.get']({ id: stackId });
    expect((await run({ kind: 'down', removeVolumes: false, confirmName: stack.name })).status).toBe('succeeded');
    expect(await containers()).toEqual({});
    await app.handlers['reconcile.now']({ hostId: 'local' });
    expect(app.services.containers.list('local').filter((r) => r.workloadId === stackId)).toEqual([]);
    const history = await app.handlers['stacks.operations']({ id: stackId });
    expect(history.map((o) => o.kind).slice(0, 3)).toEqual(['down', 'start', 'stop']);
  });

  it('hands a secret .env value to compose for the run only: never in the files left on the host, the version or an answer', async () => {
    const secret = `s3cr3t "quoted" ${runId}`;
    const withToken = composeFile('one').replace('      MODE: one\n', '      MODE: one\n      TOKEN: ${TOKEN}\n');
    await app.handlers['stacks.save']({ id: stackId, composeFile: withToken, envFile: 'PLAIN=1\n', allowHostAccess: false });
    expect(await app.handlers['stacks.setSecret']({ id: stackId, key: 'TOKEN', value: secret })).toEqual([{ key: 'TOKEN', keeping: 'session' }]);
    await expect(app.handlers['stacks.setSecret']({ id: stackId, key: 'PLAIN', value: 'x' })).rejects.toMatchObject({ code: 'VALIDATION' });

    const done = await run({ kind: 'deploy', pull: false });

    expect(done.error, done.output.join('\n')).toBeNull();
    const worker = await docker.getContainer((await containers()).worker!.id).inspect();
    expect(worker.Config.Env).toContain(`TOKEN=${secret}`);
    const onHost = readFileSync(join(dataDir, 'stacks', project, '.env'), 'utf8');
    expect(onHost).toBe('PLAIN=1\n');
    const [version] = await app.handlers['stacks.versions']({ id: stackId });
    expect(version).toMatchObject({ envFile: 'PLAIN=1\n', secretKeys: ['TOKEN'] });
    expect(JSON.stringify(await app.handlers['workloads.get']({ id: stackId }))).not.toContain(secret);
    expect(JSON.stringify(await app.handlers['stacks.secrets']({ id: stackId }))).not.toContain(secret);
    expect(JSON.stringify(await app.handlers['stacks.operations']({ id: stackId }))).not.toContain(secret);

    const stack = await app.handlers['workloads.get']({ id: stackId });
    expect((await run({ kind: 'down', removeVolumes: false, confirmName: stack.name })).status).toBe('succeeded');
  });
  it("shows as a service only the containers the store holds as the stack's, not one that merely carries its labels", async () => {
    expect((await run({ kind: 'deploy', pull: false })).status).toBe('succeeded');
    const impostor = await runContainer(docker, runId, {
      name: `${runId}-impostor`,
      labels: { [LABEL.composeProject]: project, [LABEL.composeService]: 'web', [LABEL.workloadId]: stackId },
    });
    try {
      const services = await app.handlers['stacks.services']({ id: stackId });
      const web = services.find((s) => s.service === 'web')!;
      expect(web.containers.map((c) => c.name)).toEqual([`${project}_web_1`]);
      expect(web.containers.every((c) => c.rowId !== null)).toBe(true);
    } finally {
      await impostor.remove({ force: true });
      const stack = await app.handlers['workloads.get']({ id: stackId });
      await run({ kind: 'down', removeVolumes: false, confirmName: stack.name });
    }
  });
});

describe('a compose stack on an SSH host', () => {
  const sshProject = `${project}s`;
  let sshd: TestSshServer;
  let hostId = '';
  let sshStackId = '';
  const sshFile = (mode: string) => composeFile(mode).replace(appTag, 'tinyforge-test/app:v1');

  const runOn = async (operation: Parameters<App['handlers']['stacks.run']>[0]['operation']) => {
    const started = await app.handlers['stacks.run']({ id: sshStackId, operation });
    return waitFor(
      `${operation.kind} done`,
      async () => (await app.handlers['stacks.operations']({ id: sshStackId })).find((o) => o.id === started.id && o.status !== 'running'),
      60_000,
      100,
    );
  };
  const hostUp = () => app.services.hostViews().find((h) => h.id === hostId)?.state === 'up';

  beforeAll(async () => {
    sshd = await TestSshServer.start();
    hostId = await addTrustedHost(app, sshd, `ssh ${sshProject}`);
    const stack = await app.handlers['workloads.createStack']({
      hostId,
      name: `ssh stack ${sshProject}`,
      composeProjectName: sshProject,
      composeFile: sshFile('one'),
      envFile: '',
      allowHostAccess: false,
    });
    sshStackId = stack.id;
  }, 60_000);

  afterAll(async () => {
    await removeComposeProject(docker, sshProject);
    rmSync(join(homedir(), '.tinyforge', 'stacks', sshProject), { recursive: true, force: true });
    await sshd?.dispose();
  });

  it('deploys through the one SSH connection: no new login, the files in a 0700 folder on the server', async () => {
    const logins = sshd.acceptedLogins();

    const done = await runOn({ kind: 'deploy', pull: false });

    expect(done.error, done.output.join('\n')).toBeNull();
    expect(sshd.acceptedLogins()).toBe(logins);
    const listed = await docker.listContainers({ filters: { label: [`${LABEL.composeProject}=${sshProject}`, `${LABEL.workloadId}=${sshStackId}`] } });
    expect(listed.map((c) => c.Labels[LABEL.composeService]).sort()).toEqual(['web', 'worker']);
    expect(statSync(join(homedir(), '.tinyforge', 'stacks', sshProject)).mode & 0o777).toBe(0o700);
  });

  it('fails clearly when the SSH session dies in the middle of `up`, marks nothing missing, and a retry converges', async () => {
    await app.handlers['stacks.save']({ id: sshStackId, composeFile: sshFile('two'), envFile: '', allowHostAccess: false });
    let cut = false;
    const stop = app.events.subscribe((event, payload) => {
      if (event === 'stacks.output' && (payload as { workloadId: string }).workloadId === sshStackId && !cut) {
        cut = true;
        sshd.killSessions();
      }
    });
    const failed = await runOn({ kind: 'deploy', pull: false }).finally(stop);

    expect(cut).toBe(true);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'HOST_CONNECTION_LOST' } });
    expect(app.services.containers.list(hostId).filter((r) => r.workloadId === sshStackId && r.state === 'missing')).toEqual([]);

    await waitFor('the SSH host back up', hostUp, 30_000, 100);
    const retried = await runOn({ kind: 'deploy', pull: false });
    expect(retried.error, retried.output.join('\n')).toBeNull();
    const listed = await docker.listContainers({ filters: { label: [`${LABEL.composeProject}=${sshProject}`] } });
    expect(listed.map((c) => c.Labels[LABEL.composeService]).sort()).toEqual(['web', 'worker']);
    const history = await app.handlers['stacks.operations']({ id: sshStackId });
    expect(history.map((o) => o.status).slice(0, 3)).toEqual(['succeeded', 'failed', 'succeeded']);
  });
});
