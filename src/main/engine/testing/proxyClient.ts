// Requests through a proxy with a Host header, as the deploy tests, e2e tests and benches make
// them (undici's fetch cannot set Host). One connection per request: a route switch reloads
// Caddy's config, and Go's graceful shutdown of the old server closes keep-alive connections that
// are idle at that instant; a client that sends on one in the same microsecond sees a reset.
// Browsers retry such a request on a new connection by themselves; Node's http client does not.
import { Agent, request } from 'node:http';

export type ProxyAnswer = { status: number; body: string } | { error: string };

const agent = new Agent({ keepAlive: false });

/** GET `path` from `address` (host:port) for the site `host`; never rejects. */
export function getVia(address: string, host: string, path = '/', timeoutMs = 5_000): Promise<ProxyAnswer> {
  const colon = address.lastIndexOf(':');
  return new Promise((resolve) => {
    const req = request({ hostname: address.slice(0, colon), port: Number(address.slice(colon + 1)), path, headers: { Host: host }, timeout: timeoutMs, agent }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: body.trim() }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ error: e.message }));
    req.end();
  });
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
export const answerText = (answer: ProxyAnswer) => ('error' in answer ? `error ${answer.error}` : answer.status === 200 ? answer.body : `HTTP ${answer.status}`);
