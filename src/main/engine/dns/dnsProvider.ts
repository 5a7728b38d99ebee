// What the DNS room asks of a DNS provider, like ProxyDriver for proxies: create a record the app
// will own, point an owned record at an address again, remove it, and look a name up. Two providers
// implement it: RFC 2136 dynamic update with TSIG (rfc2136Provider.ts: BIND, Knot, PowerDNS) and
// Cloudflare's API v4 (cloudflareProvider.ts).
//
// Ownership is the caller's: the dns_records table says which records the app created. A provider
// only promises never to overwrite a name someone else holds (`create` refuses with
// DNS_RECORD_EXISTS) and never to delete a record that no longer holds the app's value.
import type { AddressRecord, AddressType } from './dnsUpdate';

export type { AddressRecord, AddressType };

/** A record the app created and holds (its id at the provider, for Cloudflare). */
export interface OwnedRecord {
  name: string;
  type: AddressType;
  address: string;
  providerId: string | null;
}

export interface DnsProvider {
  readonly kind: 'rfc2136' | 'cloudflare';
  /** Checks that the provider answers, accepts our credentials and serves the zone. */
  test(): Promise<void>;
  /**
   * Creates the record. DNS_RECORD_EXISTS when the name already holds a record (of any type, for
   * RFC 2136; any, for Cloudflare): the app never takes over a name. `alongside`: the app's own
   * record already at the name (its A, when the AAAA is added), the one record allowed there.
   * Resolves with the provider's id for the record (Cloudflare), or null.
   */
  create(record: AddressRecord, alongside?: OwnedRecord | null): Promise<string | null>;
  /** Points an owned record at `record.address` again, whatever it holds now (repair); recreates it, as create would, when it is gone. */
  upsert(record: AddressRecord, providerId: string | null, alongside?: OwnedRecord | null): Promise<string | null>;
  /**
   * Removes an owned record if it still holds `record.address`. `changed`: it holds something else
   * now and was left alone; `gone`: there was nothing to remove.
   */
  remove(record: Omit<AddressRecord, 'ttl'>, providerId: string | null): Promise<'removed' | 'changed' | 'gone'>;
  /** The addresses `name` holds for `type` now (empty: none), as the provider serves them. */
  lookup(name: string, type: AddressType): Promise<string[]>;
  close(): Promise<void>;
}

/** The TTL the app gives its records: short, so a repair or a new address reaches resolvers soon. */
export const RECORD_TTL = 300;
