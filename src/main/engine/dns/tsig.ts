// TSIG (RFC 8945): a shared-secret HMAC over a DNS message, carried as the last record of its
// additional section. Signing and verifying are pure: the clock is passed in.
//
// What the MAC covers (section 4.3): for a response, the request's MAC (with its 2-byte length);
// then the message as sent but without the TSIG record (ARCOUNT one less, the ID the original one);
// then the "TSIG variables": key name and algorithm name in canonical (lower-case, uncompressed) wire
// form, class ANY, TTL 0, time signed (48 bits), fudge, error, other length and other data.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { CLASS, DnsFormatError, RCODE, TYPE, decodeMessage, decodeName, encodeName, encodeRecord, rcodeOf } from './dnsWire';
import type { DecodedMessage } from './dnsWire';

export const TSIG_ALGORITHMS = { 'hmac-sha256': 'sha256', 'hmac-sha512': 'sha512' } as const;
export type TsigAlgorithm = keyof typeof TSIG_ALGORITHMS;

export interface TsigKey {
  name: string;
  algorithm: TsigAlgorithm;
  /** The key's bytes (the base64 `secret` of a BIND key statement, decoded). */
  secret: Buffer;
}

/** RFC 8945 section 10 recommends 300 s. */
export const DEFAULT_FUDGE = 300;

export interface TsigRecord {
  algorithm: string;
  timeSigned: number;
  fudge: number;
  mac: Buffer;
  originalId: number;
  error: number;
  other: Buffer;
}

export function decodeTsigRdata(message: Buffer, rdataOffset: number, rdataLength: number): TsigRecord {
  const { name: algorithm, end } = decodeName(message, rdataOffset);
  const stop = rdataOffset + rdataLength;
  if (end + 10 > stop) throw new DnsFormatError('a TSIG record is too short');
  const timeSigned = message.readUInt16BE(end) * 2 ** 32 + message.readUInt32BE(end + 2);
  const fudge = message.readUInt16BE(end + 6);
  const macSize = message.readUInt16BE(end + 8);
  const macEnd = end + 10 + macSize;
  if (macEnd + 6 > stop) throw new DnsFormatError('a TSIG record is too short for its MAC');
  const otherLen = message.readUInt16BE(macEnd + 4);
  if (macEnd + 6 + otherLen !== stop) throw new DnsFormatError('a TSIG record length does not match its contents');
  return {
    algorithm,
    timeSigned,
    fudge,
    mac: message.subarray(end + 10, macEnd),
    originalId: message.readUInt16BE(macEnd),
    error: message.readUInt16BE(macEnd + 2),
    other: message.subarray(macEnd + 6, stop),
  };
}

