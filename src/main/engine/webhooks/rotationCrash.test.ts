// A secret rotation is one transaction: an engine killed with SIGKILL between its writes comes back
// with the old secret working for every sender and the new one for none; killed just after it
// committed, the other way round. Never a mix. The engine runs in a child process (tsx) with a
// keychain stand-in, so the secret survives the restart.
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import type { App } from '../app';
import { createTestProject, tempDir } from '../testing/fixtures';
import { runUntilPausedThenKillPrinted } from '../testing/killedChild';
import { testCipher } from '../testing/testCipher';
import { postHook, signedHeaders } from '../testing/webhookClient';
import type { Sender } from '../testing/webhookClient';

const SENDERS: Sender[] = ['github', 'gitea', 'gitlab', 'generic'];
const BODY = JSON.stringify({ ref: 'refs/heads/not-mapped' });

let app: App | undefined;
afterEach(() => app?.close());

const open = (dataDir: string) =>
  createApp({ dataDir, shell: 'browser', dockerSocketPath: '/nonexistent/docker.sock', log: () => {}, secretCipher: testCipher });

async function statuses(a: App, workloadId: string, secret: string): Promise<number[]> {
  const view = await a.services.webhooks.updateListener({ enabled: true, address: '127.0.0.1', port: 0 });
  const out: number[] = [];
  for (const sender of SENDERS) out.push((await postHook(view.baseUrl!, workloadId, BODY, signedHeaders(sender, secret, BODY))).status);
  return out;
}

async function prepared(): Promise<{ dataDir: string; projectId: string; old: string }> {
  const dataDir = tempDir();
  const first = await open(dataDir);
  const { projectId } = createTestProject(first.services.workloads);
  const old = first.services.webhooks.rotateSecret(projectId).secret;
  await first.close();
  return { dataDir, projectId, old };
}

const rotations = (a: App, id: string) => a.services.webhooks.view(id).deliveries.filter((d) => d.outcome === 'rotated').length;

describe('rotating a webhook secret', () => {
  it('killed -9 between its writes: after a restart the old secret works for every sender, the new one for none', async () => {
    const { dataDir, projectId, old } = await prepared();
    const out = await runUntilPausedThenKillPrinted('webhookRotationChild.ts', [dataDir, projectId, 'inside'], 'inside', dataDir);
    const fresh = /NEW (\S+)/.exec(out)![1]!;
    expect(fresh).not.toBe(old);
    app = await open(dataDir);
    expect(await statuses(app, projectId, old)).toEqual([202, 202, 202, 202]);
    expect(await statuses(app, projectId, fresh)).toEqual([401, 401, 401, 401]);
    // The rotation's log line went with it: the log shows only the first secret's making.
    expect(rotations(app, projectId)).toBe(1);
  }, 60_000);

  it('killed -9 just after it committed: the new secret works for every sender, the old one for none', async () => {
    const { dataDir, projectId, old } = await prepared();
    const out = await runUntilPausedThenKillPrinted('webhookRotationChild.ts', [dataDir, projectId, 'after'], 'after', dataDir);
    const fresh = /NEW (\S+)/.exec(out)![1]!;
    app = await open(dataDir);
    expect(await statuses(app, projectId, fresh)).toEqual([202, 202, 202, 202]);
    expect(await statuses(app, projectId, old)).toEqual([401, 401, 401, 401]);
    expect(rotations(app, projectId)).toBe(2);
  }, 60_000);

  it('never stores the secret in clear: the database holds only the keychain’s ciphertext', async () => {
    const { dataDir, projectId, old } = await prepared();
    app = await open(dataDir);
    const row = app.services.db.prepare('SELECT secret_encrypted FROM webhook_secrets WHERE workload_id = ?').get(projectId) as { secret_encrypted: Buffer };
    expect(row.secret_encrypted.includes(Buffer.from(old))).toBe(false);
    expect(app.services.db.prepare('SELECT webhook_secret FROM workloads WHERE id = ?').get(projectId)).toEqual({ webhook_secret: null });
  });
});
