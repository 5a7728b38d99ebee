// The NPM driver against a recorded contract. No NPM can run here, so a real HTTP server on
// 127.0.0.1 replays NPM 2.12's exchanges from fixtures/npm-2.12/*.json (written from NPM's schemas,
// error handler and e2e tests; each file names its sources) and checks every request the driver
// makes against the recording: method, path, the headers we set (Authorization included; null means
// "must be absent") and the exact JSON body. A request off the script is answered 500 and recorded,
// and each test ends by asserting the script was played exactly, so any drift fails the test.
//
// Over 400 lines: one test per recorded exchange of the contract, sharing the replay server above.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { NpmDriver } from './npmDriver';
import type { NpmDriverOptions } from './npmDriver';

const SECRET = 'tf-fixture-Secret-4242';

const exchangeSchema = z.object({
  request: z.object({
    method: z.string(),
    path: z.string(),
    headers: z.record(z.string(), z.string().nullable()),
    body: z.unknown().optional(),
  }),
  response: z.object({
    status: z.int(),
    headers: z.record(z.string(), z.string()).default({}),
    body: z.unknown().optional(),
    /** Test-only: sent as is instead of body. */
    raw: z.string().optional(),
    /** Test-only: never answer. */
    hang: z.boolean().optional(),
  }),
});
type Exchange = z.infer<typeof exchangeSchema> & { name: string; hasBody: boolean };

function fixture(name: string): Exchange {
  const raw = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'npm-2.12', `${name}.json`), 'utf8')) as { request: object };
  return { ...exchangeSchema.parse(raw), name, hasBody: Object.hasOwn(raw.request, 'body') };
}

/** The same exchange with changes, for cases NPM's recordings imply (another token, a broken answer). */
function variant(base: Exchange, name: string, change: { headers?: Record<string, string | null>; response?: Partial<Exchange['response']> }): Exchange {
  return {
    ...base,
    name,
    request: { ...base.request, headers: { ...base.request.headers, ...change.headers } },
    response: { ...base.response, ...change.response },
  };
}

const T1 = fixture('login').response.body as { token: string };
const T2 = fixture('login-again').response.body as { token: string };
const asT2 = (e: Exchange) => variant(e, `${e.name} (token 2)`, { headers: { authorization: `Bearer ${T2.token}` } });

interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

class NpmReplay {
  readonly seen: Seen[] = [];
  readonly mismatches: string[] = [];
  private script: Exchange[] = [];
  private server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.answer(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  play(...script: Exchange[]): void {
    this.script = script;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The driver made exactly the recorded requests, in order. */
  assertPlayed(): void {
    expect(this.mismatches).toEqual([]);
    expect(this.seen.map((s) => `${s.method} ${s.path}`)).toEqual(this.script.map((e) => `${e.request.method} ${e.request.path}`));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const seen: Seen = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    const expected = this.script[this.seen.length];
    this.seen.push(seen);
    const problems = expected ? this.compare(expected, seen) : [`unexpected request ${seen.method} ${seen.path}`];
    if (problems.length > 0) {
      this.mismatches.push(...problems);
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: { code: 500, message: `contract mismatch: ${problems.join('; ')}` } }));
      return;
    }
    const reply = expected!.response;
    if (reply.hang) return;
    res.writeHead(reply.status, reply.headers);
    res.end(reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body)));
  }

  private compare(expected: Exchange, seen: Seen): string[] {
    const at = `${expected.name}:`;
    const problems: string[] = [];
    if (seen.method !== expected.request.method) problems.push(`${at} method ${seen.method}, recorded ${expected.request.method}`);
    if (seen.path !== expected.request.path) problems.push(`${at} path ${seen.path}, recorded ${expected.request.path}`);
    for (const [name, value] of Object.entries(expected.request.headers)) {
      const actual = seen.headers[name] ?? null;
      if (actual !== value) problems.push(`${at} header ${name} is ${JSON.stringify(actual)}, recorded ${JSON.stringify(value)}`);
    }
    if (!expected.hasBody) {
      if (seen.body !== '') problems.push(`${at} a body was sent where none is recorded`);
    } else {
      let body: unknown;
      try {
        body = JSON.parse(seen.body);
      } catch {
        problems.push(`${at} the body is not JSON`);
      }
      if (body !== undefined && !isDeepStrictEqual(body, expected.request.body)) {
        problems.push(`${at} body ${JSON.stringify(body)}, recorded ${JSON.stringify(expected.request.body)}`);
      }
    }
    return problems;
  }
}

