import { describe, expect, it } from 'vitest';
import {
  CLASS,
  DnsFormatError,
  OPCODE,
  TYPE,
  addressOf,
  decodeMessage,
  decodeName,
  encodeMessage,
  encodeName,
  flagsOf,
  inZone,
  ipv6Rdata,
  normalAddress,
  opcodeOf,
} from './dnsWire';
import { createUpdate, removeUpdate, replaceUpdate, query } from './dnsUpdate';

describe('names', () => {
  it('encodes labels with their lengths and a root byte, the same with or without the trailing dot', () => {
    expect(encodeName('api.example.com').toString('hex')).toBe('03617069076578616d706c6503636f6d00');
    expect(encodeName('api.example.com.')).toEqual(encodeName('api.example.com'));
    expect(encodeName('API.Example.com', true)).toEqual(encodeName('api.example.com'));
    expect(encodeName('.')).toEqual(Buffer.from([0]));
  });

  it('refuses an empty label, a label over 63 bytes, a name over 255 bytes and spaces', () => {
    expect(() => encodeName('a..b')).toThrow(DnsFormatError);
    expect(() => encodeName(`${'a'.repeat(64)}.test`)).toThrow(/longer than 63/);
    expect(() => encodeName(Array.from({ length: 60 }, () => 'abcd').join('.'))).toThrow(/longer than 255/);
    expect(() => encodeName('a b.test')).toThrow(DnsFormatError);
  });

  it('follows compression pointers and refuses a pointer loop or a pointer past the end', () => {
    const msg = Buffer.concat([encodeName('example.com'), Buffer.from([3, 0x61, 0x70, 0x69, 0xc0, 0x00])]);
    expect(decodeName(msg, 13)).toEqual({ name: 'api.example.com', end: 19 });
    expect(() => decodeName(Buffer.from([0xc0, 0x00]), 0)).toThrow(/loop/);
    expect(() => decodeName(Buffer.from([0xc0]), 0)).toThrow(/past the end/);
    expect(() => decodeName(Buffer.from([5, 0x61]), 0)).toThrow(/past the end/);
    expect(() => decodeName(Buffer.from([0x80]), 0)).toThrow(/unknown label type/);
  });

  it('tells whether a name is inside a zone, case-insensitively', () => {
    expect(inZone('api.TinyForge.test', 'tinyforge.test.')).toBe(true);
    expect(inZone('tinyforge.test', 'tinyforge.test')).toBe(true);
    expect(inZone('evil-tinyforge.test', 'tinyforge.test')).toBe(false);
    expect(inZone('test', 'tinyforge.test')).toBe(false);
  });
});

describe('addresses', () => {
  it('writes and reads IPv4 and IPv6, IPv6 in its shortest form', () => {
    expect(addressOf(TYPE.A, Buffer.from([192, 0, 2, 10]))).toBe('192.0.2.10');
    expect(ipv6Rdata('2001:db8::1').toString('hex')).toBe('20010db8000000000000000000000001');
    expect(addressOf(TYPE.AAAA, ipv6Rdata('2001:DB8:0:0:1:0:0:1'))).toBe('2001:db8::1:0:0:1');
    expect(addressOf(TYPE.AAAA, ipv6Rdata('::'))).toBe('::');
    expect(addressOf(TYPE.AAAA, ipv6Rdata('::ffff:192.0.2.1'))).toBe('::ffff:c000:201');
    expect(normalAddress('AAAA', '2001:0db8:0000::0001')).toBe('2001:db8::1');
  });

  it('refuses what is not an address', () => {
    for (const bad of ['256.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.4.5', 'a.b.c.d', '']) expect(() => normalAddress('A', bad), bad).toThrow(DnsFormatError);
    for (const bad of ['2001:db8::1::2', '2001:db8:1:2:3:4:5:6:7', 'g::1', '1:2:3:4:5:6:7', ''])
      expect(() => normalAddress('AAAA', bad), bad).toThrow(DnsFormatError);
  });
});

describe('messages', () => {
  it('round-trips an UPDATE: zone section, prerequisites and updates', () => {
    const msg = replaceUpdate(7, 'tinyforge.test', { name: 'web.tinyforge.test', type: 'AAAA', address: '2001:db8::5', ttl: 120 });
    const back = decodeMessage(encodeMessage(msg));
    expect(opcodeOf(back.flags)).toBe(OPCODE.UPDATE);
    expect(back.id).toBe(7);
    expect(back.questions).toEqual([{ name: 'tinyforge.test', type: TYPE.SOA, class: CLASS.IN }]);
    expect(back.answers.map(({ name, type, class: c, ttl, rdata }) => ({ name, type, class: c, ttl, rdata }))).toEqual(msg.answers);
    expect(back.authorities.map(({ name, type, class: c, ttl, rdata }) => ({ name, type, class: c, ttl, rdata }))).toEqual(msg.authorities);
  });

  it('creates only where the name is not in use: prerequisite class NONE, type ANY', () => {
    const msg = createUpdate(1, 'z.test', { name: 'a.z.test', type: 'A', address: '192.0.2.1', ttl: 300 });
    expect(msg.answers).toEqual([{ name: 'a.z.test', type: TYPE.ANY, class: CLASS.NONE, ttl: 0, rdata: Buffer.alloc(0) }]);
    expect(msg.authorities).toEqual([{ name: 'a.z.test', type: TYPE.A, class: CLASS.IN, ttl: 300, rdata: Buffer.from([192, 0, 2, 1]) }]);
  });

  it('removes only our own value: a value-dependent prerequisite, then the RRset deleted with class ANY', () => {
    const msg = removeUpdate(1, 'z.test', { name: 'a.z.test', type: 'A', address: '192.0.2.1' });
    expect(msg.answers).toEqual([{ name: 'a.z.test', type: TYPE.A, class: CLASS.IN, ttl: 0, rdata: Buffer.from([192, 0, 2, 1]) }]);
    expect(msg.authorities).toEqual([{ name: 'a.z.test', type: TYPE.A, class: CLASS.ANY, ttl: 0, rdata: Buffer.alloc(0) }]);
  });

  it('asks a plain question without recursion', () => {
    const back = decodeMessage(encodeMessage(query(9, 'a.z.test', TYPE.A)));
    expect(back.flags).toBe(flagsOf({ opcode: OPCODE.QUERY }));
    expect(back.questions).toEqual([{ name: 'a.z.test', type: TYPE.A, class: CLASS.IN }]);
  });

  it('refuses a truncated message, a record past the end and trailing bytes', () => {
    const good = encodeMessage(createUpdate(1, 'z.test', { name: 'a.z.test', type: 'A', address: '192.0.2.1', ttl: 300 }));
    expect(() => decodeMessage(good.subarray(0, 11))).toThrow(/at least 12/);
    expect(() => decodeMessage(good.subarray(0, good.length - 1))).toThrow(/past the end/);
    expect(() => decodeMessage(Buffer.concat([good, Buffer.from([0])]))).toThrow(/follow the last record/);
  });
});
