// Requests through a proxy with a Host header, as the deploy tests, e2e tests and benches make
// them (undici's fetch cannot set Host).
//
// Two kinds of client. `fresh` (the default) opens a new connection per request and never
// retries: the strictest client there is, so a test that sees no failure with it proves the most.
// `browser` keeps its connection alive, and a GET whose connection was closed or reset before any
// byte of the answer arrived is sent once more on a new connection (RFC 9110, 9.2.2), as browsers
// and most HTTP libraries do. Nothing else is retried: an error status, a reset after the answer
// began and a timeout all count as failures.
//
// Why both are measured: a route switch is a Caddy config reload, and Caddy 2.6 rebinds its ports
// with SO_REUSEPORT on a reload, so the kernel resets connections still queued on the closing
// socket. A single Caddy therefore failed about one fresh connection per ten switches under
// constant load; the managed proxy now keeps clients on a front Caddy that never reloads
// (caddyDriver.ts), and the deploy bench reports both clients.
import { Agent, request } from 'node:http';

export type ProxyAnswer = { status: number; body: string } | { error: string };
export type ClientKind = 'browser' | 'fresh';

const keepAlive = new Agent({ keepAlive: true });
const fresh = new Agent({ keepAlive: false });

function once(address: string, host: string, path: string, timeoutMs: number, agent: Agent): Promise<{ answer: ProxyAnswer; retryable: boolean }> {
  const colon = address.lastIndexOf(':');
  return new Promise((resolve) => {
    let answered = false;
    const req = request(
      { hostname: address.slice(0, colon), port: Number(address.slice(colon + 1)), path, headers: { Host: host }, timeout: timeoutMs, agent },
      (res) => {
        answered = true;
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ answer: { status: res.statusCode ?? 0, body: body.trim() }, retryable: false }));
        res.on('error', (e) => resolve({ answer: { error: e.message }, retryable: false }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ answer: { error: e.message }, retryable: !answered && e.message !== 'timeout' }));
    req.end();
  });
}

/** GET `path` from `address` (host:port) for the site `host`; never rejects. */
export async function getVia(address: string, host: string, path = '/', timeoutMs = 5_000, kind: ClientKind = 'fresh'): Promise<ProxyAnswer> {
  const first = await once(address, host, path, timeoutMs, kind === 'browser' ? keepAlive : fresh);
  if (kind === 'fresh' || !first.retryable) return first.answer;
  const second = await once(address, host, path, timeoutMs, keepAlive);
  return 'error' in second.answer ? { error: `${second.answer.error} (again, after: ${(first.answer as { error: string }).error})` } : second.answer;
}

/** Sends requests one after another without pause while `during` runs (and 200 ms after); every answer. */
export async function underLoad(send: () => Promise<ProxyAnswer>, during: () => Promise<unknown>): Promise<ProxyAnswer[]> {
  const answers: ProxyAnswer[] = [];
  let running = true;
  const load = (async () => {
    for (let i = 0; running && i < 20_000; i += 1) answers.push(await send());
  })();
  try {
    await during();
  } finally {
    await new Promise((r) => setTimeout(r, 200));
    running = false;
    await load;
  }
  return answers;
}

export const failures = (answers: ProxyAnswer[]) => answers.filter((a) => 'error' in a || a.status !== 200);
export const bodies = (answers: ProxyAnswer[]) => answers.map((a) => ('body' in a ? a.body : '!'));
/** The body of a 200, or what went wrong instead: reads well in an expectation. */
export const answerText = (answer: ProxyAnswer) =>
  'error' in answer ? `error ${answer.error}` : answer.status === 200 ? answer.body : `HTTP ${answer.status}`;

/** GET with request headers, answering with the response's headers and raw body bytes too (cache and encoding checks). */
export function getWithHeaders(
  address: string,
  host: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const colon = address.lastIndexOf(':');
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname: address.slice(0, colon), port: Number(address.slice(colon + 1)), path, headers: { ...headers, Host: host }, timeout: 5_000, agent: fresh },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}
