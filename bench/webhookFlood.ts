// The `webhooks` bench's flood, forked: bad signatures at a fixed rate from 127.0.0.2, a new
// connection each (a flooding client does not reuse them), on a schedule that does not wait for
// answers. Sends its counts of answers by status to the parent when done.
// Usage: tsx webhookFlood.ts <baseUrl> <workloadId> <perSecond> <seconds>
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';

const [base, workloadId, perSecondText, secondsText] = process.argv.slice(2);
const perSecond = Number(perSecondText);
const total = perSecond * Number(secondsText);
const url = new URL(`/hooks/${workloadId}`, base);
const body = Buffer.from(JSON.stringify({ ref: 'refs/heads/main' }));
const counts: Record<string, number> = {};
const inFlight = new Set<Promise<void>>();

function one(): void {
  const done = new Promise<void>((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        localAddress: '127.0.0.2',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          'x-hub-signature-256': `sha256=${'0'.repeat(64)}`,
          'x-github-delivery': randomUUID(),
        },
      },
      (res) => {
        counts[res.statusCode ?? 0] = (counts[res.statusCode ?? 0] ?? 0) + 1;
        res.resume();
        res.on('end', resolve);
        res.on('error', () => resolve());
      },
    );
    req.on('error', () => {
      counts.error = (counts.error ?? 0) + 1;
      resolve();
    });
    req.end(body);
  });
  inFlight.add(done);
  void done.then(() => inFlight.delete(done));
}

async function main(): Promise<void> {
  const started = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1_000) * perSecond));
      while (sent < due) {
        one();
        sent += 1;
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  await Promise.all([...inFlight]);
  counts.sent = sent;
  counts.ms = Math.round(performance.now() - started);
  process.send?.(counts, () => process.exit(0));
}

void main();
