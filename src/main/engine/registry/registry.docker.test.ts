// Private registries against the real dockerd and the test registry behind basic auth that
// scripts/test-host.sh serves on 127.0.0.1:5001: a pull without credentials is IMAGE_PULL_DENIED
// naming the registry, a wrong password is REGISTRY_AUTH_FAILED, the saved login makes the deploy
// succeed, the Settings test logs in through the host's connection, and the password shows up in
// no log line, no event and no view the contract returns. The same over an SSH host's connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import type { App } from '../app';
import { pullImage } from '../docker/pullImage';
import { PullError } from '../docker/pullError';
import { dispatchCall } from '../rpc/handlers';
import type { DeployRecord } from '../store/deployRepo';
import { DOCKER_SOCKET, newRunId, testDocker, waitFor } from '../testing/dockerHost';
import { createAppProject, removeDeployLeftovers, testProxy } from '../testing/deployHarness';
import { tempDir } from '../testing/fixtures';
import { TestSshServer, addTrustedHost } from '../testing/sshServer';
import {
  AUTH_LAYERED_REPOSITORY,
  AUTH_REGISTRY,
  AUTH_REGISTRY_LOGIN,
  authRegistryAnswers,
  closedPort,
  registryManifest,
  removeImage,
} from '../testing/testRegistry';
import { registryAuthHeader } from './registryAuth';

const docker = testDocker();
const runId = newRunId();
const proxy = testProxy(runId);
const IMAGE_V1 = `${AUTH_LAYERED_REPOSITORY}:v1`;
const IMAGE_V2 = `${AUTH_LAYERED_REPOSITORY}:v2`;
const WRONG_PASSWORD = `wrong-${runId}`;
const { username, password } = AUTH_REGISTRY_LOGIN;
const logs: string[] = [];
const events: { event: string; payload: unknown }[] = [];
let app: App;
let stageId = '';
const projectIds: string[] = [];

const call = async (name: string, input: unknown) => {
  const envelope = await dispatchCall(app.handlers, name, input, { connectionId: 'test' });
  if (!envelope.ok) throw new Error(`${name} refused: ${envelope.error.message}`);
  return envelope.value;
};
const auth = (secret: string) => ({ registry: AUTH_REGISTRY, header: registryAuthHeader({ registry: AUTH_REGISTRY, username, password: secret }) });
const pullError = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error as PullError,
  );

async function deploy(imageTag: string): Promise<DeployRecord> {
  const started = (await call('deploys.start', { stageId, imageTag })) as { id: string };
  await waitFor(`deploy ${started.id} to finish`, () => app.services.deploys.get(started.id).status !== 'running', 60_000);
  return app.services.deploys.get(started.id);
}

beforeAll(async () => {
  await authRegistryAnswers();
  await registryManifest('v1');
  await Promise.all([removeImage(docker, IMAGE_V1), removeImage(docker, IMAGE_V2)]);
  app = await createApp({
    dataDir: tempDir(),
    shell: 'browser',
    dockerSocketPath: DOCKER_SOCKET,
    resyncIntervalMs: 60_000,
    log: (line) => logs.push(line),
    proxy,
    deploy: { drainMs: 200, stopTimeoutSec: 1 },
  });
  app.events.subscribe((event, payload) => events.push({ event, payload }));
  await waitFor('docker up', () => app.services.runtime('local')?.connection.status.state === 'up');
  const project = await createAppProject(app, `reg-${runId.slice(-6)}`, { subdomain: `reg-${runId.slice(-6)}`, imageRepository: AUTH_LAYERED_REPOSITORY });
  projectIds.push(project.projectId);
  stageId = project.stageId;
});

afterAll(async () => {
  await app?.close();
  await removeDeployLeftovers(docker, projectIds, proxy);
  await Promise.all([removeImage(docker, IMAGE_V1), removeImage(docker, IMAGE_V2)]);
});

