// The stale threshold as the app wires it: a container of the app's crossing the stale setting is
// noticed after the next pass's containers.changed, and told once; what was stale at startup is not.
// The app runs without a Docker host (none is needed); the row is dated back like the stale e2e's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import type { App } from '../app';
import { DAY_MS } from '../stale/stalePlan';
import { waitFor } from '../testing/dockerHost';
import { startHttpReceiver } from '../testing/notifyReceivers';
import type { HttpReceiver } from '../testing/notifyReceivers';

const dir = mkdtempSync(join(tmpdir(), 'tinyforge-stalenotify-'));
let app: App;
let receiver: HttpReceiver;
let projectId = '';

function exitedRow(name: string, daysAgo: number): void {
  const at = Date.now() - daysAgo * DAY_MS;
  app.services.db
    .prepare(
      `INSERT INTO containers (id, host_id, workload_id, kind, role, docker_id, name, state, first_seen_at, last_seen_at, finished_at, provenance)
       VALUES (?, 'local', ?, 'project', 'production', ?, ?, 'exited', ?, ?, ?, 'created')`,
    )
    .run(`row-${name}`, projectId, `${name}-docker-id`, name, at, at, at);
}

beforeAll(async () => {
  receiver = await startHttpReceiver();
  app = await createApp({ dataDir: dir, shell: 'browser', dockerSocketPath: join(dir, 'no-docker.sock'), log: () => undefined });
  const project = await app.handlers['workloads.createProject']({
    hostId: 'local',
    name: 'ledger',
    imageRepository: 'ghcr.io/acme/ledger',
    stages: [{ name: 'production', imageTag: 'v1', env: {}, port: 80, healthCheckPath: null, healthTimeoutSec: 10, subdomain: null, maxInstances: 2 }],
  });
  projectId = project.id;
  await app.handlers['notify.channels.save']({
    name: 'receiver',
    enabled: true,
    events: ['stale.threshold'],
    target: { kind: 'webhook' },
    secret: `${receiver.url}/hook`,
    clearSecret: false,
  });
});

afterAll(async () => {
  await app?.close();
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('stale threshold notifications', () => {
  it('tells a container crossing the stale setting once, not the ones stale before', async () => {
    exitedRow('old-at-start', 30);
    app.events.emit('containers.changed', { hostId: 'local' });
    // The baseline is taken a moment after the first change.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(receiver.received).toEqual([]);

    exitedRow('just-crossed', 8);
    app.events.emit('containers.changed', { hostId: 'local' });
    app.events.emit('containers.changed', { hostId: 'local' });
    await waitFor('the stale message', () => receiver.received.length === 1, 5_000);
    expect(receiver.received[0]!.body).toMatchObject({ event: 'stale.threshold', title: '2 stale containers', data: { count: 2, afterDays: 7 } });
    app.events.emit('containers.changed', { hostId: 'local' });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(receiver.received).toHaveLength(1);
  });
});