let replay: NpmReplay;
let clock: number;
let driver: NpmDriver;
let printed: string[];

function makeDriver(options: Partial<NpmDriverOptions> = {}): NpmDriver {
  return new NpmDriver({ url: replay.url, identity: 'admin@example.com', secret: SECRET, timeoutMs: 2_000, now: () => clock, ...options });
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).message).not.toContain(SECRET);
  return err as AppError;
}

beforeEach(async () => {
  clock = Date.parse('2025-03-01T09:00:30.000Z');
  replay = new NpmReplay();
  await replay.start();
  driver = makeDriver();
  printed = [];
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' ')));
  }
});

afterEach(async () => {
  await driver.close();
  await replay.stop();
  vi.restoreAllMocks();
  // Nothing the driver printed, if anything, carries the password.
  expect(printed.filter((line) => line.includes(SECRET))).toEqual([]);
});

describe('NpmDriver: the recorded NPM 2.12 contract', () => {
  it('ensure reads the version without a token, then logs in', async () => {
    replay.play(fixture('health'), fixture('login'));
    await driver.ensure();
    expect(driver.version).toBe('2.12.3');
    replay.assertPlayed();
  });

  it('lists proxy hosts with the bearer token, one route per host', async () => {
    replay.play(fixture('login'), fixture('list'));
    const routes = await driver.listRoutes();
    expect(routes).toEqual([
      { id: '3', host: 'api.example.com', upstream: { host: 'tf-api-blue', port: 3000 } },
      { id: '5', host: 'example.com', upstream: { host: '192.168.1.20', port: 8080 } },
    ]);
    replay.assertPlayed();
  });

  it('logs in once and reuses the token while it is fresh', async () => {
    replay.play(fixture('login'), fixture('list'), fixture('list'));
    await driver.listRoutes();
    clock = Date.parse('2025-03-02T08:54:00.000Z'); // 6 minutes before expiry: still fresh
    await driver.listRoutes();
    replay.assertPlayed();
  });

  it('logs in again before the token expires', async () => {
    replay.play(fixture('login'), fixture('list'), fixture('login-again'), asT2(fixture('list')));
    await driver.listRoutes();
    clock = Date.parse('2025-03-02T08:57:00.000Z'); // within the 5-minute margin
    await driver.listRoutes();
    replay.assertPlayed();
  });

  it('creates a new route with one POST of the full body, after checking no host serves the name', async () => {
    replay.play(fixture('login'), fixture('list'), fixture('create'));
    const route = await driver.upsertRoute({ id: '', host: 'shop.example.com', upstream: { host: 'tf-shop-blue', port: 8080 } });
    expect(route).toEqual({ id: '6', host: 'shop.example.com', upstream: { host: 'tf-shop-blue', port: 8080 } });
    replay.assertPlayed();
  });

  it('switches a known route to the new upstream with exactly one PUT', async () => {
    replay.play(fixture('login'), fixture('update'));
    const route = await driver.upsertRoute({ id: '3', host: 'api.example.com', upstream: { host: 'tf-api-green', port: 3000 } });
    expect(route).toEqual({ id: '3', host: 'api.example.com', upstream: { host: 'tf-api-green', port: 3000 } });
    replay.assertPlayed(); // no DELETE, no POST: the host is never unrouted
  });

  it('adopts the single-name host already serving the name (an upsert whose answer was lost)', async () => {
    replay.play(fixture('login'), fixture('list'), fixture('update'));
    const route = await driver.upsertRoute({ id: 'wl-12-prod', host: 'api.example.com', upstream: { host: 'tf-api-green', port: 3000 } });
    expect(route.id).toBe('3');
    replay.assertPlayed();
  });

  it('re-creates a route whose host was deleted in NPM', async () => {
    replay.play(fixture('login'), fixture('update-missing'), fixture('list'), fixture('create'));
    const route = await driver.upsertRoute({ id: '9', host: 'shop.example.com', upstream: { host: 'tf-shop-blue', port: 8080 } });
    expect(route.id).toBe('6');
    replay.assertPlayed();
  });

  it('refuses to take a name from a host that serves other names too, without writing', async () => {
    replay.play(fixture('login'), fixture('list'));
    const err = await failure(driver.upsertRoute({ id: '', host: 'www.example.com', upstream: { host: 'tf-www-blue', port: 80 } }));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/^www\.example\.com is served by NPM proxy host #5 together with example\.com/);
    replay.assertPlayed();
  });

  it('deletes a route, and a route already gone is not an error', async () => {
    replay.play(fixture('login'), fixture('delete'), fixture('delete-missing'));
    await driver.removeRoute('6');
    await driver.removeRoute('6');
    replay.assertPlayed();
  });

  it('does no I/O to remove a route it never created', async () => {
    replay.play();
    await driver.removeRoute('wl-12-prod');
    await driver.removeRoute('');
    replay.assertPlayed();
  });
});

