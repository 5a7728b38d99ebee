// DNS records through the contract, with a real dockerd deploying real stages and a real BIND 9.18
// (scripts/test-host.sh) as the RFC 2136 server: a stage's record appears on its first deploy, moves
// with its subdomain, is removed with the stage; drift made with nsupdate is shown and repaired; a
// name someone else holds and a wrong TSIG key are refused with clear errors, and neither fails a
// deploy. Every DNS name is unique to the run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DnsRecordView } from '../../../shared/dns';
import type { DeployView, ProjectView } from '../../../shared/types';
import { createApp } from '../app';
import type { App } from '../app';
import { dispatchCall } from '../rpc/handlers';
import { removeDeployLeftovers, testProxy } from '../testing/deployHarness';
import { DOCKER_SOCKET, newRunId, testDocker, waitFor } from '../testing/dockerHost';
import { tempDir } from '../testing/fixtures';
import { TEST_BIND, bindAnswers, dig, nsupdateOutside, uniqueLabel } from '../testing/testBind';
import { SAMPLE_SITE, tempDir as siteDir, writeTree } from '../sites/siteFixtures';

const docker = testDocker();
const runId = newRunId();
const proxy = testProxy(runId);
const zone = TEST_BIND.zone;
const label = uniqueLabel('shop');
const renamed = uniqueLabel('store');
const taken = uniqueLabel('taken');
const siteLabel = uniqueLabel('docs');
let app: App;
let project: ProjectView;
let siteId = '';

const rfc2136 = {
  kind: 'rfc2136',
  ipv4: '192.0.2.50',
  ipv6: '2001:db8:0::50',
  zone,
  server: TEST_BIND.host,
  port: TEST_BIND.port,
  keyName: TEST_BIND.key.name,
  algorithm: 'hmac-sha256',
} as const;

async function call<T>(name: string, input: unknown): Promise<T> {
  const answer = await dispatchCall(app.handlers, name, input, { connectionId: 'test' });
  if (!answer.ok) throw new Error(`${name}: ${answer.error.code} ${answer.error.message}`);
  return answer.value as T;
}
const refusal = async (name: string, input: unknown) => {
  const answer = await dispatchCall(app.handlers, name, input, { connectionId: 'test' });
  return answer.ok ? null : answer.error;
};

async function deployed(stageId: string): Promise<DeployView> {
  const started = await call<DeployView>('deploys.start', { stageId, imageTag: 'v1' });
  await waitFor(`deploy ${started.id}`, () => app.services.deploys.get(started.id).status !== 'running', 30_000);
  return (await call<DeployView[]>('deploys.list', { stageId }))[0]!;
}

const records = () => call<DnsRecordView[]>('dns.records', { hostId: 'local' });
const of = async (ownerId: string) => (await records()).filter((r) => r.ownerId === ownerId);
/** Waits until the stage's records match `check` (a pass runs in the background after each trigger). */
async function settle(ownerId: string, check: (rows: DnsRecordView[]) => boolean, what: string): Promise<DnsRecordView[]> {
  let last: DnsRecordView[] = [];
  await waitFor(what, async () => check((last = await of(ownerId))), 20_000).catch((error: unknown) => {
    throw new Error(`${String(error)}: ${JSON.stringify(last)}`);
  });
  return last;
}
const stage = (name: string) => project.stages.find((s) => s.name === name)!;
const base = { env: {}, port: 80, healthCheckPath: '/health', healthTimeoutSec: 15, maxInstances: 2 };

beforeAll(async () => {
  await bindAnswers();
  app = await createApp({
    dataDir: tempDir(),
    shell: 'browser',
    dockerSocketPath: DOCKER_SOCKET,
    resyncIntervalMs: 60_000,
    log: (m) => void (process.env.TF_DNS_DEBUG && console.log(m)),
    proxy: { ...proxy, domain: zone },
    deploy: { drainMs: 200, stopTimeoutSec: 1 },
    dns: { tickMs: 3_600_000 },
  });
  await waitFor('docker up', () => app.services.runtime('local')?.connection.status.state === 'up');
  project = await call<ProjectView>('workloads.createProject', {
    hostId: 'local',
    name: `dns-${runId.slice(-6)}`,
    imageRepository: 'tinyforge-test/app',
    stages: [
      { ...base, name: 'production', imageTag: 'v1', subdomain: label },
      { ...base, name: 'staging', imageTag: 'v1', subdomain: taken },
    ],
  });
});

