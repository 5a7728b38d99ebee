// A host's DNS settings as typed (the port as a string, empty addresses as '') and their conversion
// to dns.setSettings' input. The TSIG secret or API token is not part of the draft: it lives in its
// own state, is sent only when typed (an empty field keeps the one the engine knows) and is cleared
// once sent.
import type { CallInput } from '../../shared/contract';
import type { DnsProviderKind, DnsSettingsView, TsigAlgorithmName } from '../../shared/dns';

export const DNS_KINDS: readonly DnsProviderKind[] = ['none', 'rfc2136', 'cloudflare'];
export const TSIG_ALGORITHMS: readonly TsigAlgorithmName[] = ['hmac-sha256', 'hmac-sha512'];

export interface DnsDraft {
  kind: DnsProviderKind;
  ipv4: string;
  ipv6: string;
  zone: string;
  server: string;
  port: string;
  keyName: string;
  algorithm: TsigAlgorithmName;
}

export function dnsDraftOf(view: DnsSettingsView | undefined): DnsDraft {
  return {
    kind: view?.kind ?? 'none',
    ipv4: view?.ipv4 ?? '',
    ipv6: view?.ipv6 ?? '',
    zone: view?.zone ?? '',
    server: view?.rfc2136?.server ?? '',
    port: String(view?.rfc2136?.port ?? 53),
    keyName: view?.rfc2136?.keyName ?? '',
    algorithm: view?.rfc2136?.algorithm ?? 'hmac-sha256',
  };
}

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());
/** Text that is not a number goes on as NaN, for the schema to name the field. */
const port = (text: string) => (text.trim() === '' ? Number.NaN : Number(text.trim()));

export function dnsSettingsFrom(draft: DnsDraft, secret: string): CallInput<'dns.setSettings'>['settings'] {
  const addresses = { ipv4: orNull(draft.ipv4), ipv6: orNull(draft.ipv6), zone: draft.zone };
  switch (draft.kind) {
    case 'none':
      return { kind: 'none' };
    case 'rfc2136':
      return {
        kind: 'rfc2136',
        ...addresses,
        server: draft.server,
        port: port(draft.port),
        keyName: draft.keyName,
        algorithm: draft.algorithm,
        ...(secret === '' ? {} : { secret }),
      };
    case 'cloudflare':
      return { kind: 'cloudflare', ...addresses, ...(secret === '' ? {} : { token: secret }) };
  }
}