describe('pulling from a registry that wants a login', () => {
  it('without credentials: IMAGE_PULL_DENIED, naming the registry that wants the login', async () => {
    const error = await pullError(pullImage(docker, IMAGE_V1));
    expect(error).toBeInstanceOf(PullError);
    expect(error).toMatchObject({ code: 'IMAGE_PULL_DENIED', details: { registry: AUTH_REGISTRY } });
    expect(error!.message).toContain(`the registry ${AUTH_REGISTRY} wants a login`);
    expect(error!.message).toContain('no basic auth credentials');
  });

  it('with a wrong password: REGISTRY_AUTH_FAILED with the registry in details', async () => {
    const error = await pullError(pullImage(docker, IMAGE_V1, { auth: auth(WRONG_PASSWORD) }));
    expect(error).toMatchObject({ code: 'REGISTRY_AUTH_FAILED', details: { registry: AUTH_REGISTRY } });
    expect(error!.message).not.toContain(WRONG_PASSWORD);
    await expect(docker.getImage(IMAGE_V1).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('with the right login: the image arrives', async () => {
    await pullImage(docker, IMAGE_V2, { auth: auth(password) });
    expect((await docker.getImage(IMAGE_V2).inspect()).Id).toBe((await registryManifest('v2')).config.digest);
  });
});

describe('registries.* through the contract, and deploys that use the saved login', () => {
  it('a deploy before any login is saved fails at `image` with IMAGE_PULL_DENIED', async () => {
    const record = await deploy('v1');
    expect(record.status).toBe('failed');
    expect(record.error).toMatch(
      new RegExp(`^the registry ${AUTH_REGISTRY.replace(/\./g, '\\.')} wants a login .*Add credentials for ${AUTH_REGISTRY.replace(/\./g, '\\.')} in Settings`),
    );
  });

  it('the test says which login the registry refuses, from the Docker host, saving nothing', async () => {
    const refused = await call('registries.test', { registry: AUTH_REGISTRY, username, password: WRONG_PASSWORD });
    expect(refused).toMatchObject({ ok: false, registry: AUTH_REGISTRY, error: { code: 'REGISTRY_AUTH_FAILED' } });
    expect(await call('registries.test', { registry: AUTH_REGISTRY, username, password })).toEqual({ ok: true, registry: AUTH_REGISTRY, error: null });
    const down = await call('registries.test', { registry: `127.0.0.1:${await closedPort()}`, username, password });
    expect(down).toMatchObject({ ok: false, error: { code: 'REGISTRY_UNREACHABLE' } });
    expect(await call('registries.list', {})).toEqual([]);
  });

  it('a saved wrong password makes the deploy fail with REGISTRY_AUTH_FAILED', async () => {
    expect(await call('registries.set', { registry: AUTH_REGISTRY, username, password: WRONG_PASSWORD })).toMatchObject({
      registry: AUTH_REGISTRY,
      username,
      password: 'session',
    });
    const record = await deploy('v1');
    expect(record.status).toBe('failed');
    expect(record.error).toMatch(/^the registry 127\.0\.0\.1:5001 refused the saved login/);
  });

  it('the right password saved, the same deploy pulls and succeeds; the saved one tests without retyping', async () => {
    await call('registries.set', { registry: AUTH_REGISTRY, username, password });
    const record = await deploy('v1');
    expect(record).toMatchObject({ status: 'succeeded', error: null, imageDigest: (await registryManifest('v1')).config.digest });
    expect(await call('registries.test', { registry: AUTH_REGISTRY, username })).toMatchObject({ ok: true });
  });

  it('the passwords appear in no log line, no event and no view the contract returns', async () => {
    const views = await Promise.all(
      ['registries.list', 'hosts.list', 'system.health', 'settings.get', 'app.info', 'deploys.recent', 'reconcile.report'].map((name) => call(name, {})),
    );
    views.push(await call('deploys.list', { stageId }), await call('workloads.list', {}), await call('containers.list', {}));
    const said = JSON.stringify({ logs, events, views });
    // The log and the events did say something about the registry: the check looks where it should.
    expect(logs.some((line) => line.includes(`registry ${AUTH_REGISTRY}: login saved for user ${username}`))).toBe(true);
    expect(events.some((e) => e.event === 'registries.changed')).toBe(true);
    for (const secret of [password, WRONG_PASSWORD, auth(password).header, auth(WRONG_PASSWORD).header, Buffer.from(password).toString('base64')]) {
      expect(said).not.toContain(secret);
    }
  });

  it('removing the login makes the registry anonymous again', async () => {
    await call('registries.remove', { registry: AUTH_REGISTRY });
    expect(await call('registries.list', {})).toEqual([]);
    expect(app.services.registries.pullAuth(IMAGE_V1)).toBeNull();
  });
});

describe('an SSH host', () => {
  let sshd: TestSshServer | undefined;
  afterAll(async () => {
    await sshd?.dispose();
  });

  it('tests the login and pulls with it through the SSH connection, the header riding the forwarded socket', async () => {
    sshd = await TestSshServer.start();
    const added = { id: await addTrustedHost(app, sshd, `reg-ssh-${runId.slice(-6)}`) };
    expect(await call('registries.test', { registry: AUTH_REGISTRY, username, password, hostId: added.id })).toMatchObject({ ok: true });
    expect(await call('registries.test', { registry: AUTH_REGISTRY, username, password: WRONG_PASSWORD, hostId: added.id })).toMatchObject({
      ok: false,
      error: { code: 'REGISTRY_AUTH_FAILED' },
    });

    const remote = app.services.runtime(added.id)!.connection.docker;
    // v2: v1 runs in the stage deployed above. The SSH host fronts the same dockerd.
    await removeImage(docker, IMAGE_V2);
    expect(await pullError(pullImage(remote, IMAGE_V2))).toMatchObject({ code: 'IMAGE_PULL_DENIED' });
    await pullImage(remote, IMAGE_V2, { auth: auth(password) });
    expect((await docker.getImage(IMAGE_V2).inspect()).Id).toBe((await registryManifest('v2')).config.digest);
    await app.handlers['hosts.remove']({ id: added.id });
  }, 60_000);
});
