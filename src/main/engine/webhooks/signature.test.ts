import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { claimedSource, deliveryIdentity, verifySignature } from './signature';

const SECRET = 's3cret-of-the-workload';
const BODY = Buffer.from('{"ref":"refs/heads/main"}');
const mac = (secret: string, body: Buffer) => createHmac('sha256', secret).update(body).digest('hex');

describe('verifySignature', () => {
  it("accepts GitHub's published test vector", () => {
    const verdict = verifySignature(
      { 'x-hub-signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17' },
      Buffer.from('Hello, World!'),
      "It's a Secret to Everybody",
    );
    expect(verdict).toEqual({ ok: true, source: 'github' });
  });

  it('refuses the published vector under any other secret, and the same signature over another body', () => {
    const sig = { 'x-hub-signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17' };
    expect(verifySignature(sig, Buffer.from('Hello, World!'), "It's a Secret to Everybody!")).toEqual({ ok: false, reason: 'signature-mismatch' });
    expect(verifySignature(sig, Buffer.from('Hello, World! '), "It's a Secret to Everybody")).toEqual({ ok: false, reason: 'signature-mismatch' });
  });

  it('accepts an upper-case hex digest and the prefix in any case', () => {
    expect(verifySignature({ 'x-hub-signature-256': `SHA256=${mac(SECRET, BODY).toUpperCase()}` }, BODY, SECRET).ok).toBe(true);
  });

  it('accepts Gitea/Forgejo (bare hex), even with X-Hub-Signature-256 beside it, and names the source gitea', () => {
    const hex = mac(SECRET, BODY);
    expect(verifySignature({ 'x-gitea-signature': hex, 'x-gitea-event': 'push' }, BODY, SECRET)).toEqual({ ok: true, source: 'gitea' });
    expect(verifySignature({ 'x-gitea-signature': hex, 'x-hub-signature-256': `sha256=${hex}`, 'x-forgejo-event': 'push' }, BODY, SECRET)).toEqual({
      ok: true,
      source: 'gitea',
    });
  });

  it('refuses when one of two signature headers is wrong (every header present must verify)', () => {
    const hex = mac(SECRET, BODY);
    const other = mac('another', BODY);
    expect(verifySignature({ 'x-gitea-signature': hex, 'x-hub-signature-256': `sha256=${other}` }, BODY, SECRET)).toEqual({
      ok: false,
      reason: 'signature-mismatch',
    });
    expect(verifySignature({ 'x-gitea-signature': other, 'x-hub-signature-256': `sha256=${hex}` }, BODY, SECRET)).toEqual({
      ok: false,
      reason: 'signature-mismatch',
    });
  });

  it('accepts a GitLab token equal to the secret and refuses any other, a prefix of it included', () => {
    expect(verifySignature({ 'x-gitlab-token': SECRET, 'x-gitlab-event': 'Push Hook' }, BODY, SECRET)).toEqual({ ok: true, source: 'gitlab' });
    expect(verifySignature({ 'x-gitlab-token': SECRET.slice(0, -1) }, BODY, SECRET)).toEqual({ ok: false, reason: 'signature-mismatch' });
    expect(verifySignature({ 'x-gitlab-token': `${SECRET}x` }, BODY, SECRET)).toEqual({ ok: false, reason: 'signature-mismatch' });
    expect(verifySignature({ 'x-gitlab-token': '' }, BODY, SECRET)).toEqual({ ok: false, reason: 'signature-malformed' });
    expect(verifySignature({ 'x-gitlab-token': 'x'.repeat(1025) }, BODY, SECRET)).toEqual({ ok: false, reason: 'signature-malformed' });
  });

  it('accepts the generic header signed like GitHub', () => {
    expect(verifySignature({ 'x-tinyforge-signature-256': `sha256=${mac(SECRET, BODY)}` }, BODY, SECRET)).toEqual({ ok: true, source: 'generic' });
  });

  it('refuses a delivery with no signature, and names a SHA-1 one as such', () => {
    expect(verifySignature({}, BODY, SECRET)).toEqual({ ok: false, reason: 'signature-missing' });
    const sha1 = `sha1=${createHmac('sha1', SECRET).update(BODY).digest('hex')}`;
    expect(verifySignature({ 'x-hub-signature': sha1 }, BODY, SECRET)).toEqual({ ok: false, reason: 'signature-sha1' });
    expect(verifySignature({ 'x-hub-signature-256': sha1 }, BODY, SECRET)).toEqual({ ok: false, reason: 'signature-sha1' });
    expect(verifySignature({ 'x-tinyforge-signature-256': sha1 }, BODY, SECRET)).toEqual({ ok: false, reason: 'signature-sha1' });
  });

  it.each([
    ['no prefix', mac(SECRET, BODY)],
    ['an empty digest', 'sha256='],
    ['one hex digit short', `sha256=${mac(SECRET, BODY).slice(1)}`],
    ['one hex digit long', `sha256=${mac(SECRET, BODY)}0`],
    ['a non-hex character', `sha256=${mac(SECRET, BODY).slice(1)}g`],
    ['base64 instead of hex', `sha256=${createHmac('sha256', SECRET).update(BODY).digest('base64')}`],
    ['another algorithm', `sha512=${mac(SECRET, BODY)}`],
    ['spaces inside', `sha256=${mac(SECRET, BODY).slice(0, 10)} ${mac(SECRET, BODY).slice(11)}`],
    ['an empty header', ''],
    ['a huge header', `sha256=${'a'.repeat(100_000)}`],
  ])('refuses a malformed GitHub signature (%s) as malformed, never with an exception', (_what, value) => {
    expect(verifySignature({ 'x-hub-signature-256': value }, BODY, SECRET)).toEqual({ ok: false, reason: 'signature-malformed' });
  });

  it('refuses a malformed Gitea signature (prefixed, short, non-hex)', () => {
    for (const value of [`sha256=${mac(SECRET, BODY)}`, mac(SECRET, BODY).slice(2), 'z'.repeat(64)]) {
      expect(verifySignature({ 'x-gitea-signature': value }, BODY, SECRET)).toEqual({ ok: false, reason: 'signature-malformed' });
    }
  });

  it('refuses a signature header sent twice', () => {
    const sig = `sha256=${mac(SECRET, BODY)}`;
    expect(verifySignature({ 'x-hub-signature-256': [sig, sig] }, BODY, SECRET)).toEqual({ ok: false, reason: 'signature-headers-repeated' });
  });

  it('checks the raw bytes: the same JSON re-serialised with other spacing does not verify', () => {
    const sig = `sha256=${mac(SECRET, BODY)}`;
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(BODY.toString()), null, 1));
    expect(verifySignature({ 'x-hub-signature-256': sig }, reserialised, SECRET).ok).toBe(false);
  });
});

