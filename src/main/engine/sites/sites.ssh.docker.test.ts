// A static site on an SSH host (this machine behind its own sshd, the same dockerd): the upload
// goes through Docker's archive API over the host's one SSH connection (no login of its own), and
// the site is served blue-green behind that host's managed Caddy, a second version switched in with
// zero failed requests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteProgress } from '../../../shared/types';
import type { App } from '../app';
import { createApp } from '../app';
import type { CaddyDriver } from '../proxy/caddyDriver';
import { removeDeployLeftovers, testProxy } from '../testing/deployHarness';
import { DOCKER_SOCKET, newRunId, testDocker, waitFor } from '../testing/dockerHost';
import { tempDir } from '../testing/fixtures';
import { bodies, failures, getVia, underLoad } from '../testing/proxyClient';
import { TestSshServer, addTrustedHost } from '../testing/sshServer';

const docker = testDocker();
const runId = newRunId();
const proxy = testProxy(runId);
const label = `ssh-site-${runId.replace(/[^a-z0-9]/g, '').slice(-6)}`;
let sshd: TestSshServer;
let app: App;
let hostId = '';
let siteId = '';
const progress: SiteProgress[] = [];

function folder(body: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'index.html'), body);
  mkdirSync(join(dir, 'files'));
  for (let i = 0; i < 200; i += 1) writeFileSync(join(dir, 'files', `${i}.txt`), `${body} ${i}\n`.repeat(100));
  return dir;
}

const get = () => getVia((app.services.proxy(hostId) as CaddyDriver).httpAddress!, `${label}.localhost`);

async function deploy(body: string): Promise<SiteProgress> {
  const start = await app.handlers['sites.deploy']({ id: siteId, source: { kind: 'folder', path: folder(body) } });
  return waitFor('upload end', () => progress.find((p) => p.versionId === start.versionId && ['done', 'failed', 'cancelled'].includes(p.phase)), 60_000, 50);
}

beforeAll(async () => {
  sshd = await TestSshServer.start();
  app = await createApp({
    dataDir: tempDir(),
    shell: 'browser',
    dockerSocketPath: DOCKER_SOCKET,
    resyncIntervalMs: 60_000,
    log: () => {},
    proxy,
    deploy: { drainMs: 300, stopTimeoutSec: 1 },
  });
  app.events.subscribe((event, payload) => {
    if (event === 'sites.progress') progress.push(payload as SiteProgress);
  });
  hostId = await addTrustedHost(app, sshd, 'remote');
  siteId = (await app.handlers['workloads.createSite']({ hostId, name: label, sourceDir: '' })).id;
}, 60_000);

afterAll(async () => {
  await app?.close();
  await removeDeployLeftovers(docker, [siteId], proxy);
  await sshd?.dispose();
});

describe('a static site on an SSH host', () => {
  it('uploads over the one SSH connection and serves v1, then v2 with zero failed requests', async () => {
    const logins = sshd.acceptedLogins();
    expect(await deploy('v1')).toMatchObject({ phase: 'done', files: 201, totalFiles: 201 });
    await waitFor(
      'v1 served',
      async () => {
        const a = await get();
        return 'body' in a && a.body === 'v1';
      },
      20_000,
      200,
    );

    const answers = await underLoad(get, () => deploy('v2'));
    expect(failures(answers)).toEqual([]);
    expect(bodies(answers).at(-1)).toBe('v2');
    expect(sshd.acceptedLogins() - logins).toBe(0);
    expect((await app.handlers['sites.versions']({ id: siteId })).map((v) => [v.number, v.serving])).toEqual([
      [2, true],
      [1, false],
    ]);
  }, 120_000);
});
