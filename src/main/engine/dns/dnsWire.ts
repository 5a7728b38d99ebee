// The DNS message format (RFC 1035 section 4, RFC 2136 section 2 for UPDATE's section meanings), as
// pure functions over bytes. Encoding never compresses names: TSIG's MAC covers the message as sent,
// and an uncompressed message is what every server accepts. Decoding follows compression pointers
// (servers compress their answers), refusing pointer loops and anything that runs past the end.

export const TYPE = { A: 1, NS: 2, CNAME: 5, SOA: 6, TXT: 16, AAAA: 28, TSIG: 250, ANY: 255 } as const;
export const CLASS = { IN: 1, NONE: 254, ANY: 255 } as const;
export const OPCODE = { QUERY: 0, UPDATE: 5 } as const;
/** Response codes, with TSIG's extended errors (RFC 8945 section 3). */
export const RCODE = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
  YXDOMAIN: 6,
  YXRRSET: 7,
  NXRRSET: 8,
  NOTAUTH: 9,
  NOTZONE: 10,
  BADSIG: 16,
  BADKEY: 17,
  BADTIME: 18,
  BADTRUNC: 22,
} as const;

export interface Question {
  name: string;
  type: number;
  class: number;
}

export interface ResourceRecord {
  name: string;
  type: number;
  class: number;
  ttl: number;
  rdata: Buffer;
}

export interface DnsMessage {
  id: number;
  /** The whole second 16-bit word of the header (QR, opcode, AA, TC, RD, RA, Z, rcode). */
  flags: number;
  /** Queries: the question; UPDATE: the zone section. */
  questions: Question[];
  /** Queries: the answer; UPDATE: the prerequisites. */
  answers: ResourceRecord[];
  /** Queries: the authority; UPDATE: the updates. */
  authorities: ResourceRecord[];
  additionals: ResourceRecord[];
}

export class DnsFormatError extends Error {}

export function flagsOf(opts: { response?: boolean; opcode: number; recursionDesired?: boolean; rcode?: number }): number {
  return ((opts.response ? 1 : 0) << 15) | ((opts.opcode & 0xf) << 11) | ((opts.recursionDesired ? 1 : 0) << 8) | ((opts.rcode ?? 0) & 0xf);
}

export const opcodeOf = (flags: number): number => (flags >> 11) & 0xf;
export const rcodeOf = (flags: number): number => flags & 0xf;
export const isResponse = (flags: number): boolean => (flags & 0x8000) !== 0;

/** A name's labels, without the root. `example.com.` and `example.com` are the same name. */
export function labelsOf(name: string): string[] {
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
  if (trimmed === '') return [];
  const labels = trimmed.split('.');
  for (const label of labels) {
    if (label.length === 0) throw new DnsFormatError(`the name "${name}" has an empty label`);
    if (Buffer.byteLength(label, 'ascii') > 63) throw new DnsFormatError(`the label "${label}" is longer than 63 bytes`);
    if (!/^[\x21-\x7e]+$/.test(label)) throw new DnsFormatError(`the label "${label}" holds a character a DNS name cannot carry here`);
  }
  return labels;
}

/** The name in wire form, uncompressed; lower-cased when `canonical` (TSIG's MAC input, RFC 8945 4.3.3). */
export function encodeName(name: string, canonical = false): Buffer {
  const parts: Buffer[] = [];
  for (const label of labelsOf(name)) {
    const bytes = Buffer.from(canonical ? label.toLowerCase() : label, 'ascii');
    parts.push(Buffer.from([bytes.length]), bytes);
  }
  parts.push(Buffer.from([0]));
  const wire = Buffer.concat(parts);
  if (wire.length > 255) throw new DnsFormatError(`the name "${name}" is longer than 255 bytes`);
  return wire;
}

