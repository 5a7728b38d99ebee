// A webhook sender for the tests and the bench: real HTTP requests to the app's listener, signed as
// each provider signs them, optionally from another loopback address (127.0.0.2) so the throttle
// sees a second client.
import { createHmac, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import type { Agent } from 'node:http';

export type Sender = 'github' | 'gitea' | 'gitlab' | 'generic';

export function signedHeaders(sender: Sender, secret: string, body: Buffer | string, deliveryId: string = randomUUID()): Record<string, string> {
  const mac = createHmac('sha256', secret).update(body).digest('hex');
  switch (sender) {
    case 'github':
      return { 'X-Hub-Signature-256': `sha256=${mac}`, 'X-GitHub-Delivery': deliveryId, 'X-GitHub-Event': 'push' };
    case 'gitea':
      return { 'X-Gitea-Signature': mac, 'X-Gitea-Delivery': deliveryId, 'X-Gitea-Event': 'push' };
    case 'gitlab':
      return { 'X-Gitlab-Token': secret, 'X-Gitlab-Event-UUID': deliveryId, 'X-Gitlab-Event': 'Push Hook' };
    case 'generic':
      return { 'X-Tinyforge-Signature-256': `sha256=${mac}`, 'X-Tinyforge-Delivery': deliveryId };
  }
}

export interface HookAnswer {
  status: number;
  body: Record<string, unknown>;
}

export function postHook(
  baseUrl: string,
  workloadId: string,
  body: Buffer | string,
  headers: Record<string, string>,
  options: { localAddress?: string; agent?: Agent } = {},
): Promise<HookAnswer> {
  const url = new URL(`/hooks/${workloadId}`, baseUrl);
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(payload.length), ...headers },
        localAddress: options.localAddress,
        agent: options.agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: Record<string, unknown> = {};
          try {
            parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          } catch {
            parsed = { raw: text };
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