describe('NpmDriver: authentication failures', () => {
  it('a 401 earns one fresh login and one retry', async () => {
    replay.play(fixture('login'), fixture('list-token-expired'), fixture('login-again'), asT2(fixture('list')));
    expect(await driver.listRoutes()).toHaveLength(2);
    replay.assertPlayed();
  });

  it('a second 401 is a clear error, with no further attempts', async () => {
    replay.play(fixture('login'), fixture('list-token-expired'), fixture('login-again'), asT2(fixture('list-token-expired')));
    const err = await failure(driver.listRoutes());
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toBe("NPM refused a fresh token for admin@example.com to list proxy hosts: Token has expired. Check the NPM user and NPM's clock.");
    replay.assertPlayed();
  });

  it("a refused login says so with NPM's reason and never the password", async () => {
    replay.play(fixture('login-refused'));
    const err = await failure(driver.listRoutes());
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toBe(
      `NPM at ${replay.url} refused the login for admin@example.com: Invalid email or password. Check the email and password in the proxy settings.`,
    );
    replay.assertPlayed();
  });

  it('an account with 2FA (NPM 2.13.6+ answers a challenge) is refused clearly', async () => {
    replay.play(variant(fixture('login'), 'login-2fa', { response: { body: { requires_2fa: true, challenge_token: 'eyJ.challenge' } } }));
    const err = await failure(driver.listRoutes());
    expect(err.message).toMatch(/^/);
  });
});

