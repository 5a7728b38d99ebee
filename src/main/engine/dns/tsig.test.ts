// TSIG against a vector signed by ISC's own nsupdate (fixtures/nsupdate-tsig-vector.json), and our
// signing checked by round trips: what we sign verifies, any changed byte does not.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CLASS, OPCODE, RCODE, TYPE, addressOf, decodeMessage, encodeMessage, encodeName, encodeRecord, flagsOf } from './dnsWire';
import { createUpdate } from './dnsUpdate';
import { decodeTsigRdata, signMessage, tsigSecretOf, verifyRequest, verifyResponse } from './tsig';
import type { TsigKey } from './tsig';

const vector = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'nsupdate-tsig-vector.json'), 'utf8')) as {
  key: { name: string; algorithm: 'hmac-sha256'; secret: string };
  wire: string;
};
const key: TsigKey = { name: vector.key.name, algorithm: vector.key.algorithm, secret: tsigSecretOf(vector.key.secret) };
const wire = Buffer.from(vector.wire, 'hex');

describe('TSIG: the nsupdate vector', () => {
  it('decodes nsupdate’s compressed UPDATE: zone, the added A record, and its TSIG', () => {
    const m = decodeMessage(wire);
    expect(m.flags).toBe(flagsOf({ opcode: OPCODE.UPDATE }));
    expect(m.questions).toEqual([{ name: 'tinyforge.test', type: TYPE.SOA, class: CLASS.IN }]);
    expect(m.authorities.map((r) => [r.name, r.type, r.class, r.ttl, addressOf(r.type, r.rdata)])).toEqual([
      ['vector.tinyforge.test', TYPE.A, CLASS.IN, 300, '192.0.2.10'],
    ]);
    const tsig = m.additionals[0]!;
    expect([tsig.name, tsig.type, tsig.class]).toEqual(['tinyforge-test-key', TYPE.TSIG, CLASS.ANY]);
    const t = decodeTsigRdata(wire, tsig.rdataOffset, tsig.rdata.length);
    expect(t.algorithm).toBe('hmac-sha256');
    expect(t.mac).toHaveLength(32);
    expect(t.originalId).toBe(m.id);
  });

  it('accepts nsupdate’s MAC with the key, and refuses it with another secret or another key name', () => {
    expect(verifyRequest(wire, key)).toBe(true);
    expect(verifyRequest(wire, { ...key, secret: tsigSecretOf('b3V0c2lkZS10aGUtYXBwLXRzaWctc2VjcmV0LTI1Ng==') })).toBe(false);
    expect(verifyRequest(wire, { ...key, name: 'another-key' })).toBe(false);
  });

  it('computes byte for byte the MAC nsupdate computed, for the same message and time', () => {
    const m = decodeMessage(wire);
    const tsigRecord = m.additionals[0]!;
    const t = decodeTsigRdata(wire, tsigRecord.rdataOffset, tsigRecord.rdata.length);
    const unsigned = Buffer.from(wire.subarray(0, tsigRecord.offset));
    unsigned.writeUInt16BE(0, 10);
    const ours = signMessage(unsigned, key, t.timeSigned, t.fudge);
    expect(ours.mac.toString('hex')).toBe(t.mac.toString('hex'));
    expect(ours.wire.toString('hex')).toBe(wire.toString('hex'));
  });

  it('covers the original ID, not the header’s: a forwarder may change the ID (RFC 8945 4.3.3)', () => {
    const renumbered = Buffer.from(wire);
    renumbered.writeUInt16BE(0x0001, 0);
    expect(verifyRequest(renumbered, key)).toBe(true);
  });

  it('refuses a changed byte anywhere in the signed part', () => {
    for (const at of [2, 3, 5, 13, 40, 60, 70]) {
      const tampered = Buffer.from(wire);
      tampered[at] = tampered[at]! ^ 0x01;
      let ok: boolean;
      try {
        ok = verifyRequest(tampered, key);
      } catch {
        ok = false;
      }
      expect(ok, `byte ${at}`).toBe(false);
    }
  });
});