/** Reads a (possibly compressed) name at `offset`; returns it without the trailing dot, and where it ends. */
export function decodeName(buf: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let at = offset;
  let end = -1;
  let jumps = 0;
  for (;;) {
    if (at >= buf.length) throw new DnsFormatError('a name runs past the end of the message');
    const len = buf[at]!;
    if ((len & 0xc0) === 0xc0) {
      if (at + 1 >= buf.length) throw new DnsFormatError('a compression pointer runs past the end of the message');
      if (++jumps > 64) throw new DnsFormatError('a name has a compression pointer loop');
      if (end < 0) end = at + 2;
      at = ((len & 0x3f) << 8) | buf[at + 1]!;
      continue;
    }
    if ((len & 0xc0) !== 0) throw new DnsFormatError(`a name has an unknown label type 0x${len.toString(16)}`);
    if (len === 0) {
      if (end < 0) end = at + 1;
      break;
    }
    if (at + 1 + len > buf.length) throw new DnsFormatError('a label runs past the end of the message');
    labels.push(buf.toString('latin1', at + 1, at + 1 + len));
    at += 1 + len;
  }
  return { name: labels.join('.'), end };
}

function u16(value: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(value);
  return b;
}

export function encodeRecord(rr: ResourceRecord): Buffer {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(rr.type, 0);
  fixed.writeUInt16BE(rr.class, 2);
  fixed.writeUInt32BE(rr.ttl >>> 0, 4);
  fixed.writeUInt16BE(rr.rdata.length, 8);
  return Buffer.concat([encodeName(rr.name), fixed, rr.rdata]);
}

export function encodeHeader(msg: Pick<DnsMessage, 'id' | 'flags'>, counts: [number, number, number, number]): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(msg.id, 0);
  header.writeUInt16BE(msg.flags, 2);
  counts.forEach((n, i) => header.writeUInt16BE(n, 4 + i * 2));
  return header;
}

export function encodeMessage(msg: DnsMessage): Buffer {
  const questions = msg.questions.map((q) => Buffer.concat([encodeName(q.name), u16(q.type), u16(q.class)]));
  return Buffer.concat([
    encodeHeader(msg, [msg.questions.length, msg.answers.length, msg.authorities.length, msg.additionals.length]),
    ...questions,
    ...msg.answers.map(encodeRecord),
    ...msg.authorities.map(encodeRecord),
    ...msg.additionals.map(encodeRecord),
  ]);
}

/** A record as decoded, with where it started in the message (TSIG verification cuts there). */
export interface DecodedRecord extends ResourceRecord {
  offset: number;
  /** Where the rdata starts in the message: names inside it may point back into the message. */
  rdataOffset: number;
}

export interface DecodedMessage extends DnsMessage {
  answers: DecodedRecord[];
  authorities: DecodedRecord[];
  additionals: DecodedRecord[];
}

export function decodeMessage(buf: Buffer): DecodedMessage {
  if (buf.length < 12) throw new DnsFormatError(`a DNS message is at least 12 bytes; got ${buf.length}`);
  const counts = [4, 6, 8, 10].map((o) => buf.readUInt16BE(o)) as [number, number, number, number];
  let at = 12;
  const questions: Question[] = [];
  for (let i = 0; i < counts[0]; i += 1) {
    const { name, end } = decodeName(buf, at);
    if (end + 4 > buf.length) throw new DnsFormatError('a question runs past the end of the message');
    questions.push({ name, type: buf.readUInt16BE(end), class: buf.readUInt16BE(end + 2) });
    at = end + 4;
  }
  const section = (count: number): DecodedRecord[] => {
    const records: DecodedRecord[] = [];
    for (let i = 0; i < count; i += 1) {
      const offset = at;
      const { name, end } = decodeName(buf, at);
      if (end + 10 > buf.length) throw new DnsFormatError('a record runs past the end of the message');
      const length = buf.readUInt16BE(end + 8);
      if (end + 10 + length > buf.length) throw new DnsFormatError('a record data runs past the end of the message');
      records.push({
        name,
        type: buf.readUInt16BE(end),
        class: buf.readUInt16BE(end + 2),
        ttl: buf.readUInt32BE(end + 4),
        rdata: buf.subarray(end + 10, end + 10 + length),
        offset,
        rdataOffset: end + 10,
      });
      at = end + 10 + length;
    }
    return records;
  };
  const answers = section(counts[1]);
  const authorities = section(counts[2]);
  const additionals = section(counts[3]);
  if (at !== buf.length) throw new DnsFormatError(`${buf.length - at} bytes follow the last record`);
  return { id: buf.readUInt16BE(0), flags: buf.readUInt16BE(2), questions, answers, authorities, additionals };
}

