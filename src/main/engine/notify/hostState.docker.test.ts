// Host down and back up, from the host's own connection state: the app reaches the real dockerd
// through a unix-socket relay the test owns; cutting the relay is the host going away, opening it
// again is its return. Each change is one message; the app's own restart of a host is none.
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import type { App } from '../app';
import { DOCKER_SOCKET, waitFor } from '../testing/dockerHost';
import { startHttpReceiver } from '../testing/notifyReceivers';
import type { HttpReceiver } from '../testing/notifyReceivers';

const dir = mkdtempSync(join(tmpdir(), 'tinyforge-hoststate-'));
const relayPath = join(dir, 'docker.sock');
let relay: Server | null = null;
const piped = new Set<Socket>();
let app: App;
let receiver: HttpReceiver;

/** Listens on relayPath and pipes every connection to the real daemon's socket. */
async function openRelay(): Promise<void> {
  relay = createServer((client) => {
    const daemon = createConnection(DOCKER_SOCKET);
    piped.add(client).add(daemon);
    const drop = () => {
      client.destroy();
      daemon.destroy();
      piped.delete(client);
      piped.delete(daemon);
    };
    client.on('error', drop).on('close', drop);
    daemon.on('error', drop).on('close', drop);
    client.pipe(daemon).pipe(client);
  });
  await new Promise<void>((resolve) => relay!.listen(relayPath, resolve));
}

/** The host vanishes: no new connections, and the open ones (the events stream) cut. */
async function cutRelay(): Promise<void> {
  const closing = new Promise<void>((resolve) => relay!.close(() => resolve()));
  for (const s of piped) s.destroy();
  await closing;
  relay = null;
}

const events = () => receiver.received.map((r) => (r.body as { event: string; title: string }).event);

beforeAll(async () => {
  receiver = await startHttpReceiver();
  await openRelay();
  app = await createApp({
    dataDir: join(dir, 'data'),
    shell: 'browser',
    dockerSocketPath: relayPath,
    resyncIntervalMs: 60_000,
    log: () => undefined,
    notify: { windows: { 'host.down': 300, 'host.up': 300 } },
  });
  await waitFor('docker up', () => app.services.runtime('local')?.connection.status.state === 'up', 15_000);
  await app.handlers['notify.channels.save']({
    name: 'receiver',
    enabled: true,
    events: ['host.down', 'host.up'],
    target: { kind: 'webhook' },
    secret: `${receiver.url}/hook`,
    clearSecret: false,
  });
}, 30_000);

afterAll(async () => {
  await app?.close();
  if (relay) await cutRelay();
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('host state notifications', () => {
  it('says nothing when the app itself restarts the host connection', async () => {
    await app.services.restartHost('local');
    await waitFor('up again', () => app.services.runtime('local')?.connection.status.state === 'up', 15_000);
    await new Promise((r) => setTimeout(r, 800));
    expect(events()).toEqual([]);
  });

  it('tells the host going down, then coming back, once each', async () => {
    await cutRelay();
    await waitFor('down', () => app.services.runtime('local')?.connection.status.state === 'down', 15_000);
    await waitFor('the down message', () => events().includes('host.down'), 5_000);
    expect(receiver.received[0]!.body).toMatchObject({ event: 'host.down', title: 'Host local is down', data: { hostId: 'local' } });
    await openRelay();
    await waitFor('up', () => app.services.runtime('local')?.connection.status.state === 'up', 20_000);
    await waitFor('the up message', () => events().includes('host.up'), 5_000);
    await new Promise((r) => setTimeout(r, 800));
    expect(events()).toEqual(['host.down', 'host.up']);
  }, 60_000);
});
