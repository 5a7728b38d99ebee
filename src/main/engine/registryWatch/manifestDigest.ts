// The digest a tag points at now, by HEAD on its manifest (no pull, no layer download), through the
// registry's own auth: the distribution spec's token flow (401 with `WWW-Authenticate: Bearer
// realm,service,scope`, a token fetched from the realm anonymously or with the saved login) or
// Basic auth. Tokens are cached until they expire, so a check is usually one request.
import { createHash } from 'node:crypto';
import type { RegistryLogin } from '../registry/registryAuth';
import { parseChallenge, parseRetryAfter } from './challenge';
import type { CheckOutcome } from './checkSchedule';
import { registryBaseUrl } from './imageRef';
import type { WatchedImage } from './imageRef';

/** Every manifest kind a tag can point at: a multi-arch index or list, or a single manifest. */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
].join(', ');

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const TIMEOUT_MS = 15_000;

export interface ManifestClientDeps {
  fetch?: typeof fetch;
  now?: () => number;
  /** Aborts requests in flight when the watcher closes. */
  signal?: AbortSignal;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

export class ManifestClient {
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  /** Bearer tokens by registry, scope and login: one per repository a login may pull. */
  private readonly tokens = new Map<string, CachedToken>();
  /** Registries that asked for Basic auth: later checks send the login at once. */
  private readonly basic = new Set<string>();

  constructor(private readonly deps: ManifestClientDeps = {}) {
    this.fetch = deps.fetch ?? fetch;
    this.now = deps.now ?? Date.now;
  }

  /** The tag's digest now, or why it could not be learned (never throws). */
  async digest(image: WatchedImage, login: RegistryLogin | null): Promise<CheckOutcome> {
    const url = `${registryBaseUrl(image.registry)}/v2/${image.repository}/manifests/${encodeURIComponent(image.tag)}`;
    try {
      let auth = this.cachedAuth(image, login);
      let response = await this.head(url, auth);
      if (response.status === 401) {
        const challenge = parseChallenge(response.headers.get('www-authenticate'));
        if (!challenge)
          return failed('REGISTRY_AUTH_FAILED', `${image.registry} asked for a login in a way Tinyforge does not know (no Bearer or Basic challenge).`);
        if (challenge.scheme === 'basic') {
          if (!login) return failed('IMAGE_PULL_DENIED', `${image.registry} needs a login: add it in Settings, Registries.`);
          this.basic.add(image.registry);
          auth = basicHeader(login);
        } else {
          const token = await this.token(challenge.params, image, login);
          if (typeof token !== 'string') return token;
          auth = `Bearer ${token}`;
        }
        response = await this.head(url, auth);
        if (response.status === 401) {
          this.forget(image);
          return login
            ? failed('REGISTRY_AUTH_FAILED', `${image.registry} refused the saved login for ${login.username}.`)
            : failed('IMAGE_PULL_DENIED', `${image.registry} needs a login to read ${image.repository}: add it in Settings, Registries.`);
        }
      }
      return this.outcome(response, image);
    } catch (error) {
      return failed('REGISTRY_UNREACHABLE', `${image.registry} could not be reached: ${reason(error)}.`);
    }
  }

  private head(url: string, auth: string | null): Promise<Response> {
    const headers: Record<string, string> = { Accept: MANIFEST_ACCEPT };
    if (auth) headers.Authorization = auth;
    // No redirects: a redirect would carry the login to wherever it points.
    return this.fetch(url, { method: 'HEAD', headers, redirect: 'error', signal: this.signal() });
  }

  private outcome(response: Response, image: WatchedImage): CheckOutcome {
    if (response.status === 429) return this.rateLimited(response, image.registry);
    if (response.status === 404) return failed('IMAGE_NOT_FOUND', `${image.registry} has no tag ${image.tag} in ${image.repository}.`);
    if (response.status === 403) return failed('REGISTRY_AUTH_FAILED', `${image.registry} refused to show ${image.repository} to this login.`);
    if (!response.ok) return failed('REGISTRY_UNREACHABLE', `${image.registry} answered ${response.status} for ${image.repository}:${image.tag}.`);
    const digest = response.headers.get('docker-content-digest')?.trim() ?? '';
    if (!DIGEST.test(digest))
      return failed('REGISTRY_UNREACHABLE', `${image.registry} answered without a sha256 Docker-Content-Digest for ${image.repository}:${image.tag}.`);
    return { kind: 'digest', digest };
  }