function time48(seconds: number): Buffer {
  const b = Buffer.alloc(6);
  b.writeUInt16BE(Math.floor(seconds / 2 ** 32) & 0xffff, 0);
  b.writeUInt32BE((seconds % 2 ** 32) >>> 0, 2);
  return b;
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

function variables(key: TsigKey, t: Pick<TsigRecord, 'timeSigned' | 'fudge' | 'error' | 'other'>): Buffer {
  const fixed = Buffer.alloc(6);
  fixed.writeUInt16BE(CLASS.ANY, 0);
  fixed.writeUInt32BE(0, 2);
  return Buffer.concat([
    encodeName(key.name, true),
    fixed,
    encodeName(key.algorithm, true),
    time48(t.timeSigned),
    u16(t.fudge),
    u16(t.error),
    u16(t.other.length),
    t.other,
  ]);
}

/** The record names this key and algorithm (names compare case-insensitively, RFC 4343). */
function namesKey(recordName: string, algorithm: string, key: TsigKey): boolean {
  return recordName.toLowerCase() === key.name.toLowerCase().replace(/\.$/, '') && algorithm.toLowerCase() === key.algorithm;
}

function mac(key: TsigKey, parts: Buffer[]): Buffer {
  const hmac = createHmac(TSIG_ALGORITHMS[key.algorithm], key.secret);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}

/**
 * Appends a TSIG record to an encoded message (ARCOUNT raised by one). Returns the signed message
 * and its MAC, which verifying the response needs.
 */
export function signMessage(message: Buffer, key: TsigKey, nowSeconds: number, fudge = DEFAULT_FUDGE): { wire: Buffer; mac: Buffer } {
  const t = { timeSigned: Math.floor(nowSeconds), fudge, error: 0, other: Buffer.alloc(0) };
  const digest = mac(key, [message, variables(key, t)]);
  const rdata = Buffer.concat([
    encodeName(key.algorithm),
    time48(t.timeSigned),
    u16(fudge),
    u16(digest.length),
    digest,
    message.subarray(0, 2),
    u16(0),
    u16(0),
  ]);
  const record = encodeRecord({ name: key.name, type: TYPE.TSIG, class: CLASS.ANY, ttl: 0, rdata });
  const wire = Buffer.concat([message, record]);
  wire.writeUInt16BE(message.readUInt16BE(10) + 1, 10);
  return { wire, mac: digest };
}

export type TsigVerdict =
  | { ok: true; message: DecodedMessage }
  /** The server answered without a TSIG: a server that has no such key answers so, or an impostor. */
  | { ok: false; reason: 'unsigned'; message: DecodedMessage }
  /** The server's TSIG says it refused ours (BADKEY, BADSIG, BADTIME): nothing was done. */
  | { ok: false; reason: 'refused'; tsigError: number; message: DecodedMessage }
  /** The answer's own signature is wrong, or names another key, or its time is off. */
  | { ok: false; reason: 'bad-signature' | 'bad-time' | 'wrong-key'; message: DecodedMessage };

/**
 * Checks a signed response against the request's MAC. A response whose TSIG carries an error
 * (the server refused our signature) is unsigned by design (RFC 8945 5.3.2): it is reported as
 * `refused`, not trusted as an answer.
 */
export function verifyResponse(wire: Buffer, key: TsigKey, requestMac: Buffer, nowSeconds: number): TsigVerdict {
  const message = decodeMessage(wire);
  const last = message.additionals[message.additionals.length - 1];
  if (!last || last.type !== TYPE.TSIG) return { ok: false, reason: 'unsigned', message };
  const tsig = decodeTsigRdata(wire, last.rdataOffset, last.rdata.length);
  if (tsig.error !== 0 || rcodeOf(message.flags) === RCODE.NOTAUTH) {
    return { ok: false, reason: 'refused', tsigError: tsig.error, message };
  }
  if (!namesKey(last.name, tsig.algorithm, key)) {
    return { ok: false, reason: 'wrong-key', message };
  }
  const unsigned = Buffer.from(wire.subarray(0, last.offset));
  unsigned.writeUInt16BE(message.additionals.length - 1, 10);
  unsigned.writeUInt16BE(tsig.originalId, 0);
  const expected = mac(key, [u16(requestMac.length), requestMac, unsigned, variables(key, tsig)]);
  // RFC 8945 5.2.2.1: a truncated MAC is allowed down to half the hash (and 10 bytes); we sign in
  // full and accept no shorter MAC than that.
  if (tsig.mac.length < Math.max(10, expected.length / 2) || tsig.mac.length > expected.length) return { ok: false, reason: 'bad-signature', message };
  if (!timingSafeEqual(tsig.mac, expected.subarray(0, tsig.mac.length))) return { ok: false, reason: 'bad-signature', message };
  if (Math.abs(nowSeconds - tsig.timeSigned) > tsig.fudge) return { ok: false, reason: 'bad-time', message };
  return { ok: true, message };
}

/**
 * Checks a signed request (the server's side), for tests that hold a recorded signed message:
 * returns whether its MAC is right for `key`.
 */
export function verifyRequest(wire: Buffer, key: TsigKey): boolean {
  const message = decodeMessage(wire);
  const last = message.additionals[message.additionals.length - 1];
  if (!last || last.type !== TYPE.TSIG) return false;
  const tsig = decodeTsigRdata(wire, last.rdataOffset, last.rdata.length);
  if (!namesKey(last.name, tsig.algorithm, key)) return false;
  const unsigned = Buffer.from(wire.subarray(0, last.offset));
  unsigned.writeUInt16BE(message.additionals.length - 1, 10);
  unsigned.writeUInt16BE(tsig.originalId, 0);
  const expected = mac(key, [unsigned, variables(key, tsig)]);
  return tsig.mac.length === expected.length && timingSafeEqual(tsig.mac, expected);
}

/** Decodes a base64 key secret as BIND writes it; refuses anything else. */
export function tsigSecretOf(base64: string): Buffer {
  const text = base64.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) throw new DnsFormatError('the TSIG secret is not base64');
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length < 16) throw new DnsFormatError('the TSIG secret is shorter than 16 bytes');
  return bytes;
}
