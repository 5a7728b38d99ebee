import { describe, expect, it } from 'vitest';
import type { DnsOwner, DnsRecordRow } from '../store/dnsRepo';
import { desiredRecords, planDns } from './dnsPlan';

const stage: DnsOwner = { ownerKind: 'stage', ownerId: 's1', workloadId: 'w1', workloadName: 'Shop', stageName: 'production', subdomain: 'shop', port: 8080 };
const site: DnsOwner = { ownerKind: 'site', ownerId: 'w2', workloadId: 'w2', workloadName: 'Docs Site', stageName: null, subdomain: null, port: 0 };

function row(over: Partial<DnsRecordRow>): DnsRecordRow {
  return {
    id: 'r1',
    hostId: 'local',
    ownerKind: 'stage',
    ownerId: 's1',
    workloadId: 'w1',
    name: 'shop.tinyforge.test',
    type: 'A',
    value: '192.0.2.1',
    created: true,
    state: 'ok',
    observed: ['192.0.2.1'],
    error: null,
    checkedAt: 1,
    providerId: null,
    ...over,
  };
}

describe('desiredRecords', () => {
  it('gives each deployed stage and site an A and an AAAA at its public name', () => {
    const out = desiredRecords([stage, site], { ipv4: '192.0.2.1', ipv6: '2001:db8::1' }, 'tinyforge.test');
    expect(out.map((d) => `${d.ownerId} ${d.type} ${d.name} ${d.value}`)).toEqual([
      's1 A shop.tinyforge.test 192.0.2.1',
      's1 AAAA shop.tinyforge.test 2001:db8::1',
      'w2 A docs-site.tinyforge.test 192.0.2.1',
      'w2 AAAA docs-site.tinyforge.test 2001:db8::1',
    ]);
  });

  it('uses the stage’s made-up label without a subdomain, only the address types set, and skips a stage without a port', () => {
    const out = desiredRecords(
      [
        { ...stage, subdomain: null },
        { ...stage, ownerId: 's2', port: null },
      ],
      { ipv4: null, ipv6: '2001:db8::1' },
      'tinyforge.test',
    );
    expect(out.map((d) => `${d.ownerId} ${d.type} ${d.name}`)).toEqual(['s1 AAAA production-shop.tinyforge.test']);
  });
});

describe('planDns', () => {
  const want = desiredRecords([stage], { ipv4: '192.0.2.1', ipv6: null }, 'tinyforge.test');

  it('creates what has no row, and checks what matches', () => {
    expect(planDns(want, []).map((a) => a.kind)).toEqual(['create']);
    expect(planDns(want, [row({})]).map((a) => a.kind)).toEqual(['check']);
  });

  it('retries a record never created, moves a renamed one, readdresses a changed address', () => {
    expect(planDns(want, [row({ created: false, state: 'error' })]).map((a) => a.kind)).toEqual(['retry']);
    expect(planDns(want, [row({ name: 'old.tinyforge.test' })]).map((a) => a.kind)).toEqual(['move']);
    expect(planDns(want, [row({ value: '192.0.2.99' })]).map((a) => a.kind)).toEqual(['readdress']);
  });

  it('removes rows nothing wants: the stage is gone, or the address type is no longer set', () => {
    expect(planDns([], [row({})]).map((a) => a.kind)).toEqual(['remove']);
    expect(planDns(want, [row({}), row({ id: 'r2', type: 'AAAA', value: '2001:db8::1' })]).map((a) => `${a.kind}`)).toEqual(['check', 'remove']);
  });

  it('is idempotent: planning what a pass left changes nothing', () => {
    const once = planDns(want, [row({})]);
    expect(planDns(want, [row({})])).toEqual(once);
  });
});