  private rateLimited(response: Response, registry: string): CheckOutcome {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.now());
    return { kind: 'rate-limited', retryAfterMs, message: `${registry} answered 429 (too many requests).` };
  }

  /** A token for the challenge's realm, from the cache or fetched; a CheckOutcome when that fails. */
  private async token(params: Record<string, string>, image: WatchedImage, login: RegistryLogin | null): Promise<string | CheckOutcome> {
    let realm: URL;
    try {
      realm = new URL(params.realm!);
    } catch {
      return failed('REGISTRY_AUTH_FAILED', `${image.registry} named a token service that is not a URL.`);
    }
    // The login goes to the realm: over HTTPS only, but for a registry on this machine.
    if (realm.protocol !== 'https:' && !(realm.protocol === 'http:' && isLoopback(realm.hostname))) {
      return failed('REGISTRY_AUTH_FAILED', `${image.registry} named a token service over plain HTTP (${realm.host}): Tinyforge sends no login there.`);
    }
    const scope = `repository:${image.repository}:pull`;
    if (params.service) realm.searchParams.set('service', params.service);
    realm.searchParams.set('scope', scope);
    const key = tokenKey(image.registry, scope, login);
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > this.now()) return cached.token;
    const headers: Record<string, string> = {};
    if (login) headers.Authorization = basicHeader(login);
    const response = await this.fetch(realm, { headers, redirect: 'error', signal: this.signal() });
    if (response.status === 429) return this.rateLimited(response, image.registry);
    if (response.status === 401 || response.status === 403) {
      return login
        ? failed('REGISTRY_AUTH_FAILED', `the token service of ${image.registry} refused the saved login for ${login.username}.`)
        : failed('IMAGE_PULL_DENIED', `${image.registry} needs a login to read ${image.repository}: add it in Settings, Registries.`);
    }
    if (!response.ok) return failed('REGISTRY_UNREACHABLE', `the token service of ${image.registry} answered ${response.status}.`);
    const body = (await response.json().catch(() => null)) as { token?: unknown; access_token?: unknown; expires_in?: unknown } | null;
    const token = typeof body?.token === 'string' ? body.token : typeof body?.access_token === 'string' ? body.access_token : null;
    if (!token) return failed('REGISTRY_AUTH_FAILED', `the token service of ${image.registry} answered without a token.`);
    // The spec's default lifetime is 60 s; a little is kept back for the clock and the round trip.
    const lifetimeSec = typeof body?.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60;
    this.tokens.set(key, { token, expiresAt: this.now() + Math.max(0, lifetimeSec - 10) * 1000 });
    return token;
  }

  private cachedAuth(image: WatchedImage, login: RegistryLogin | null): string | null {
    if (login && this.basic.has(image.registry)) return basicHeader(login);
    const cached = this.tokens.get(tokenKey(image.registry, `repository:${image.repository}:pull`, login));
    return cached && cached.expiresAt > this.now() ? `Bearer ${cached.token}` : null;
  }

  private forget(image: WatchedImage): void {
    this.basic.delete(image.registry);
    for (const key of this.tokens.keys()) if (key.startsWith(`${image.registry}|`)) this.tokens.delete(key);
  }

  private signal(): AbortSignal {
    const timeout = AbortSignal.timeout(TIMEOUT_MS);
    return this.deps.signal ? AbortSignal.any([this.deps.signal, timeout]) : timeout;
  }
}

function failed(code: Extract<CheckOutcome, { kind: 'failed' }>['code'], message: string): CheckOutcome {
  return { kind: 'failed', code, message };
}

function basicHeader(login: RegistryLogin): string {
  return `Basic ${Buffer.from(`${login.username}:${login.password}`, 'utf8').toString('base64')}`;
}

/** The cache key never holds the password itself: a hash of the login stands for it. */
function tokenKey(registry: string, scope: string, login: RegistryLogin | null): string {
  const who = login ? createHash('sha256').update(`${login.username}\0${login.password}`).digest('hex').slice(0, 16) : 'anonymous';
  return `${registry}|${scope}|${who}`;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(hostname) || hostname === '[::1]';
}

function reason(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : null;
  return cause ?? (error instanceof Error ? error.message : String(error));
}
