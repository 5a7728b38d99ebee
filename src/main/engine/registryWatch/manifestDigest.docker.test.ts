// ManifestClient against real registries: the push registry on :5002 (anonymous), the same behind
// a small token service that issues Bearer tokens the way Docker Hub and GHCR do (the distribution
// spec's token flow; it forwards authorised HEADs to the real registry), and the registry behind
// Caddy's Basic auth on :5001. Every digest is compared with what the real registry serves.
import { createServer, request } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManifestClient, MANIFEST_ACCEPT } from './manifestDigest';
import { parseWatchedImage } from './imageRef';
import { newRunId } from '../testing/dockerHost';
import { PUSH_REGISTRY, publish, pushRegistryAnswers } from '../testing/pushRegistry';
import { AUTH_LAYERED_REPOSITORY, AUTH_REGISTRY, AUTH_REGISTRY_LOGIN, authRegistryAnswers, registryManifest } from '../testing/testRegistry';
import { createHash } from 'node:crypto';

const runId = newRunId();
const path = `tf-regwatch-${runId.slice(-8)}/token`;
const LOGIN = { username: 'watcher', password: 'token-pass' };
let digest = '';

/** What the token service saw: each token request's login, service and scope. */
const tokenRequests: { authorization: string | undefined; service: string | null; scope: string | null }[] = [];
const issued = new Set<string>();
let base = '';

