// The DNS records of a host's stages and sites, as the contract carries them (contract/dns.ts).
import type { ErrorInfo } from './errors';
import type { SecretKeeping } from './types';

export type DnsProviderKind = 'none' | 'rfc2136' | 'cloudflare';
export type TsigAlgorithmName = 'hmac-sha256' | 'hmac-sha512';

/** A host's DNS settings as the UI sees them: never the TSIG secret or the API token, only where it is kept. */
export interface DnsSettingsView {
  hostId: string;
  kind: DnsProviderKind;
  /** The host's public addresses, the records' values. */
  ipv4: string | null;
  ipv6: string | null;
  zone: string | null;
  rfc2136: { server: string; port: number; keyName: string; algorithm: TsigAlgorithmName } | null;
  /** The TSIG secret or the Cloudflare API token. */
  secret: SecretKeeping;
}

/**
 * - pending: wanted, not created yet (the first try is under way or waits for the provider);
 * - ok: created by the app, and the provider serves the app's value;
 * - drift: created by the app, and changed or deleted outside it (`observed` says what is there);
 * - error: the last change or check failed (`error` says why; `created` whether it exists).
 */
export type DnsRecordState = 'pending' | 'ok' | 'drift' | 'error';

export interface DnsRecordView {
  id: string;
  hostId: string;
  ownerKind: 'stage' | 'site';
  /** The stage's id, or the site's workload id. */
  ownerId: string;
  workloadId: string;
  name: string;
  type: 'A' | 'AAAA';
  /** The address the app keeps there. */
  value: string;
  /** The app created it (so it may change and remove it). */
  created: boolean;
  state: DnsRecordState;
  /** The addresses the provider served at the last check; null before any check. */
  observed: string[] | null;
  error: ErrorInfo | null;
  checkedAt: number | null;
}
