// RFC 2136 dynamic update signed with TSIG, over TCP to the zone's primary server. Lookups for drift
// are plain queries to the same (authoritative) server, never a recursive resolver, whose cache
// would hide a change for a TTL.
import { randomInt } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { DnsProvider, OwnedRecord } from './dnsProvider';
import { exchangeTcp } from './dnsTcp';
import type { DnsServer } from './dnsTcp';
import { createUpdate, query, removeUpdate, replaceUpdate } from './dnsUpdate';
import type { AddressRecord, AddressType } from './dnsUpdate';
import { DnsFormatError, RCODE, TYPE, addressOf, encodeMessage, inZone, isResponse, rcodeOf, sameName } from './dnsWire';
import type { DecodedMessage, DnsMessage } from './dnsWire';
import { signMessage, verifyResponse } from './tsig';
import type { TsigKey } from './tsig';

export interface Rfc2136Options {
  server: DnsServer;
  zone: string;
  key: TsigKey;
  timeoutMs?: number;
  /** Seconds since the epoch (tests move it). */
  now?: () => number;
}

const RCODE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(RCODE).map(([k, v]) => [v, k]));
const rcodeName = (rcode: number) => RCODE_NAMES[rcode] ?? String(rcode);

export class Rfc2136Provider implements DnsProvider {
  readonly kind = 'rfc2136' as const;
  private readonly controller = new AbortController();
  private readonly where: string;

  constructor(private readonly options: Rfc2136Options) {
    this.where = `${options.server.host}:${options.server.port}`;
  }

  async test(): Promise<void> {
    // A signed SOA query: proves the server answers, knows our key (a wrong key or secret is
    // refused with BADKEY/BADSIG) and is authoritative for the zone.
    const answer = await this.send(query(randomInt(0x10000), this.options.zone, TYPE.SOA));
    const rcode = rcodeOf(answer.flags);
    const authoritative = (answer.flags & 0x0400) !== 0;
    if (rcode !== RCODE.NOERROR || !authoritative || !answer.answers.some((rr) => rr.type === TYPE.SOA && sameName(rr.name, this.options.zone))) {
      throw new AppError(
        'DNS_REFUSED',
        `the DNS server ${this.where} is not authoritative for the zone ${this.options.zone} (it answered ${rcodeName(rcode)}${authoritative ? '' : ', not authoritative'}); check the zone and the server.`,
        { server: this.where, zone: this.options.zone, rcode: rcodeName(rcode) },
      );
    }
  }

  async create(record: AddressRecord, alongside: OwnedRecord | null = null): Promise<string | null> {
    this.inZone(record.name);
    const rcode = rcodeOf((await this.send(createUpdate(randomInt(0x10000), this.options.zone, record, alongside))).flags);
    // YXDOMAIN: the name is in use; with a record of ours beside it, YXRRSET (the type is there)
    // or NXRRSET (ours was changed): someone else's records, either way.
    if (rcode === RCODE.YXDOMAIN || (alongside && (rcode === RCODE.YXRRSET || rcode === RCODE.NXRRSET))) {
      throw new AppError(
        'DNS_RECORD_EXISTS',
        `${record.name} already has DNS records that Tinyforge did not create; it leaves them alone. Remove them on the DNS server, or choose another subdomain.`,
        { name: record.name },
      );
    }
    this.expectNoError(rcode, `create ${record.type} ${record.name}`);
    return null;
  }

  async upsert(record: AddressRecord, _providerId: string | null = null, alongside: OwnedRecord | null = null): Promise<string | null> {
    this.inZone(record.name);
    const rcode = rcodeOf((await this.send(replaceUpdate(randomInt(0x10000), this.options.zone, record))).flags);
    // The RRset went away since we looked (deleted outside the app): recreate it, still never over
    // a name someone else holds now.
    if (rcode === RCODE.NXRRSET) return this.create(record, alongside);
    this.expectNoError(rcode, `update ${record.type} ${record.name}`);
    return null;
  }

