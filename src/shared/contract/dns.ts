// DNS records of stage and site subdomains: a host's DNS provider (RFC 2136 with TSIG, Cloudflare,
// or none), its public addresses, and the records the app manages with their state. The TSIG
// secret and the API token go in, to the SecretStore, and never come back out.
import { z } from 'zod';
import type { DnsRecordView, DnsSettingsView } from '../dns';
import { type } from '../typeMarker';
import { call, id } from './schemas';

const dnsName = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const zone = z
  .string()
  .trim()
  .toLowerCase()
  .transform((v) => v.replace(/\.$/, ''))
  .pipe(
    z
      .string()
      .min(1, { error: 'is required', abort: true })
      .max(253, 'must be at most 253 characters')
      .regex(dnsName, 'must be a DNS zone such as example.com'),
  );
const ipv4 = z.ipv4('must be an IPv4 address such as 203.0.113.10').nullable();
const ipv6 = z.ipv6('must be an IPv6 address such as 2001:db8::10').nullable();
const server = z
  .string()
  .trim()
  .min(1, { error: 'is required', abort: true })
  .max(253, 'must be at most 253 characters')
  .regex(/^([A-Za-z0-9.-]+|[0-9a-fA-F:]+)$/, 'must be a host name or an IP address');
const keyName = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, { error: 'is required', abort: true })
  .max(253, 'must be at most 253 characters')
  .regex(/^[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*\.?$/, 'must be a TSIG key name such as tinyforge-key');
const secret = z.string().trim().min(1, 'is required').max(4_096, 'must be at most 4096 characters');

/**
 * `secret` (the TSIG secret, base64 as BIND writes it) and `token` (the Cloudflare API token) may be
 * left out to keep the one already known.
 */
export const dnsSettingsSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('none') }),
    z.strictObject({
      kind: z.literal('rfc2136'),
      ipv4,
      ipv6,
      zone,
      server,
      port: z.number().int().min(1).max(65_535).default(53),
      keyName,
      algorithm: z.enum(['hmac-sha256', 'hmac-sha512']).default('hmac-sha256'),
      secret: secret.optional(),
    }),
    z.strictObject({ kind: z.literal('cloudflare'), ipv4, ipv6, zone, token: secret.optional() }),
  ])
  .refine((s) => s.kind === 'none' || s.ipv4 !== null || s.ipv6 !== null, { message: 'needs an IPv4 or an IPv6 address', path: ['ipv4'] });

export const dnsCalls = {
  'dns.settings': call(z.strictObject({ hostId: id }), type<DnsSettingsView>()),
  /**
   * Saves the host's DNS provider. A change of provider, zone or server first removes every record
   * the app created through the old one (refused, nothing saved, if that fails); then a pass
   * creates them through the new one.
   */
  'dns.setSettings': call(z.strictObject({ hostId: id, settings: dnsSettingsSchema }), type<DnsSettingsView>()),
  /** Checks the given settings (or the saved ones) against the provider, changing nothing; an error says what failed. */
  'dns.test': call(z.strictObject({ hostId: id, settings: dnsSettingsSchema.optional() }), type<{ ok: true }>()),
  /** The records the app manages on the host, with their state. */
  'dns.records': call(z.strictObject({ hostId: id }), type<DnsRecordView[]>()),
  /** Runs a pass now (create, rename, remove, check for drift); resolves with the records after it. */
  'dns.reconcile': call(z.strictObject({ hostId: id }), type<DnsRecordView[]>()),
  /** Points a drifted or failed record of the app at its value again. */
  'dns.repair': call(z.strictObject({ id }), type<DnsRecordView>()),
} as const;
