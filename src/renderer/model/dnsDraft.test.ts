import { describe, expect, it } from 'vitest';
import { validateCallInput } from './formIssues';
import { dnsDraftOf, dnsSettingsFrom } from './dnsDraft';

describe('dnsDraft', () => {
  it('turns a typed RFC 2136 form into settings, leaving an empty secret out so the known one is kept', () => {
    const draft = { ...dnsDraftOf(undefined), kind: 'rfc2136' as const, ipv4: ' 203.0.113.5 ', zone: 'example.com', server: 'ns1.example.com', keyName: 'tf' };
    expect(dnsSettingsFrom(draft, '')).toEqual({
      kind: 'rfc2136',
      ipv4: '203.0.113.5',
      ipv6: null,
      zone: 'example.com',
      server: 'ns1.example.com',
      port: 53,
      keyName: 'tf',
      algorithm: 'hmac-sha256',
    });
    expect(dnsSettingsFrom(draft, 'c2VjcmV0')).toMatchObject({ secret: 'c2VjcmV0' });
  });

  it('sends a Cloudflare token as `token`, and a port that is not a number as NaN for the schema to name', () => {
    expect(dnsSettingsFrom({ ...dnsDraftOf(undefined), kind: 'cloudflare', ipv6: '2001:db8::1', zone: 'example.com' }, 'tok')).toEqual({
      kind: 'cloudflare',
      ipv4: null,
      ipv6: '2001:db8::1',
      zone: 'example.com',
      token: 'tok',
    });
    const input = {
      hostId: 'local',
      settings: dnsSettingsFrom(
        { ...dnsDraftOf(undefined), kind: 'rfc2136', ipv4: '1.2.3.4', zone: 'z.test', server: 's', keyName: 'k', port: 'x' },
        'c2VjcmV0',
      ),
    };
    expect(validateCallInput('dns.setSettings', input).map((i) => i.path)).toEqual(['settings.port']);
  });

  it('reads a saved view back into the same draft', () => {
    const draft = dnsDraftOf({
      hostId: 'local',
      kind: 'rfc2136',
      ipv4: '203.0.113.5',
      ipv6: null,
      zone: 'example.com',
      rfc2136: { server: 'ns1', port: 5353, keyName: 'tf', algorithm: 'hmac-sha512' },
      secret: 'session',
    });
    expect(draft).toEqual({
      kind: 'rfc2136',
      ipv4: '203.0.113.5',
      ipv6: '',
      zone: 'example.com',
      server: 'ns1',
      port: '5353',
      keyName: 'tf',
      algorithm: 'hmac-sha512',
    });
  });
});
