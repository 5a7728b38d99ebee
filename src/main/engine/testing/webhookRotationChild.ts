// A separate engine for the rotation crash test: it rotates a workload's webhook secret and stops
// forever either inside the rotation's transaction (between its writes) or right after it
// committed, printing the new secret and PAUSED, to be killed with SIGKILL.
// Usage: tsx webhookRotationChild.ts <dataDir> <workloadId> <inside|after>
import { writeSync } from 'node:fs';
import { createApp } from '../app';
import { testCipher } from './testCipher';

/** Blocks the thread for good: the transaction stays open until the process is killed. */
function hang(): never {
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

async function main(): Promise<void> {
  const [dataDir, workloadId, where] = process.argv.slice(2);
  let fresh = '';
  const app = await createApp({
    dataDir: dataDir!,
    shell: 'browser',
    dockerSocketPath: '/nonexistent/docker.sock',
    log: () => {},
    secretCipher: testCipher,
    webhooks: {
      duringRotation: () => {
        if (where !== 'inside') return;
        // The secret row is written, the log line not yet, nothing committed.
        const stored = app.services.db.prepare('SELECT secret_encrypted FROM webhook_secrets WHERE workload_id = ?').get(workloadId) as {
          secret_encrypted: Buffer;
        };
        writeSync(1, `NEW ${testCipher.decrypt(stored.secret_encrypted)}\nPAUSED inside\n`);
        hang();
      },
    },
  });
  fresh = app.services.webhooks.rotateSecret(workloadId!).secret;
  writeSync(1, `NEW ${fresh}\nPAUSED after\n`);
  hang();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