/** An IPv4 address as A record data. */
export function ipv4Rdata(address: string): Buffer {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255)) {
    throw new DnsFormatError(`"${address}" is not an IPv4 address`);
  }
  return Buffer.from(parts.map(Number));
}

/** An IPv6 address as AAAA record data (with `::` and an embedded IPv4 tail). */
export function ipv6Rdata(address: string): Buffer {
  let text = address;
  const tail: number[] = [];
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const b = ipv4Rdata(v4[2]!);
    tail.push(b.readUInt16BE(0), b.readUInt16BE(2));
    text = v4[1]!.endsWith('::') ? v4[1]! : v4[1]!.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) throw new DnsFormatError(`"${address}" is not an IPv6 address`);
  const group = (s: string): number[] =>
    s === ''
      ? []
      : s.split(':').map((g) => {
          if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw new DnsFormatError(`"${address}" is not an IPv6 address`);
          return parseInt(g, 16);
        });
  const head = group(halves[0]!);
  const rest = halves.length === 2 ? group(halves[1]!) : [];
  const known = head.length + rest.length + tail.length;
  if (halves.length === 1 ? known !== 8 : known > 7) throw new DnsFormatError(`"${address}" is not an IPv6 address`);
  const words = [...head, ...Array<number>(8 - known).fill(0), ...rest, ...tail];
  const out = Buffer.alloc(16);
  words.forEach((w, i) => out.writeUInt16BE(w, i * 2));
  return out;
}

/** A or AAAA data as the address's usual text (IPv6 in RFC 5952's shortest form). */
export function addressOf(type: number, rdata: Buffer): string {
  if (type === TYPE.A && rdata.length === 4) return [...rdata].join('.');
  if (type === TYPE.AAAA && rdata.length === 16) {
    const words = Array.from({ length: 8 }, (_, i) => rdata.readUInt16BE(i * 2));
    let best = { at: -1, len: 0 };
    for (let i = 0; i < 8;) {
      if (words[i] !== 0) {
        i += 1;
        continue;
      }
      let j = i;
      while (j < 8 && words[j] === 0) j += 1;
      if (j - i > best.len) best = { at: i, len: j - i };
      i = j;
    }
    const hex = words.map((w) => w.toString(16));
    if (best.len < 2) return hex.join(':');
    return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
  }
  throw new DnsFormatError(`record data of ${rdata.length} bytes is not an ${type === TYPE.A ? 'A' : 'AAAA'} address`);
}

/** Canonical text of an address (so `2001:DB8:0::1` and `2001:db8::1` compare equal); throws on a bad one. */
export function normalAddress(type: 'A' | 'AAAA', address: string): string {
  return type === 'A' ? addressOf(TYPE.A, ipv4Rdata(address)) : addressOf(TYPE.AAAA, ipv6Rdata(address));
}

/** Names compare case-insensitively and without the root dot. */
export function sameName(a: string, b: string): boolean {
  const strip = (n: string) => (n.endsWith('.') ? n.slice(0, -1) : n).toLowerCase();
  return strip(a) === strip(b);
}

/** Whether `name` is `zone` or below it. */
export function inZone(name: string, zone: string): boolean {
  const n = labelsOf(name).map((l) => l.toLowerCase());
  const z = labelsOf(zone).map((l) => l.toLowerCase());
  if (z.length > n.length) return false;
  return z.every((label, i) => n[n.length - z.length + i] === label);
}