describe('NpmDriver: NPM errors and broken answers', () => {
  it("surfaces NPM's validation message on a 400", async () => {
    replay.play(fixture('login'), fixture('list'), fixture('create-invalid-domain'));
    const err = await failure(driver.upsertRoute({ id: '', host: 'bad host.example.com', upstream: { host: 'tf-bad-blue', port: 8080 } }));
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toBe(
      'NPM refused to create the proxy host for bad host.example.com: data/domain_names/0 must match pattern "^[^&| @!#%^();:/\\\\}{=+?<>,~`\'"]+$".',
    );
    replay.assertPlayed();
  });

  it("a name already in use is a CONFLICT carrying NPM's message", async () => {
    replay.play(fixture('login'), fixture('update-domain-in-use'));
    const err = await failure(driver.upsertRoute({ id: '3', host: 'www.example.com', upstream: { host: 'tf-api-green', port: 3000 } }));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain('www.example.com is already in use');
  });

  it('a host nginx refused is an error even though NPM answered 200', async () => {
    replay.play(fixture('login'), fixture('update-nginx-offline'));
    const err = await failure(driver.upsertRoute({ id: '3', host: 'api.example.com', upstream: { host: 'tf-api-green', port: 3000 } }));
    expect(err.message).toMatch(/^NPM saved proxy host #3 but nginx refused its config, so api\.example\.com is offline: nginx: \[emerg\] host not found/);
  });

  it('refuses a malformed list', async () => {
    const broken = variant(fixture('list'), 'list-malformed', {
      response: { body: [{ id: '3', domain_names: 'api.example.com', forward_scheme: 'http', forward_host: 'tf-api-blue', forward_port: 3000 }] },
    });
    replay.play(fixture('login'), broken);
    const err = await failure(driver.listRoutes());
    expect(err.code).toBe('PROXY_REFUSED');
    expect(err.message).toBe(
      'NPM\'s answer to "list proxy hosts" is not what NPM 2.x sends (0.id: Invalid input: expected number, received string; 0.domain_names: Invalid input: expected array, received string). Nothing was changed here.',
    );
  });

  it('refuses an update answer that describes another upstream than the one sent', async () => {
    const lying = fixture('update');
    const body = { ...(lying.response.body as object), forward_host: 'tf-api-blue' };
    replay.play(fixture('login'), variant(lying, 'update-lying', { response: { body } }));
    const err = await failure(driver.upsertRoute({ id: '3', host: 'api.example.com', upstream: { host: 'tf-api-green', port: 3000 } }));
    expect(err.message).toMatch(
      /^NPM's answer to "switch proxy host #3 \(api\.example\.com\) to tf-api-green:3000" describes upstream http:\/\/tf-api-blue:3000/,
    );
  });

  it('keeps no token from a login answer without one (a cookie-only fork), and tries again next time', async () => {
    const cookieOnly = variant(fixture('login'), 'login-cookie-only', { response: { body: { expires: '2025-03-02T09:00:00.000Z' } } });
    replay.play(cookieOnly, fixture('login'), fixture('list'));
    const err = await failure(driver.listRoutes());
    expect(err.message).toMatch(/^NPM's answer to "log in as admin@example\.com" carries no usable token \(token: /);
    expect(await driver.listRoutes()).toHaveLength(2);
    replay.assertPlayed();
  });

  it('says so when the address answers HTML (not the admin port)', async () => {
    replay.play(
      fixture('login'),
      variant(fixture('list'), 'list-html', { response: { headers: { 'content-type': 'text/html' }, raw: '<!doctype html><title>Congratulations!</title>' } }),
    );
    const err = await failure(driver.listRoutes());
    expect(err.message).toMatch(/^NPM's answer to "list proxy hosts" is text\/html, not JSON\. Is http:\/\/127\.0\.0\.1:\d+ NPM's admin address/);
  });

  it('refuses a major version other than 2', async () => {
    replay.play(
      variant(fixture('health'), 'health-v3', { response: { body: { status: 'OK', version: { major: 3, minor: 0, revision: 0, string: 'v3.0.0' } } } }),
    );
    const err = await failure(driver.ensure());
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/^NPM at .* is 3\.0\.0/);
    expect(driver.version).toBeNull();
  });

  it('checks a route before any I/O', async () => {
    replay.play();
    const err = await failure(driver.upsertRoute({ id: '3', host: 'api.example.com', upstream: { host: 'tf-api-green', port: 70_000 } }));
    expect(err.code).toBe('VALIDATION');
    replay.assertPlayed();
  });
});

describe('NpmDriver: bounded calls', () => {
  it('a call NPM never answers fails within its timeout', async () => {
    driver = makeDriver({ timeoutMs: 300 });
    replay.play(fixture('login'), variant(fixture('update'), 'update-hangs', { response: { hang: true } }));
    const started = Date.now();
    const err = await failure(driver.upsertRoute({ id: '3', host: 'api.example.com', upstream: { host: 'tf-api-green', port: 3000 } }));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(err.message).toBe(
      `NPM at ${replay.url} did not answer within 300 ms to switch proxy host #3 (api.example.com) to tf-api-green:3000. It may still apply a change; the next deploy converges.`,
    );
  });

  it('a login NPM never answers fails within its timeout too', async () => {
    driver = makeDriver({ timeoutMs: 300 });
    replay.play(variant(fixture('login'), 'login-hangs', { response: { hang: true } }));
    const err = await failure(driver.listRoutes());
    expect(err.message).toMatch(/^.* to log in as admin@example\.com\./);
  });

  it('close() cancels a call in flight', async () => {
    driver = makeDriver({ timeoutMs: 60_000 });
    replay.play(variant(fixture('login'), 'login-hangs', { response: { hang: true } }));
    const pending = failure(driver.listRoutes());
    await vi.waitFor(() => expect(replay.seen).toHaveLength(1));
    await driver.close();
    expect((await pending).message).toBe('the NPM driver closed while trying to log in as admin@example.com.');
  });

  it('an address where nothing listens is NPM_UNREACHABLE', async () => {
    const url = replay.url;
    await replay.stop();
    driver = makeDriver({ url });
    const err = await failure(driver.listRoutes());
    expect(err.message).toMatch(/^cannot reach NPM at http:\/\/127\.0\.0\.1:\d+ to log in as admin@example\.com: .*ECONNREFUSED/);
  });
});

describe('the replay itself', () => {
  it('flags a request that strays from the recording (so the tests above can fail)', async () => {
    replay.play(fixture('update'));
    const recorded = fixture('update').request;
    // A full-body PUT where the contract records the four fields we own.
    const response = await fetch(`${replay.url}${recorded.path}`, {
      method: 'PUT',
      headers: { accept: 'application/json', 'content-type': 'application/json', authorization: `Bearer ${T1.token}` },
      body: JSON.stringify({ ...(recorded.body as object), ssl_forced: false }),
    });
    expect(response.status).toBe(500);
    expect(replay.mismatches).toHaveLength(1);
    expect(replay.mismatches[0]).toMatch(/^update: body /);
  });
});
