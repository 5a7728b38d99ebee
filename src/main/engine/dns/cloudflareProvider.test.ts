// The Cloudflare provider against a recorded contract, like the NPM driver's (proxy/npmDriver.test.ts):
// no Cloudflare can be reached here, so a real HTTP server on 127.0.0.1 replays API v4 exchanges from
// fixtures/cloudflare-v4/*.json (written from Cloudflare's API documentation; each file names its
// sources) and checks every request against the recording: method, path with its query, the headers
// we set (the bearer token included) and the exact JSON body. A request off the script is answered
// 500 and recorded; each test ends by asserting the script was played exactly.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { CloudflareProvider } from './cloudflareProvider';

const TOKEN = 'tf-fixture-cf-token-Secret-4242';
const NAME = 'shop.tinyforge.example';
const RECORD_ID = '372e67954025e0ba6aaa6d586b9e0b59';
const OURS = { name: NAME, type: 'A' as const, address: '203.0.113.10', ttl: 300 };

const exchangeSchema = z.object({
  request: z.object({ method: z.string(), path: z.string(), headers: z.record(z.string(), z.string().nullable()), body: z.unknown().optional() }),
  response: z.object({ status: z.int(), headers: z.record(z.string(), z.string()).default({}), body: z.unknown() }),
});
type Exchange = z.infer<typeof exchangeSchema> & { name: string; hasBody: boolean };

function fixture(name: string): Exchange {
  const raw = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'cloudflare-v4', `${name}.json`), 'utf8')) as { request: object };
  return { ...exchangeSchema.parse(raw), name, hasBody: Object.hasOwn(raw.request, 'body') };
}

class CloudflareReplay {
  readonly seen: string[] = [];
  readonly mismatches: string[] = [];
  private script: Exchange[] = [];
  private server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.answer(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/client/v4`;
  }

  /** A new script; what was seen before is forgotten. */
  play(...script: Exchange[]): void {
    this.script = script;
    this.seen.length = 0;
    this.mismatches.length = 0;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  assertPlayed(): void {
    expect(this.mismatches).toEqual([]);
    expect(this.seen).toEqual(this.script.map((e) => `${e.request.method} ${e.request.path}`));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '').replace(/^\/client\/v4/, '');
    const expected = this.script[this.seen.length];
    this.seen.push(`${req.method} ${path}`);
    const problems: string[] = [];
    if (!expected) problems.push(`unexpected request ${req.method} ${path}`);
    else {
      const at = `${expected.name}:`;
      if (req.method !== expected.request.method) problems.push(`${at} method ${req.method}`);
      if (path !== expected.request.path) problems.push(`${at} path ${path}, recorded ${expected.request.path}`);
      for (const [name, value] of Object.entries(expected.request.headers)) {
        if ((req.headers[name] ?? null) !== value) problems.push(`${at} header ${name} is ${JSON.stringify(req.headers[name] ?? null)}`);
      }
      if (!expected.hasBody && body !== '') problems.push(`${at} a body was sent where none is recorded`);
      if (expected.hasBody) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch {
          problems.push(`${at} the body is not JSON`);
        }
        if (parsed !== undefined && !isDeepStrictEqual(parsed, expected.request.body)) problems.push(`${at} body ${body}`);
      }
    }
    if (problems.length > 0) {
      this.mismatches.push(...problems);
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ success: false, errors: [{ code: 500, message: problems.join('; ') }] }));
      return;
    }
    res.writeHead(expected!.response.status, expected!.response.headers);
    res.end(JSON.stringify(expected!.response.body));
  }
}

let replay: CloudflareReplay;
let provider: CloudflareProvider;

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).message).not.toContain(TOKEN);
  expect(JSON.stringify((error as AppError).details ?? {})).not.toContain(TOKEN);
  return error as AppError;
}

beforeEach(async () => {
  replay = new CloudflareReplay();
  await replay.start();
  provider = new CloudflareProvider({ token: TOKEN, zone: 'tinyforge.example', baseUrl: replay.url, timeoutMs: 2_000 });
});

afterEach(async () => {
  await provider.close();
  await replay.stop();
});

describe('CloudflareProvider: the recorded API v4 contract', () => {
  it('tests the connection by finding the zone with the bearer token', async () => {
    replay.play(fixture('zones'));
    await provider.test();
    replay.assertPlayed();
  });

  it('says clearly when the token cannot see the zone, and when Cloudflare refuses the token', async () => {
    replay.play(fixture('zones-none'));
    expect((await failure(provider.test())).code).toBe('DNS_REFUSED');
    replay.assertPlayed();
    replay.play(fixture('zones-bad-token'));
    const refused = await failure(provider.test());
    expect(refused.code).toBe('DNS_AUTH_FAILED');
    expect(refused.message).toContain('Authentication error');
  });

  it('creates an unproxied A record after checking that nothing holds the name, and looks the zone up once', async () => {
    replay.play(fixture('zones'), fixture('list-empty'), fixture('create'), fixture('list-mine'));
    expect(await provider.create(OURS)).toBe(RECORD_ID);
    expect(await provider.lookup(NAME, 'A')).toEqual(['203.0.113.10']);
    replay.assertPlayed();
  });

  it('refuses to create where a record it did not create holds the name, and sends no POST', async () => {
    replay.play(fixture('zones'), fixture('list-foreign'));
    const error = await failure(provider.create(OURS));
    expect(error.code).toBe('DNS_RECORD_EXISTS');
    expect(error.message).toContain('CNAME');
    replay.assertPlayed();
  });

  it('turns Cloudflare’s 81053 (a record appeared since our check) into DNS_RECORD_EXISTS', async () => {
    replay.play(fixture('zones'), fixture('list-empty'), fixture('create-conflict'));
    expect((await failure(provider.create(OURS))).code).toBe('DNS_RECORD_EXISTS');
    replay.assertPlayed();
  });

  it('repairs its record in place with one PUT, and recreates it when it was deleted outside the app', async () => {
    replay.play(fixture('zones'), fixture('get-changed'), fixture('update'));
    expect(await provider.upsert(OURS, RECORD_ID)).toBe(RECORD_ID);
    replay.assertPlayed();
    replay.play(fixture('get-missing'), fixture('list-empty'), fixture('create'));
    expect(await provider.upsert(OURS, RECORD_ID)).toBe(RECORD_ID);
    replay.assertPlayed();
  });

  it('removes its record only while it holds the app’s value', async () => {
    replay.play(fixture('zones'), fixture('get'), fixture('delete'));
    expect(await provider.remove(OURS, RECORD_ID)).toBe('removed');
    replay.assertPlayed();
    replay.play(fixture('get-changed'));
    expect(await provider.remove(OURS, RECORD_ID)).toBe('changed');
    replay.assertPlayed();
    replay.play(fixture('get-missing'));
    expect(await provider.remove(OURS, RECORD_ID)).toBe('gone');
    replay.assertPlayed();
  });

  it('says Cloudflare is unreachable when nothing answers', async () => {
    const offline = new CloudflareProvider({ token: TOKEN, zone: 'tinyforge.example', baseUrl: 'http://127.0.0.1:1/client/v4', timeoutMs: 2_000 });
    expect((await failure(offline.test())).code).toBe('DNS_UNREACHABLE');
    await offline.close();
  });
});