afterAll(async () => {
  await app?.close();
  await removeDeployLeftovers(docker, [project?.id ?? '', siteId], proxy);
});

describe('DNS settings', () => {
  it('refuses bad settings with field errors and an unknown host, saving nothing', async () => {
    expect(await refusal('dns.setSettings', { hostId: 'local', settings: { ...rfc2136, ipv4: null, ipv6: null, secret: TEST_BIND.key.secret } })).toMatchObject(
      {
        code: 'VALIDATION',
        issues: [{ path: 'settings.ipv4', message: 'needs an IPv4 or an IPv6 address' }],
      },
    );
    expect(await refusal('dns.setSettings', { hostId: 'local', settings: { ...rfc2136, ipv4: '300.1.1.1', zone: 'bad zone', secret: 'x' } })).toMatchObject({
      code: 'VALIDATION',
      issues: expect.arrayContaining([expect.objectContaining({ path: 'settings.ipv4' }), expect.objectContaining({ path: 'settings.zone' })]),
    });
    expect(await refusal('dns.setSettings', { hostId: 'local', settings: { ...rfc2136, secret: 'not base64!' } })).toMatchObject({
      code: 'VALIDATION',
      issues: [{ path: 'settings.secret', message: 'must be a base64 TSIG secret of at least 16 bytes' }],
    });
    expect(await refusal('dns.setSettings', { hostId: 'local', settings: rfc2136 })).toMatchObject({
      code: 'VALIDATION',
      issues: [{ path: 'settings.secret' }],
    });
    expect(await refusal('dns.setSettings', { hostId: 'nope', settings: { kind: 'none' } })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await call('dns.settings', { hostId: 'local' })).toMatchObject({ kind: 'none', secret: 'none' });
  });

  it('tests a wrong key with a clear error, and the right one with success, before saving', async () => {
    const wrong = await refusal('dns.test', { hostId: 'local', settings: { ...rfc2136, secret: TEST_BIND.outsideKey.secret } });
    expect(wrong).toMatchObject({ code: 'DNS_AUTH_FAILED', details: { reason: 'BADSIG' } });
    expect(wrong?.message).not.toContain(TEST_BIND.outsideKey.secret);
    expect(await call('dns.test', { hostId: 'local', settings: { ...rfc2136, secret: TEST_BIND.key.secret } })).toEqual({ ok: true });
  });

  it('saves the settings; the secret never comes back out', async () => {
    const saved = await call<Record<string, unknown>>('dns.setSettings', { hostId: 'local', settings: { ...rfc2136, secret: TEST_BIND.key.secret } });
    expect(saved).toMatchObject({ kind: 'rfc2136', ipv6: '2001:db8::50', secret: 'session', rfc2136: { server: TEST_BIND.host, port: TEST_BIND.port } });
    expect(JSON.stringify(saved)).not.toContain(TEST_BIND.key.secret);
  });
});