function tokenService(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', base);
  if (url.pathname === '/token') {
    tokenRequests.push({ authorization: req.headers.authorization, service: url.searchParams.get('service'), scope: url.searchParams.get('scope') });
    const expected = `Basic ${Buffer.from(`${LOGIN.username}:${LOGIN.password}`).toString('base64')}`;
    if (req.headers.authorization !== expected) {
      res.writeHead(401).end();
      return;
    }
    const token = `tok-${issued.size}-${Math.random().toString(36).slice(2)}`;
    issued.add(token);
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token, expires_in: 300 }));
    return;
  }
  const bearer = req.headers.authorization?.replace(/^Bearer /, '');
  if (!bearer || !issued.has(bearer)) {
    res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="${base}/token",service="regwatch-test",scope="repository:${path}:pull"` }).end();
    return;
  }
  // Authorised: the real registry answers.
  const [host, port] = PUSH_REGISTRY.split(':');
  const upstream = request({ host, port: Number(port), method: req.method, path: req.url, headers: { accept: req.headers.accept ?? '' } }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => res.writeHead(502).end());
  upstream.end();
}

const server = createServer(tokenService);

beforeAll(async () => {
  await pushRegistryAnswers();
  await authRegistryAnswers();
  digest = await publish('tinyforge-test/app:v1', `${PUSH_REGISTRY}/${path}`, 'live');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.close();
});

describe('ManifestClient', () => {
  it('reads the digest of a tag on the real registry with one HEAD, anonymously', async () => {
    const seen: string[] = [];
    const client = new ManifestClient({
      fetch: (input, init) => {
        seen.push(
          `${init?.method ?? 'GET'} ${input instanceof Request ? input.url : input instanceof URL ? input.href : input} ${JSON.stringify(init?.headers)}`,
        );
        return fetch(input, init);
      },
    });
    expect(await client.digest(parseWatchedImage(`${PUSH_REGISTRY}/${path}:live`), null)).toEqual({ kind: 'digest', digest });
    expect(seen).toEqual([`HEAD http://${PUSH_REGISTRY}/v2/${path}/manifests/live ${JSON.stringify({ Accept: MANIFEST_ACCEPT })}`]);
  });

  it('follows the Bearer token flow with the saved login, and reuses the token', async () => {
    const image = parseWatchedImage(`${base.replace('http://', '')}/${path}:live`);
    const client = new ManifestClient();
    tokenRequests.length = 0;
    expect(await client.digest(image, { registry: image.registry, ...LOGIN })).toEqual({ kind: 'digest', digest });
    expect(await client.digest(image, { registry: image.registry, ...LOGIN })).toEqual({ kind: 'digest', digest });
    expect(tokenRequests).toEqual([
      { authorization: `Basic ${Buffer.from('watcher:token-pass').toString('base64')}`, service: 'regwatch-test', scope: `repository:${path}:pull` },
    ]);
  });

  it('says a login is needed without one, and that it was refused when wrong', async () => {
    const image = parseWatchedImage(`${base.replace('http://', '')}/${path}:live`);
    expect(await new ManifestClient().digest(image, null)).toMatchObject({ kind: 'failed', code: 'IMAGE_PULL_DENIED' });
    expect(await new ManifestClient().digest(image, { registry: image.registry, username: 'watcher', password: 'wrong' })).toMatchObject({
      kind: 'failed',
      code: 'REGISTRY_AUTH_FAILED',
    });
  });

  it('sends Basic auth where the registry asks for it (Caddy on :5001 in front of the real layout)', async () => {
    const manifest = await registryManifest('v1');
    const image = parseWatchedImage(`${AUTH_LAYERED_REPOSITORY}:v1`);
    const login = { registry: AUTH_REGISTRY, ...AUTH_REGISTRY_LOGIN };
    const outcome = await new ManifestClient().digest(image, login);
    // The layout's v1 manifest, as the registry serves it: its digest is the sha256 of its bytes.
    const served = await fetch(`http://${AUTH_REGISTRY}/v2/tinyforge-test/layered/manifests/v1`, {
      headers: { Accept: MANIFEST_ACCEPT, Authorization: `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}` },
    });
    const bytes = Buffer.from(await served.arrayBuffer());
    expect(manifest.layers.length).toBeGreaterThan(0);
    expect(outcome).toEqual({ kind: 'digest', digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}` });
    expect(await new ManifestClient().digest(image, null)).toMatchObject({ kind: 'failed', code: 'IMAGE_PULL_DENIED' });
    expect(await new ManifestClient().digest(image, { ...login, password: 'wrong' })).toMatchObject({ kind: 'failed', code: 'REGISTRY_AUTH_FAILED' });
  });

  it('names a missing tag and an unreachable registry', async () => {
    expect(await new ManifestClient().digest(parseWatchedImage(`${PUSH_REGISTRY}/${path}:absent`), null)).toMatchObject({
      kind: 'failed',
      code: 'IMAGE_NOT_FOUND',
    });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await new ManifestClient().digest(parseWatchedImage(`127.0.0.1:${port}/x/y:z`), null)).toMatchObject({
      kind: 'failed',
      code: 'REGISTRY_UNREACHABLE',
    });
  });

  it('follows no redirect, so a login never travels to another server', async () => {
    const reached: (string | undefined)[] = [];
    const elsewhere = createServer((req, res) => {
      reached.push(req.headers.authorization);
      res.writeHead(200, { 'Docker-Content-Digest': digest }).end();
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    const elsewherePort = (elsewhere.address() as AddressInfo).port;
    const redirecting = createServer((req, res) => {
      if (!req.headers.authorization) res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="r"' }).end();
      else res.writeHead(307, { Location: `http://127.0.0.1:${elsewherePort}${req.url}` }).end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    try {
      const registry = `127.0.0.1:${(redirecting.address() as AddressInfo).port}`;
      const outcome = await new ManifestClient().digest(parseWatchedImage(`${registry}/acme/api:1`), { registry, ...LOGIN });
      expect(outcome).toMatchObject({ kind: 'failed', code: 'REGISTRY_UNREACHABLE' });
      expect(reached).toEqual([]);
    } finally {
      redirecting.close();
      elsewhere.close();
    }
  });

  it('refuses to send a login to a token service over plain HTTP off this machine', async () => {
    const client = new ManifestClient({
      fetch: async () => new Response(null, { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="http://auth.example.com/token",service="x"' } }),
    });
    const outcome = await client.digest(parseWatchedImage('registry.example.com/acme/api:1'), { registry: 'registry.example.com', ...LOGIN });
    expect(outcome).toMatchObject({ kind: 'failed', code: 'REGISTRY_AUTH_FAILED' });
  });
});