describe('deliveryIdentity', () => {
  it('reads each source’s delivery id and event', () => {
    expect(deliveryIdentity({ 'x-github-delivery': 'abc-1', 'x-github-event': 'push' }, 'github')).toEqual({ ok: true, deliveryId: 'abc-1', event: 'push' });
    expect(deliveryIdentity({ 'x-forgejo-delivery': 'f-1', 'x-forgejo-event': 'push' }, 'gitea')).toEqual({ ok: true, deliveryId: 'f-1', event: 'push' });
    expect(deliveryIdentity({ 'x-gitlab-event-uuid': 'g-1', 'x-gitlab-event': 'Push Hook' }, 'gitlab')).toEqual({
      ok: true,
      deliveryId: 'g-1',
      event: 'push hook',
    });
    expect(deliveryIdentity({ 'x-tinyforge-delivery': 'ci-42' }, 'generic')).toEqual({ ok: true, deliveryId: 'ci-42', event: 'push' });
  });

  it('refuses a missing, empty, repeated or odd delivery id', () => {
    expect(deliveryIdentity({}, 'github')).toEqual({ ok: false, reason: 'delivery-id-missing' });
    expect(deliveryIdentity({ 'x-github-delivery': ' ' }, 'github')).toEqual({ ok: false, reason: 'delivery-id-missing' });
    expect(deliveryIdentity({ 'x-github-delivery': ['a', 'b'] }, 'github')).toEqual({ ok: false, reason: 'delivery-id-malformed' });
    expect(deliveryIdentity({ 'x-github-delivery': 'a'.repeat(129) }, 'github')).toEqual({ ok: false, reason: 'delivery-id-malformed' });
    expect(deliveryIdentity({ 'x-github-delivery': 'a/b' }, 'github')).toEqual({ ok: false, reason: 'delivery-id-malformed' });
  });

  it('does not take another source’s delivery header', () => {
    expect(deliveryIdentity({ 'x-gitea-delivery': 'x' }, 'github')).toEqual({ ok: false, reason: 'delivery-id-missing' });
  });
});

describe('claimedSource', () => {
  it('names the sender by its event header first, then its signature header', () => {
    expect(claimedSource({ 'x-gitlab-event': 'Push Hook' })).toBe('gitlab');
    expect(claimedSource({ 'x-hub-signature': 'sha1=00' })).toBe('github');
    expect(claimedSource({})).toBe('generic');
  });
});
