// The RFC 2136 provider against a real BIND 9.18 (scripts/test-host.sh, no Docker needed; in the
// docker project because it needs the provisioned test host). Every name is unique to the run.
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { TEST_BIND, bindAnswers, dig, nsupdateOutside, uniqueLabel } from '../testing/testBind';
import { Rfc2136Provider } from './rfc2136Provider';
import type { Rfc2136Options } from './rfc2136Provider';
import { tsigSecretOf } from './tsig';
import type { TsigAlgorithm } from './tsig';

function provider(overrides: Partial<Rfc2136Options> = {}, key: { name: string; algorithm: string; secret: string } = TEST_BIND.key): Rfc2136Provider {
  return new Rfc2136Provider({
    server: { host: TEST_BIND.host, port: TEST_BIND.port },
    zone: TEST_BIND.zone,
    key: { name: key.name, algorithm: key.algorithm as TsigAlgorithm, secret: tsigSecretOf(key.secret) },
    timeoutMs: 5_000,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const fqdn = (label: string) => `${label}.${TEST_BIND.zone}`;

beforeAll(bindAnswers);

describe('Rfc2136Provider against BIND', () => {
  it('tests the connection: the signed SOA query is answered and signed', async () => {
    await expect(provider().test()).resolves.toBeUndefined();
  });

  it('creates an A record, which dig then sees, and looks it up', async () => {
    const name = fqdn(uniqueLabel('create'));
    const p = provider();
    expect(await p.create({ name, type: 'A', address: '192.0.2.10', ttl: 300 })).toBeNull();
    expect(await dig(name, 'A')).toEqual(['192.0.2.10']);
    expect(await p.lookup(name, 'A')).toEqual(['192.0.2.10']);
    expect(await p.lookup(name, 'AAAA')).toEqual([]);
    expect(await p.lookup(fqdn(uniqueLabel('nothing')), 'A')).toEqual([]);
  });

  it('creates an AAAA record with the SHA-512 key', async () => {
    const name = fqdn(uniqueLabel('six'));
    const p = provider({}, TEST_BIND.sha512Key);
    await p.create({ name, type: 'AAAA', address: '2001:db8::10', ttl: 300 });
    expect(await dig(name, 'AAAA')).toEqual(['2001:db8::10']);
  });

  it('refuses to create over a record it did not create, of any type, and leaves it', async () => {
    const name = fqdn(uniqueLabel('theirs'));
    await nsupdateOutside(`update add ${name} 300 TXT "someone else"`);
    const error = await failure(provider().create({ name, type: 'A', address: '192.0.2.11', ttl: 300 }));
    expect(error.code).toBe('DNS_RECORD_EXISTS');
    expect(error.message).toContain(name);
    expect(await dig(name, 'TXT')).toEqual(['"someone else"']);
    expect(await dig(name, 'A')).toEqual([]);
  });

  it('adds the AAAA beside its own A, but not beside an A that is no longer its value', async () => {
    const name = fqdn(uniqueLabel('pair'));
    const p = provider();
    await p.create({ name, type: 'A', address: '192.0.2.12', ttl: 300 });
    const ownA = { name, type: 'A' as const, address: '192.0.2.12', providerId: null };
    expect((await failure(p.create({ name, type: 'AAAA', address: '2001:db8::12', ttl: 300 }))).code).toBe('DNS_RECORD_EXISTS');
    await p.create({ name, type: 'AAAA', address: '2001:db8::12', ttl: 300 }, ownA);
    expect(await dig(name, 'AAAA')).toEqual(['2001:db8::12']);
    const other = fqdn(uniqueLabel('pair'));
    await p.create({ name: other, type: 'A', address: '192.0.2.13', ttl: 300 });
    await nsupdateOutside(`update delete ${other} A`, `update add ${other} 300 A 198.51.100.13`);
    const refused = await failure(p.create({ name: other, type: 'AAAA', address: '2001:db8::13', ttl: 300 }, { ...ownA, name: other, address: '192.0.2.13' }));
    expect(refused.code).toBe('DNS_RECORD_EXISTS');
    expect(await dig(other, 'AAAA')).toEqual([]);
  });

  it('repairs a record changed outside the app, and recreates one deleted outside it', async () => {
    const name = fqdn(uniqueLabel('drift'));
    const p = provider();
    await p.create({ name, type: 'A', address: '192.0.2.20', ttl: 300 });
    await nsupdateOutside(`update delete ${name} A`, `update add ${name} 300 A 198.51.100.7`);
    expect(await p.lookup(name, 'A')).toEqual(['198.51.100.7']);
    await p.upsert({ name, type: 'A', address: '192.0.2.20', ttl: 300 });
    expect(await dig(name, 'A')).toEqual(['192.0.2.20']);
    await nsupdateOutside(`update delete ${name} A`);
    expect(await p.lookup(name, 'A')).toEqual([]);
    await p.upsert({ name, type: 'A', address: '192.0.2.20', ttl: 300 });
    expect(await dig(name, 'A')).toEqual(['192.0.2.20']);
  });

  it('removes its own record, leaves one changed outside the app, and says which', async () => {
    const mine = fqdn(uniqueLabel('remove'));
    const changed = fqdn(uniqueLabel('changed'));
    const p = provider();
    await p.create({ name: mine, type: 'A', address: '192.0.2.30', ttl: 300 });
    await p.create({ name: changed, type: 'A', address: '192.0.2.31', ttl: 300 });
    await nsupdateOutside(`update delete ${changed} A`, `update add ${changed} 300 A 198.51.100.31`);
    expect(await p.remove({ name: mine, type: 'A', address: '192.0.2.30' })).toBe('removed');
    expect(await dig(mine, 'A')).toEqual([]);
    expect(await p.remove({ name: changed, type: 'A', address: '192.0.2.31' })).toBe('changed');
    expect(await dig(changed, 'A')).toEqual(['198.51.100.31']);
    expect(await p.remove({ name: mine, type: 'A', address: '192.0.2.30' })).toBe('gone');
  });

  it('refuses a wrong secret (BADSIG) and an unknown key name (BADKEY) with a clear error, changing nothing', async () => {
    const name = fqdn(uniqueLabel('badkey'));
    const wrongSecret = provider({}, { ...TEST_BIND.key, secret: TEST_BIND.outsideKey.secret });
    const sig = await failure(wrongSecret.create({ name, type: 'A', address: '192.0.2.40', ttl: 300 }));
    expect(sig.code).toBe('DNS_AUTH_FAILED');
    expect(sig.details).toMatchObject({ reason: 'BADSIG', key: TEST_BIND.key.name });
    expect(sig.message).not.toContain(TEST_BIND.outsideKey.secret);
    const unknown = provider({}, { ...TEST_BIND.key, name: 'no-such-key' });
    const key = await failure(unknown.test());
    expect(key.code).toBe('DNS_AUTH_FAILED');
    expect(key.details).toMatchObject({ reason: 'BADKEY' });
    expect(await dig(name, 'A')).toEqual([]);
  });

  it('refuses a name outside the zone before sending anything, and a zone the server does not serve', async () => {
    const outside = await failure(provider().create({ name: 'api.example.org', type: 'A', address: '192.0.2.1', ttl: 300 }));
    expect(outside.code).toBe('DNS_REFUSED');
    expect(outside.message).toContain('not inside the zone');
    const otherZone = await failure(provider({ zone: 'elsewhere.test' }).test());
    expect(otherZone.code).toBe('DNS_REFUSED');
  });

  it('says a closed port is unreachable', async () => {
    const error = await failure(provider({ server: { host: '127.0.0.1', port: 1 } }).test());
    expect(error.code).toBe('DNS_UNREACHABLE');
  });
});