describe('a stage’s records', () => {
  it('has none before its first deploy, and an A and an AAAA after it, served by BIND', async () => {
    await call('dns.reconcile', { hostId: 'local' });
    expect(await of(stage('production').id)).toEqual([]);
    expect((await deployed(stage('production').id)).status).toBe('succeeded');
    const rows = await settle(stage('production').id, (r) => r.length === 2 && r.every((x) => x.state === 'ok'), 'records ok');
    expect(rows.map((r) => [r.type, r.name, r.value, r.created])).toEqual([
      ['A', `${label}.${zone}`, '192.0.2.50', true],
      ['AAAA', `${label}.${zone}`, '2001:db8::50', true],
    ]);
    expect(await dig(`${label}.${zone}`, 'A')).toEqual(['192.0.2.50']);
    expect(await dig(`${label}.${zone}`, 'AAAA')).toEqual(['2001:db8::50']);
  });

  it('moves with the stage’s subdomain: the new name gets the record, the old one is removed', async () => {
    const production = stage('production');
    project = await call<ProjectView>('stages.update', { stageId: production.id, stage: { ...base, name: 'production', imageTag: 'v1', subdomain: renamed } });
    await settle(production.id, (r) => r.length === 2 && r.every((x) => x.name === `${renamed}.${zone}` && x.state === 'ok'), 'records moved');
    expect(await dig(`${renamed}.${zone}`, 'A')).toEqual(['192.0.2.50']);
    expect(await dig(`${label}.${zone}`, 'A')).toEqual([]);
    expect(await dig(`${label}.${zone}`, 'AAAA')).toEqual([]);
  });

  it('shows a record changed outside the app as drift, and repairs it on request', async () => {
    const name = `${renamed}.${zone}`;
    await nsupdateOutside(`update delete ${name} A`, `update add ${name} 300 A 198.51.100.9`);
    await call('dns.reconcile', { hostId: 'local' });
    const a = (await of(stage('production').id)).find((r) => r.type === 'A')!;
    expect(a).toMatchObject({ state: 'drift', observed: ['198.51.100.9'], value: '192.0.2.50' });
    // Drift is shown, never undone by a pass on its own.
    await call('dns.reconcile', { hostId: 'local' });
    expect(await dig(name, 'A')).toEqual(['198.51.100.9']);
    expect(await call('dns.repair', { id: a.id })).toMatchObject({ state: 'ok', observed: ['192.0.2.50'] });
    expect(await dig(name, 'A')).toEqual(['192.0.2.50']);
  });

  it('shows a record deleted outside the app as drift with nothing observed, and recreates it on repair', async () => {
    const name = `${renamed}.${zone}`;
    await nsupdateOutside(`update delete ${name} AAAA`);
    await call('dns.reconcile', { hostId: 'local' });
    const aaaa = (await of(stage('production').id)).find((r) => r.type === 'AAAA')!;
    expect(aaaa).toMatchObject({ state: 'drift', observed: [] });
    expect(await call('dns.repair', { id: aaaa.id })).toMatchObject({ state: 'ok' });
    expect(await dig(name, 'AAAA')).toEqual(['2001:db8::50']);
  });

  it('never takes over a name someone else holds: the deploy succeeds, the record shows the error, theirs is untouched', async () => {
    await nsupdateOutside(`update add ${taken}.${zone} 300 TXT "not tinyforge"`);
    expect((await deployed(stage('staging').id)).status).toBe('succeeded');
    const rows = await settle(stage('staging').id, (r) => r.length === 2 && r.every((x) => x.state === 'error'), 'records refused');
    expect(rows.every((r) => r.error?.code === 'DNS_RECORD_EXISTS' && !r.created)).toBe(true);
    expect(await dig(`${taken}.${zone}`, 'TXT')).toEqual(['"not tinyforge"']);
    expect(await dig(`${taken}.${zone}`, 'A')).toEqual([]);
  });

  it('a wrong TSIG key saved later turns the checks into errors that say so, and changes nothing at BIND', async () => {
    await call('dns.setSettings', { hostId: 'local', settings: { ...rfc2136, secret: TEST_BIND.outsideKey.secret.replace('b3V0', 'c3V0') } });
    await call('dns.reconcile', { hostId: 'local' });
    const rows = await of(stage('production').id);
    expect(rows.every((r) => r.state === 'error' && r.error?.code === 'DNS_AUTH_FAILED' && r.created)).toBe(true);
    expect(await dig(`${renamed}.${zone}`, 'A')).toEqual(['192.0.2.50']);
    // Turning DNS off must first remove the app's records with the key it has: refused, nothing saved.
    expect(await refusal('dns.setSettings', { hostId: 'local', settings: { kind: 'none' } })).toMatchObject({ code: 'DNS_AUTH_FAILED' });
    expect(await call('dns.settings', { hostId: 'local' })).toMatchObject({ kind: 'rfc2136', secret: 'session' });
    expect(await of(stage('production').id)).toHaveLength(2);
    await call('dns.setSettings', { hostId: 'local', settings: { ...rfc2136, secret: TEST_BIND.key.secret } });
    await call('dns.reconcile', { hostId: 'local' });
    expect((await of(stage('production').id)).map((r) => r.state)).toEqual(['ok', 'ok']);
  });

  it('turning DNS off removes the app’s records (only them) from BIND; turning it back on recreates them', async () => {
    expect(await call('dns.setSettings', { hostId: 'local', settings: { kind: 'none' } })).toMatchObject({ kind: 'none', secret: 'none' });
    expect(await records()).toEqual([]);
    expect(await dig(`${renamed}.${zone}`, 'A')).toEqual([]);
    expect(await dig(`${taken}.${zone}`, 'TXT')).toEqual(['"not tinyforge"']);
    await call('dns.setSettings', { hostId: 'local', settings: { ...rfc2136, secret: TEST_BIND.key.secret } });
    await settle(stage('production').id, (r) => r.length === 2 && r.every((x) => x.state === 'ok'), 'records back');
    expect(await dig(`${renamed}.${zone}`, 'A')).toEqual(['192.0.2.50']);
  });

  it('removes the records with the stage, and leaves the name it never held alone', async () => {
    for (const s of [stage('production'), stage('staging')]) {
      for (const c of app.services.containers.list('local').filter((row) => row.stageId === s.id && row.state !== 'missing')) {
        await call('containers.remove', { id: c.id, workloadId: project.id, stageId: s.id });
      }
      project = await call<ProjectView>('stages.remove', { stageId: s.id }).catch(async (error: unknown) => {
        // The last stage of a project cannot go: the project goes instead.
        if (!String(error).includes('VALIDATION') && !String(error).includes('CONFLICT')) throw error;
        await call('workloads.delete', { id: project.id });
        return project;
      });
    }
    await waitFor('records removed', async () => (await records()).filter((r) => r.workloadId === project.id).length === 0, 20_000);
    expect(await dig(`${renamed}.${zone}`, 'A')).toEqual([]);
    expect(await dig(`${renamed}.${zone}`, 'AAAA')).toEqual([]);
    expect(await dig(`${taken}.${zone}`, 'TXT')).toEqual(['"not tinyforge"']);
  });

  it('gives a site its records on its first deploy, and removes them with the site', async () => {
    const site = await call<{ id: string }>('workloads.createSite', { hostId: 'local', name: `Docs ${runId.slice(-6)}`, sourceDir: '' });
    siteId = site.id;
    await call('sites.update', {
      id: siteId,
      subdomain: siteLabel,
      options: { spaFallback: false, notFoundPage: null, cacheHashed: true, precompressed: true },
      keepVersions: 2,
    });
    await call('dns.reconcile', { hostId: 'local' });
    expect(await of(siteId)).toEqual([]);
    const dir = siteDir();
    const start = await call<{ versionId: string | null }>('sites.deploy', { id: siteId, source: { kind: 'folder', path: writeTree(dir.path, SAMPLE_SITE) } });
    expect(start.versionId).not.toBeNull();
    const rows = await settle(siteId, (r) => r.length === 2 && r.every((x) => x.state === 'ok'), 'site records ok');
    expect(rows.map((r) => [r.ownerKind, r.type, r.name])).toEqual([
      ['site', 'A', `${siteLabel}.${zone}`],
      ['site', 'AAAA', `${siteLabel}.${zone}`],
    ]);
    expect(await dig(`${siteLabel}.${zone}`, 'A')).toEqual(['192.0.2.50']);
    await waitFor('site deploy settled', async () => app.services.deploys.running().every((d) => d.targetKey !== siteId), 30_000);
    for (const c of app.services.containers.list('local').filter((row) => row.workloadId === siteId && row.state !== 'missing')) {
      await call('containers.remove', { id: c.id, workloadId: siteId });
    }
    await call('workloads.delete', { id: siteId });
    await waitFor('site records removed', async () => (await of(siteId)).length === 0, 20_000);
    expect(await dig(`${siteLabel}.${zone}`, 'A')).toEqual([]);
    dir.remove();
  });
});
