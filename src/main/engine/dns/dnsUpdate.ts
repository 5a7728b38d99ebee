// RFC 2136 UPDATE messages for the records the app keeps: one name, one type (A or AAAA), one
// address. Pure: each function returns the message, unsigned; rfc2136Provider.ts signs and sends it.
//
// The prerequisites are how "never touch a record the app did not create" holds at the server, not
// only in our records, and atomically (the server checks them and applies the update as one):
// - create: the name must not be in use at all (class NONE, type ANY). Someone's A, TXT or CNAME
//   there: YXDOMAIN, and nothing is written. Beside a record the app already holds at the name (its
//   A, when it adds the AAAA): that record must still hold the app's value (class IN with its data)
//   and no RRset of the new type may exist (class NONE, type T).
// - replace (repair, an address change): the RRset must exist (class ANY, type T); then the RRset is
//   deleted (class ANY, type T) and ours added, so a changed value becomes ours again.
// - remove: the RRset must hold exactly our value (class IN with our data, TTL 0: "RRset exists,
//   value dependent"); a record changed outside the app since is left alone (NXRRSET).
import { CLASS, OPCODE, TYPE, flagsOf, ipv4Rdata, ipv6Rdata } from './dnsWire';
import type { DnsMessage, ResourceRecord } from './dnsWire';

export type AddressType = 'A' | 'AAAA';

export interface AddressRecord {
  name: string;
  type: AddressType;
  address: string;
  ttl: number;
}

export function rdataOf(type: AddressType, address: string): Buffer {
  return type === 'A' ? ipv4Rdata(address) : ipv6Rdata(address);
}

function update(id: number, zone: string, prerequisites: ResourceRecord[], updates: ResourceRecord[]): DnsMessage {
  return {
    id,
    flags: flagsOf({ opcode: OPCODE.UPDATE }),
    questions: [{ name: zone, type: TYPE.SOA, class: CLASS.IN }],
    answers: prerequisites,
    authorities: updates,
    additionals: [],
  };
}

const empty = Buffer.alloc(0);

export function createUpdate(id: number, zone: string, record: AddressRecord, alongside: Omit<AddressRecord, 'ttl'> | null = null): DnsMessage {
  const prerequisites: ResourceRecord[] = alongside
    ? [
        { name: alongside.name, type: TYPE[alongside.type], class: CLASS.IN, ttl: 0, rdata: rdataOf(alongside.type, alongside.address) },
        { name: record.name, type: TYPE[record.type], class: CLASS.NONE, ttl: 0, rdata: empty },
      ]
    : [{ name: record.name, type: TYPE.ANY, class: CLASS.NONE, ttl: 0, rdata: empty }];
  return update(id, zone, prerequisites, [
    { name: record.name, type: TYPE[record.type], class: CLASS.IN, ttl: record.ttl, rdata: rdataOf(record.type, record.address) },
  ]);
}

export function replaceUpdate(id: number, zone: string, record: AddressRecord): DnsMessage {
  const type = TYPE[record.type];
  return update(
    id,
    zone,
    [{ name: record.name, type, class: CLASS.ANY, ttl: 0, rdata: empty }],
    [
      { name: record.name, type, class: CLASS.ANY, ttl: 0, rdata: empty },
      { name: record.name, type, class: CLASS.IN, ttl: record.ttl, rdata: rdataOf(record.type, record.address) },
    ],
  );
}

export function removeUpdate(id: number, zone: string, record: Omit<AddressRecord, 'ttl'>): DnsMessage {
  const type = TYPE[record.type];
  return update(
    id,
    zone,
    [{ name: record.name, type, class: CLASS.IN, ttl: 0, rdata: rdataOf(record.type, record.address) }],
    [{ name: record.name, type, class: CLASS.ANY, ttl: 0, rdata: empty }],
  );
}

/** A plain question (no recursion wanted: we ask the zone's authoritative server). */
export function query(id: number, name: string, type: number): DnsMessage {
  return { id, flags: flagsOf({ opcode: OPCODE.QUERY }), questions: [{ name, type, class: CLASS.IN }], answers: [], authorities: [], additionals: [] };
}