/** A server's signed answer to `request` (what BIND does, RFC 8945 4.3): for the response checks. */
function serverAnswer(request: Buffer, requestMac: Buffer, signer: TsigKey, timeSigned: number, options: { rcode?: number; tsigError?: number } = {}): Buffer {
  const req = decodeMessage(request);
  const reply = encodeMessage({
    id: req.id,
    flags: flagsOf({ response: true, opcode: OPCODE.UPDATE, rcode: options.rcode ?? RCODE.NOERROR }),
    questions: req.questions,
    answers: [],
    authorities: [],
    additionals: [],
  });
  const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
  const time = Buffer.alloc(6);
  time.writeUInt32BE(timeSigned, 2);
  const vars = Buffer.concat([
    encodeName(signer.name, true),
    u16(CLASS.ANY),
    Buffer.alloc(4),
    encodeName(signer.algorithm, true),
    time,
    u16(300),
    u16(options.tsigError ?? 0),
    u16(0),
  ]);
  const mac = options.tsigError
    ? Buffer.alloc(0)
    : createHmac('sha256', signer.secret)
        .update(Buffer.concat([u16(requestMac.length), requestMac, reply, vars]))
        .digest();
  const rdata = Buffer.concat([encodeName(signer.algorithm), time, u16(300), u16(mac.length), mac, u16(req.id), u16(options.tsigError ?? 0), u16(0)]);
  const out = Buffer.concat([reply, encodeRecord({ name: signer.name, type: TYPE.TSIG, class: CLASS.ANY, ttl: 0, rdata })]);
  out.writeUInt16BE(1, 10);
  return out;
}

describe('TSIG: our signatures and the server’s answers', () => {
  const now = 1_800_000_000;
  const request = () =>
    signMessage(encodeMessage(createUpdate(0x1234, 'tinyforge.test', { name: 'a.tinyforge.test', type: 'A', address: '192.0.2.1', ttl: 300 })), key, now);

  it('signs so that the key verifies it (round trip) and the TSIG is the last additional record', () => {
    const { wire: signed } = request();
    expect(verifyRequest(signed, key)).toBe(true);
    const m = decodeMessage(signed);
    expect(m.additionals.map((r) => r.type)).toEqual([TYPE.TSIG]);
  });

  it('signs with hmac-sha512 too, with a 64-byte MAC', () => {
    const k512: TsigKey = { name: 'k', algorithm: 'hmac-sha512', secret: Buffer.alloc(64, 7) };
    const { wire: signed, mac } = signMessage(
      encodeMessage(createUpdate(1, 'z.test', { name: 'a.z.test', type: 'AAAA', address: '2001:db8::1', ttl: 60 })),
      k512,
      now,
    );
    expect(mac).toHaveLength(64);
    expect(verifyRequest(signed, k512)).toBe(true);
    expect(verifyRequest(signed, { ...k512, algorithm: 'hmac-sha256' })).toBe(false);
  });

  it('trusts a response signed over our request’s MAC', () => {
    const { wire: signed, mac } = request();
    const verdict = verifyResponse(serverAnswer(signed, mac, key, now), key, mac, now + 2);
    expect(verdict.ok).toBe(true);
  });

  it('refuses a response signed over another request’s MAC (a replayed answer)', () => {
    const { wire: signed, mac } = request();
    const other = Buffer.alloc(32, 1);
    const verdict = verifyResponse(serverAnswer(signed, other, key, now), key, mac, now);
    expect(verdict).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a response signed with another secret, outside the fudge, or not signed at all', () => {
    const { wire: signed, mac } = request();
    const impostor = { ...key, secret: Buffer.alloc(32, 9) };
    expect(verifyResponse(serverAnswer(signed, mac, impostor, now), key, mac, now)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(verifyResponse(serverAnswer(signed, mac, key, now), key, mac, now + 301)).toMatchObject({ ok: false, reason: 'bad-time' });
    const unsigned = serverAnswer(signed, mac, key, now).subarray(0, 12 + 20);
    unsigned.writeUInt16BE(0, 10);
    expect(verifyResponse(unsigned, key, mac, now)).toMatchObject({ ok: false, reason: 'unsigned' });
  });

  it('reports the server’s BADSIG as refused, with its TSIG error', () => {
    const { wire: signed, mac } = request();
    const answer = serverAnswer(signed, mac, key, now, { rcode: RCODE.NOTAUTH, tsigError: RCODE.BADSIG });
    expect(verifyResponse(answer, key, mac, now)).toMatchObject({ ok: false, reason: 'refused', tsigError: RCODE.BADSIG });
  });
});

describe('tsigSecretOf', () => {
  it('takes BIND’s base64 secret and refuses what is not one', () => {
    expect(tsigSecretOf(' dGlueWZvcmdlLXRlc3QtdHNpZy1zZWNyZXQtMjU2IQ== ')).toHaveLength(31);
    expect(() => tsigSecretOf('not base64!')).toThrow(/not base64/);
    expect(() => tsigSecretOf('c2hvcnQ=')).toThrow(/shorter than 16/);
    expect(() => tsigSecretOf('')).toThrow(/not base64/);
  });
});
