// Which sender a delivery claims to come from and whether its signature holds, over the raw body
// exactly as it arrived (re-serialised JSON would not match). Pure: headers, body and secret in,
// a verdict out. Every comparison runs in constant time over equal-length buffers, so neither the
// secret nor the expected MAC leaks through timing.
//
// Senders: GitHub signs with `X-Hub-Signature-256: sha256=<hex>`; Gitea and Forgejo send
// `X-Gitea-Signature: <hex>` (and often X-Hub-Signature-256 beside it); GitLab sends the secret
// itself as `X-Gitlab-Token`; anything else (CI scripts, registries) signs like GitHub in
// `X-Tinyforge-Signature-256`. Every signature header present must verify: a sender that signs in
// two headers signs both with the same secret, and an attacker gains nothing by adding one.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type WebhookSource = 'github' | 'gitea' | 'gitlab' | 'generic';

export type Headers = Readonly<Record<string, string | string[] | undefined>>;

export type SignatureRefusal = 'signature-missing' | 'signature-sha1' | 'signature-malformed' | 'signature-mismatch' | 'signature-headers-repeated';

export type SignatureVerdict = { ok: true; source: WebhookSource } | { ok: false; reason: SignatureRefusal };

/** The header names each sender uses, for the UI and the checks. */
export const SIGNATURE_HEADERS = {
  github: 'X-Hub-Signature-256',
  gitea: 'X-Gitea-Signature',
  gitlab: 'X-Gitlab-Token',
  generic: 'X-Tinyforge-Signature-256',
} as const satisfies Record<WebhookSource, string>;

export const DELIVERY_HEADERS = {
  github: 'X-GitHub-Delivery',
  gitea: 'X-Gitea-Delivery',
  gitlab: 'X-Gitlab-Event-UUID',
  generic: 'X-Tinyforge-Delivery',
} as const satisfies Record<WebhookSource, string>;

export const EVENT_HEADERS = {
  github: 'X-GitHub-Event',
  gitea: 'X-Gitea-Event',
  gitlab: 'X-Gitlab-Event',
  generic: 'X-Tinyforge-Event',
} as const satisfies Record<WebhookSource, string>;

const HEX64 = /^[0-9a-f]{64}$/i;

/** One header's value; a header sent twice (Node joins nothing for unknown names: arrays) is refused. */
function single(headers: Headers, name: string): string | undefined | null {
  const value = headers[name.toLowerCase()];
  if (Array.isArray(value)) return null;
  return value;
}

function hmacHex(secret: string, body: Buffer): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

/** `sha256=<64 hex>` (or bare hex for Gitea) to the 32 MAC bytes; null when malformed. */
function parseMac(value: string, prefixed: boolean): Buffer | null {
  const trimmed = value.trim();
  let hex = trimmed;
  if (prefixed) {
    const eq = trimmed.indexOf('=');
    if (eq < 0 || trimmed.slice(0, eq).toLowerCase() !== 'sha256') return null;
    hex = trimmed.slice(eq + 1);
  }
  if (!HEX64.test(hex)) return null;
  return Buffer.from(hex, 'hex');
}

/** Whether a header value claims SHA-1 (`sha1=...`), which is refused by name rather than as malformed. */
function isSha1(value: string): boolean {
  return /^\s*sha1=/i.test(value);
}

/**
 * Checks every signature header present against `secret`. The source named is the one whose event
 * header is present (Gitea sends X-Hub-Signature-256 too, and is still Gitea), else the first
 * signature header found.
 */
