// Cloudflare's API v4 dns_records endpoints with an API token (Bearer), for a zone named by its
// domain (its id is looked up once with GET /zones?name=). Records are created unproxied: the
// address is the host's own, and Cloudflare's proxy would hide it behind Cloudflare's.
//
// Cloudflare accepts several records of one name (it refuses only an identical one, 81057, or an
// A/AAAA beside a CNAME, 81053), so "never take over a name" is our check: create first lists the
// name and refuses if anything is there. Between that list and the POST another client could add a
// record; Cloudflare has no prerequisite like RFC 2136's to close that gap, and the next pass would
// show the extra address as drift.
import { AppError } from '../../../shared/errors';
import type { DnsProvider, OwnedRecord } from './dnsProvider';
import type { AddressRecord, AddressType } from './dnsUpdate';
import { normalAddress, sameName } from './dnsWire';

export const CLOUDFLARE_API = 'https://api.cloudflare.com/client/v4';

export interface CloudflareOptions {
  token: string;
  zone: string;
  /** The API's base URL (tests point it at a local replay of the recorded contract). */
  baseUrl?: string;
  timeoutMs?: number;
}

interface CfRecord {
  id: string;
  name: string;
  type: string;
  content: string;
}

interface CfEnvelope {
  success?: boolean;
  errors?: { code?: number; message?: string }[];
  result?: unknown;
}

/** The comment on every record the app creates, for whoever looks in Cloudflare's dashboard. */
export const RECORD_COMMENT = 'Managed by Tinyforge Desktop';

export class CloudflareProvider implements DnsProvider {
  readonly kind = 'cloudflare' as const;
  private readonly base: string;
  private readonly lifetime = new AbortController();
  private zoneId: string | null = null;

  constructor(private readonly options: CloudflareOptions) {
    this.base = (options.baseUrl ?? CLOUDFLARE_API).replace(/\/$/, '');
  }

  async test(): Promise<void> {
    await this.zone();
  }

  async create(record: AddressRecord, alongside: OwnedRecord | null = null): Promise<string | null> {
    const zone = await this.zone();
    const present = (await this.named(record.name)).filter(
      (r) => !(alongside?.providerId && r.id === alongside.providerId && sameAddress(alongside.type, r.content, alongside.address)),
    );
    if (present.length > 0) {
      throw new AppError(
        'DNS_RECORD_EXISTS',
        `${record.name} already has DNS records that Tinyforge did not create (${present.map((r) => r.type).join(', ')}); it leaves them alone. Remove them in Cloudflare, or choose another subdomain.`,
        { name: record.name },
      );
    }
    const created = (await this.call('create the record', 'POST', `/zones/${zone}/dns_records`, this.body(record))) as CfRecord;
    return created.id;
  }

  async upsert(record: AddressRecord, providerId: string | null, alongside: OwnedRecord | null = null): Promise<string | null> {
    const zone = await this.zone();
    if (providerId === null || (await this.byId(providerId)) === null) return this.create(record, alongside);
    const updated = (await this.call(
      'update the record',
      'PUT',
      `/zones/${zone}/dns_records/${encodeURIComponent(providerId)}`,
      this.body(record),
    )) as CfRecord;
    return updated.id;
  }

  async remove(record: Omit<AddressRecord, 'ttl'>, providerId: string | null): Promise<'removed' | 'changed' | 'gone'> {
    const zone = await this.zone();
    if (providerId === null) return 'gone';
    const current = await this.byId(providerId);
    if (current === null) return 'gone';
    if (!sameName(current.name, record.name) || current.type !== record.type || !sameAddress(record.type, current.content, record.address)) return 'changed';
    await this.call('remove the record', 'DELETE', `/zones/${zone}/dns_records/${encodeURIComponent(providerId)}`);
    return 'removed';
  }

  async lookup(name: string, type: AddressType): Promise<string[]> {
    return (await this.named(name)).filter((r) => r.type === type).map((r) => normalAddress(type, r.content));
  }

  async close(): Promise<void> {
    this.lifetime.abort();
  }

  private body(record: AddressRecord) {
    return { type: record.type, name: record.name, content: record.address, ttl: record.ttl, proxied: false, comment: RECORD_COMMENT };
  }

  private async zone(): Promise<string> {
    if (this.zoneId) return this.zoneId;
    const zones = (await this.call('find the zone', 'GET', `/zones?name=${encodeURIComponent(this.options.zone)}`)) as { id: string; name: string }[];
    const zone = Array.isArray(zones) ? zones.find((z) => sameName(z.name, this.options.zone)) : undefined;
    if (!zone) {
      throw new AppError(
        'DNS_REFUSED',
        `Cloudflare has no zone ${this.options.zone} that this API token can read; check the zone name and that the token has Zone Read and DNS Edit on it.`,
        { zone: this.options.zone },
      );
    }
    this.zoneId = zone.id;
    return zone.id;
  }

  private async named(name: string): Promise<CfRecord[]> {
    const zone = await this.zone();
    const records = (await this.call('list the records', 'GET', `/zones/${zone}/dns_records?name=${encodeURIComponent(name)}&per_page=100`)) as CfRecord[];
    return records.filter((r) => sameName(r.name, name));
  }

  private async byId(id: string): Promise<CfRecord | null> {
    const zone = await this.zone();
    try {
      return (await this.call('read the record', 'GET', `/zones/${zone}/dns_records/${encodeURIComponent(id)}`)) as CfRecord;
    } catch (error) {
      if (error instanceof AppError && error.details?.status === 404) return null;
      throw error;
    }
  }

  private async call(what: string, method: string, path: string, body?: unknown): Promise<unknown> {
    const signal = AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs ?? 15_000), this.lifetime.signal]);
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.options.token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new AppError(
        'DNS_UNREACHABLE',
        `could not reach Cloudflare's API to ${what}${timedOut ? ': it did not answer in time' : ''}; check this computer's connection.`,
        {
          server: this.base,
        },
      );
    }
    let envelope: CfEnvelope;
    try {
      envelope = (await response.json()) as CfEnvelope;
    } catch {
      throw new AppError('DNS_PROTOCOL', `Cloudflare's API answered ${response.status} to ${what} with something that is not JSON.`, {
        server: this.base,
        status: response.status,
      });
    }
    if (response.ok && envelope.success === true) return envelope.result;
    const errors = (envelope.errors ?? []).map((e) => `${e.message ?? 'error'} (${e.code ?? '?'})`).join('; ') || `status ${response.status}`;
    const codes = (envelope.errors ?? []).map((e) => e.code ?? 0);
    if (response.status === 401 || response.status === 403) {
      throw new AppError(
        'DNS_AUTH_FAILED',
        `Cloudflare refused the API token when asked to ${what}: ${errors}. Check the token and that it has DNS Edit on ${this.options.zone}.`,
        {
          status: response.status,
          reason: errors,
        },
      );
    }
    if (codes.includes(81053) || codes.includes(81057)) {
      throw new AppError('DNS_RECORD_EXISTS', `Cloudflare already holds a record of that name that Tinyforge did not create: ${errors}.`, {
        status: response.status,
      });
    }
    throw new AppError('DNS_REFUSED', `Cloudflare refused to ${what}: ${errors}.`, { status: response.status, reason: errors });
  }
}

function sameAddress(type: AddressType, a: string, b: string): boolean {
  try {
    return normalAddress(type, a) === normalAddress(type, b);
  } catch {
    return false;
  }
}
