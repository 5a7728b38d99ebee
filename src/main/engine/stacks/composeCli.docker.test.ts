// The compose CLI for real: this machine's docker-compose (v1, the only one Debian 12 ships) run
// by the local host shell and over SSH on the session's one connection (this machine's sshd), on
// the real dockerd. The files travel by writeFiles (SFTP for SSH) into the stack's folder; the
// labels of the generated override are read back from Docker itself.
import { rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { DockerSession } from '../docker/dialer';
import { LocalHostShell } from '../docker/hostShell';
import type { HostShell } from '../docker/hostShell';
import { LABEL, canonicalLabels } from '../docker/labels';
import { SshDialer } from '../docker/sshDialer';
import { TEST_IMAGE, TEST_RUN_LABEL, newRunId, removeRun, testDocker } from '../testing/dockerHost';
import { TestSshServer } from '../testing/sshServer';
import { composeOverride, detectCompose, runCompose, stackDir } from './composeCli';
import { waitFor } from '../testing/dockerHost';
import { rejectionOf } from '../testing/fixtures';

const docker = testDocker();
const runId = newRunId();
const projects: string[] = [];
let sshd: TestSshServer;
let sshSession: DockerSession;

beforeAll(async () => {
  sshd = await TestSshServer.start();
  sshSession = await new SshDialer({ settings: sshd.settings(), pinned: sshd.hostKey, passphrase: null }).open();
});
afterAll(async () => {
  await removeRun(docker, runId);
  for (const project of projects) {
    const networks = await docker.listNetworks({ filters: { label: [`${LABEL.composeProject}=${project}`] } });
    await Promise.all(
      networks.map((n) =>
        docker
          .getNetwork(n.Id)
          .remove()
          .catch(() => undefined),
      ),
    );
    rmSync(join(homedir(), stackDir(project).slice(2)), { recursive: true, force: true });
  }
  await sshSession?.close();
  await sshd?.dispose();
});

// Labels in both of compose's forms (a list and a map), which the override's map must merge with.
const composeFile = `version: "3.8"
services:
  web:
    image: ${TEST_IMAGE}
    command: ["sleep", "\${SLEEP_FOR}"]
    labels:
      - "${TEST_RUN_LABEL}=${runId}"
  worker:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    labels:
      ${TEST_RUN_LABEL}: ${runId}
`;

describe.each([
  ['local', () => new LocalHostShell() as HostShell],
  ['ssh', () => sshSession.shell],
])('compose v1 through the %s host shell', (kind, make) => {
  const project = `tfc-${kind}-${runId}`;
  const workloadId = `wl-${kind}-${runId}`;
  const files = ['compose.yml', 'tinyforge.override.yml'];

  it('detects docker-compose v1 when the host has no `docker compose`', async () => {
    expect(await detectCompose(make())).toEqual({ flavor: 'v1', version: '1.29.2', command: ['docker-compose'] });
  });

  it('says what to install when the host has neither', async () => {
    const shell = make();
    // The same real shell, with a PATH where no program is found.
    const bare: HostShell = { ...shell, run: (cmd) => shell.run({ ...cmd, env: { ...cmd.env, PATH: '/nonexistent' } }) };
    const error = await rejectionOf(detectCompose(bare));
    expect(error).toMatchObject({ code: 'COMPOSE_NOT_FOUND', details: { tried: { 'docker compose': 'not installed', 'docker-compose': 'not installed' } } });
    expect((error as Error).message).toMatch(/docker-compose-plugin/);
  });

  it('deploys a two-service stack from its folder with the override, lists and removes it', async () => {
    projects.push(project);
    const shell = make();
    const loginsBefore = sshd.acceptedLogins();
    const cli = await detectCompose(shell);
    const dir = stackDir(project);
    await shell.writeFiles(dir, [
      { name: 'compose.yml', content: composeFile },
      { name: 'tinyforge.override.yml', content: composeOverride({ services: ['web', 'worker'], workloadId }) },
      // Not `.env`, which compose would read by itself: this proves --env-file reaches it.
      { name: 'tinyforge.env', content: 'SLEEP_FOR=3601\n' },
    ]);

    const lines: string[] = [];
    await runCompose(shell, cli, { dir, project, files, envFile: 'tinyforge.env', args: ['up', '-d', '--remove-orphans'], onLine: (line) => lines.push(line) });
    expect(lines.join('\n')).toMatch(new RegExp(`Creating ${project}_web_1`));

    const containers = await docker.listContainers({ all: true, filters: { label: [`${LABEL.composeProject}=${project}`] } });
    expect(containers.map((c) => c.Labels[LABEL.composeService]).sort()).toEqual(['web', 'worker']);
    for (const container of containers) {
      const service = container.Labels[LABEL.composeService]!;
      expect(container.Labels).toMatchObject({ ...canonicalLabels(workloadId, 'stack', service), [TEST_RUN_LABEL]: runId });
      expect(container.State).toBe('running');
    }
    const web = await docker.getContainer(containers.find((c) => c.Labels[LABEL.composeService] === 'web')!.Id).inspect();
    expect(web.Config.Cmd).toEqual(['sleep', '3601']);

    // v1 prints no JSON: its `ps` only has to succeed (state comes from the Docker API).
    expect((await runCompose(shell, cli, { dir, project, files, envFile: 'tinyforge.env', args: ['ps'] })).exitCode).toBe(0);

    await runCompose(shell, cli, { dir, project, files, envFile: 'tinyforge.env', args: ['down', '--timeout', '1'] });
    expect(await docker.listContainers({ all: true, filters: { label: [`${LABEL.composeProject}=${project}`] } })).toEqual([]);
    if (kind === 'ssh') expect(sshd.acceptedLogins()).toBe(loginsBefore);
  });

  it('pins an image by digest through the override, as compose v1 reads it', async () => {
    const shell = make();
    const cli = await detectCompose(shell);
    const dir = stackDir(project);
    const pinned = `127.0.0.1:5000/tinyforge-test/layered@sha256:${'0f'.repeat(32)}`;
    await shell.writeFiles(dir, [
      { name: 'compose.yml', content: composeFile },
      { name: 'pinned.override.yml', content: composeOverride({ services: ['web', 'worker'], workloadId, pins: { worker: pinned } }) },
      { name: 'tinyforge.env', content: 'SLEEP_FOR=3601\n' },
    ]);
    const config = await runCompose(shell, cli, { dir, project, files: ['compose.yml', 'pinned.override.yml'], envFile: 'tinyforge.env', args: ['config'] });
    const services = (parse(config.stdout) as { services: Record<string, { image: string; labels: Record<string, string> }> }).services;
    expect(services.worker!.image).toBe(pinned);
    expect(services.web!.image).toBe(TEST_IMAGE);
    expect(services.worker!.labels).toMatchObject(canonicalLabels(workloadId, 'stack', 'worker'));
  });

  it("fails a broken file with COMPOSE_FAILED carrying compose's own message", async () => {
    const shell = make();
    const cli = await detectCompose(shell);
    const dir = stackDir(project);
    await shell.writeFiles(dir, [{ name: 'broken.yml', content: `version: "3.8"\nservices:\n  web:\n    imagee: ${TEST_IMAGE}\n` }]);
    const error = await rejectionOf(runCompose(shell, cli, { dir, project, files: ['broken.yml'], args: ['up', '-d'] }));
    expect(error).toMatchObject({ code: 'COMPOSE_FAILED', details: { exitCode: 1 } });
    expect((error as Error).message).toMatch(/Unsupported config option for services\.web: 'imagee'/);
    expect((error as { details: { output: string[] } }).details.output.join('\n')).toMatch(/imagee/);
    expect(await docker.listContainers({ all: true, filters: { label: [`${LABEL.composeProject}=${project}`] } })).toEqual([]);
  });
});

describe('the SSH connection dropping in the middle of `up`', () => {
  it('fails with HOST_CONNECTION_LOST (outcome unknown), and a retry on a new connection converges', async () => {
    const project = `tfc-cut-${runId}`;
    projects.push(project);
    // A server of its own: cutting its sessions must not touch the other tests' connection.
    const cut = await TestSshServer.start();
    const dial = () => new SshDialer({ settings: cut.settings(), pinned: cut.hostKey, passphrase: null }).open();
    let session = await dial();
    try {
      const cli = await detectCompose(session.shell);
      const dir = stackDir(project);
      const run = { dir, project, files: ['compose.yml', 'tinyforge.override.yml'], envFile: 'tinyforge.env', args: ['up', '-d'] };
      await session.shell.writeFiles(dir, [
        { name: 'compose.yml', content: composeFile },
        { name: 'tinyforge.override.yml', content: composeOverride({ services: ['web', 'worker'], workloadId: `wl-cut-${runId}` }) },
        { name: 'tinyforge.env', content: 'SLEEP_FOR=3601\n' },
      ]);
      let cutDone = false;
      const error = await rejectionOf(
        runCompose(session.shell, cli, {
          ...run,
          onLine: () => {
            if (cutDone) return;
            cutDone = true;
            cut.killSessions();
          },
        }),
      );
      expect(error).toMatchObject({ code: 'HOST_CONNECTION_LOST', details: { command: 'docker-compose', started: true } });

      await session.close();
      session = await dial();
      await runCompose(session.shell, cli, run);
      const containers = await waitFor(
        'both services running',
        async () => {
          const list = await docker.listContainers({ filters: { label: [`${LABEL.composeProject}=${project}`] } });
          return list.length === 2 && list.every((c) => c.State === 'running') && list;
        },
        20_000,
        100,
      );
      expect(containers.map((c) => c.Labels[LABEL.composeService]).sort()).toEqual(['web', 'worker']);
      await runCompose(session.shell, cli, { ...run, args: ['down', '--timeout', '1'] });
    } finally {
      await session.close();
      await cut.dispose();
    }
  });
});