export function verifySignature(headers: Headers, body: Buffer, secret: string): SignatureVerdict {
  const github = single(headers, SIGNATURE_HEADERS.github);
  const gitea = single(headers, SIGNATURE_HEADERS.gitea);
  const gitlab = single(headers, SIGNATURE_HEADERS.gitlab);
  const generic = single(headers, SIGNATURE_HEADERS.generic);
  if (github === null || gitea === null || gitlab === null || generic === null) return { ok: false, reason: 'signature-headers-repeated' };
  const present = [github, gitea, gitlab, generic].filter((v): v is string => v !== undefined);
  if (present.length === 0) {
    const sha1 = single(headers, 'X-Hub-Signature');
    return { ok: false, reason: typeof sha1 === 'string' && sha1 !== '' ? 'signature-sha1' : 'signature-missing' };
  }
  if ([github, generic].some((v) => v !== undefined && isSha1(v))) return { ok: false, reason: 'signature-sha1' };

  // Every check runs, whatever the earlier ones said, so the time taken does not say which failed.
  const expected = hmacHex(secret, body);
  let valid = true;
  for (const [value, prefixed] of [
    [github, true],
    [gitea, false],
    [generic, true],
  ] as const) {
    if (value === undefined) continue;
    const mac = parseMac(value, prefixed);
    if (!mac) return { ok: false, reason: 'signature-malformed' };
    valid = timingSafeEqual(mac, expected) && valid;
  }
  if (gitlab !== undefined) {
    if (gitlab.length === 0 || gitlab.length > 1024) return { ok: false, reason: 'signature-malformed' };
    // Hashing both sides gives equal lengths, so the comparison says nothing about the token's length.
    const given = createHash('sha256').update(gitlab, 'utf8').digest();
    const wanted = createHash('sha256').update(secret, 'utf8').digest();
    valid = timingSafeEqual(given, wanted) && valid;
  }
  if (!valid) return { ok: false, reason: 'signature-mismatch' };
  return { ok: true, source: sourceOf(headers, { github, gitea, gitlab, generic }) };
}

function sourceOf(headers: Headers, sig: Record<WebhookSource, string | undefined>): WebhookSource {
  if (typeof single(headers, EVENT_HEADERS.gitea) === 'string' || typeof single(headers, 'X-Forgejo-Event') === 'string') return 'gitea';
  if (typeof single(headers, EVENT_HEADERS.gitlab) === 'string') return 'gitlab';
  if (typeof single(headers, EVENT_HEADERS.github) === 'string') return 'github';
  if (sig.github !== undefined) return 'github';
  if (sig.gitea !== undefined) return 'gitea';
  if (sig.gitlab !== undefined) return 'gitlab';
  return 'generic';
}

export type DeliveryIdentity = { ok: true; deliveryId: string; event: string } | { ok: false; reason: 'delivery-id-missing' | 'delivery-id-malformed' };

const DELIVERY_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const EVENT_NAME = /^[A-Za-z0-9 ._-]{1,64}$/;

/** The delivery id (for replay refusal) and event name of a verified delivery, from its source's headers. */
export function deliveryIdentity(headers: Headers, source: WebhookSource): DeliveryIdentity {
  const names = source === 'gitea' ? [DELIVERY_HEADERS.gitea, 'X-Forgejo-Delivery', 'X-Gogs-Delivery'] : [DELIVERY_HEADERS[source]];
  if (source === 'gitlab') names.push('Idempotency-Key');
  let id: string | undefined;
  for (const name of names) {
    const value = single(headers, name);
    if (value === null) return { ok: false, reason: 'delivery-id-malformed' };
    if (value !== undefined) {
      id = value.trim();
      break;
    }
  }
  if (id === undefined || id === '') return { ok: false, reason: 'delivery-id-missing' };
  if (!DELIVERY_ID.test(id)) return { ok: false, reason: 'delivery-id-malformed' };
  const eventNames = source === 'gitea' ? [EVENT_HEADERS.gitea, 'X-Forgejo-Event'] : [EVENT_HEADERS[source]];
  let event = 'push';
  for (const name of eventNames) {
    const value = single(headers, name);
    if (typeof value === 'string' && EVENT_NAME.test(value.trim())) {
      event = value.trim().toLowerCase();
      break;
    }
  }
  return { ok: true, deliveryId: id, event };
}

/** The sender a delivery claims to be, before anything is verified (for the log of a refusal). */
export function claimedSource(headers: Headers): WebhookSource {
  const sig = (name: string) => {
    const v = single(headers, name);
    return typeof v === 'string' ? v : undefined;
  };
  return sourceOf(headers, {
    github: sig(SIGNATURE_HEADERS.github) ?? sig('X-Hub-Signature'),
    gitea: sig(SIGNATURE_HEADERS.gitea),
    gitlab: sig(SIGNATURE_HEADERS.gitlab),
    generic: sig(SIGNATURE_HEADERS.generic),
  });
}