  async remove(record: Omit<AddressRecord, 'ttl'>): Promise<'removed' | 'changed' | 'gone'> {
    this.inZone(record.name);
    const rcode = rcodeOf((await this.send(removeUpdate(randomInt(0x10000), this.options.zone, record))).flags);
    if (rcode === RCODE.NOERROR) return 'removed';
    if (rcode === RCODE.NXRRSET) return (await this.lookup(record.name, record.type)).length === 0 ? 'gone' : 'changed';
    this.expectNoError(rcode, `remove ${record.type} ${record.name}`);
    return 'removed';
  }

  async lookup(name: string, type: AddressType): Promise<string[]> {
    this.inZone(name);
    const answer = await this.send(query(randomInt(0x10000), name, TYPE[type]));
    const rcode = rcodeOf(answer.flags);
    if (rcode === RCODE.NXDOMAIN) return [];
    this.expectNoError(rcode, `look up ${type} ${name}`);
    return answer.answers.filter((rr) => rr.type === TYPE[type] && sameName(rr.name, name)).map((rr) => addressOf(rr.type, rr.rdata));
  }

  async close(): Promise<void> {
    this.controller.abort();
  }

  private inZone(name: string): void {
    if (!inZone(name, this.options.zone)) {
      throw new AppError('DNS_REFUSED', `${name} is not inside the zone ${this.options.zone}; set the host's domain to a name under the zone.`, {
        name,
        zone: this.options.zone,
      });
    }
  }

  private expectNoError(rcode: number, what: string): void {
    if (rcode === RCODE.NOERROR) return;
    const hint =
      rcode === RCODE.REFUSED
        ? ' The server does not allow this key to update the zone (its update-policy or allow-update).'
        : rcode === RCODE.NOTZONE || rcode === RCODE.NOTAUTH
          ? ` The server is not the primary of ${this.options.zone}.`
          : '';
    throw new AppError('DNS_REFUSED', `the DNS server ${this.where} refused to ${what}: ${rcodeName(rcode)}.${hint}`, {
      server: this.where,
      rcode: rcodeName(rcode),
    });
  }

  /** Signs, sends, and accepts only an answer to this question carrying the server's valid TSIG. */
  private async send(message: DnsMessage): Promise<DecodedMessage> {
    const now = this.options.now ?? (() => Date.now() / 1000);
    const { wire, mac } = signMessage(encodeMessage(message), this.options.key, now());
    const answer = await exchangeTcp(this.options.server, wire, this.options.timeoutMs ?? 10_000, this.controller.signal);
    let verdict;
    try {
      verdict = verifyResponse(answer, this.options.key, mac, now());
    } catch (error) {
      if (error instanceof DnsFormatError)
        throw new AppError('DNS_PROTOCOL', `the DNS server ${this.where} sent an answer that cannot be read: ${error.message}.`, { server: this.where });
      throw error;
    }
    const reply = verdict.message;
    if (reply.id !== message.id || !isResponse(reply.flags)) {
      throw new AppError('DNS_PROTOCOL', `the DNS server ${this.where} answered another question.`, { server: this.where });
    }
    if (!verdict.ok) {
      if (verdict.reason === 'refused' || (verdict.reason === 'unsigned' && rcodeOf(reply.flags) === RCODE.NOTAUTH)) {
        const tsigError = verdict.reason === 'refused' && verdict.tsigError !== 0 ? rcodeName(verdict.tsigError) : 'NOTAUTH';
        throw new AppError(
          'DNS_AUTH_FAILED',
          `the DNS server ${this.where} refused the TSIG key ${this.options.key.name} (${tsigError}): check the key name, algorithm and secret, and that this computer's clock is right.`,
          { server: this.where, reason: tsigError, key: this.options.key.name },
        );
      }
      throw new AppError(
        'DNS_AUTH_FAILED',
        `the answer from ${this.where} is not signed with the TSIG key ${this.options.key.name} (${verdict.reason}); it was not trusted.`,
        { server: this.where, reason: verdict.reason, key: this.options.key.name },
      );
    }
    return reply;
  }
}
