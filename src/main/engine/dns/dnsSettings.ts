// A host's DNS settings: the view the UI gets (never the secret), saving (the secret first through
// the SecretStore; a change of provider, zone or server removes the app's records from the old one
// before anything is saved), and "test connection" on given or saved settings.
import type { z } from 'zod';
import type { DnsSettingsView } from '../../../shared/dns';
import { AppError } from '../../../shared/errors';
import type { dnsSettingsSchema } from '../../../shared/contract/dns';
import type { DnsRepo, DnsSettingsRecord } from '../store/dnsRepo';
import type { SecretStore } from '../store/secretStore';
import type { DnsRecords } from './dnsRecords';
import { providerOf } from './dnsRecords';
import { normalAddress } from './dnsWire';
import { tsigSecretOf } from './tsig';

export type DnsSettingsInput = z.output<typeof dnsSettingsSchema>;

export interface DnsSettingsDeps {
  repo: DnsRepo;
  secrets: Pick<SecretStore, 'dnsSecret' | 'setDnsSecret' | 'forgetDnsSecret' | 'dnsSecretKeeping'>;
  hostName: (hostId: string) => string;
  records: (hostId: string) => DnsRecords;
  emitChanged: (hostId: string) => void;
  cloudflareBaseUrl?: string;
}

export function dnsSettingsView(deps: Pick<DnsSettingsDeps, 'repo' | 'secrets'>, hostId: string): DnsSettingsView {
  const s = deps.repo.settings(hostId);
  const secret = deps.secrets.dnsSecretKeeping(hostId);
  if (!s) return { hostId, kind: 'none', ipv4: null, ipv6: null, zone: null, rfc2136: null, secret };
  return {
    hostId,
    kind: s.kind,
    ipv4: s.ipv4,
    ipv6: s.ipv6,
    zone: s.zone,
    rfc2136: s.kind === 'rfc2136' ? { server: s.server, port: s.port, keyName: s.keyName, algorithm: s.algorithm } : null,
    secret,
  };
}

function toRecord(input: DnsSettingsInput): DnsSettingsRecord | null {
  if (input.kind === 'none') return null;
  const addresses = { ipv4: input.ipv4 === null ? null : normalAddress('A', input.ipv4), ipv6: input.ipv6 === null ? null : normalAddress('AAAA', input.ipv6) };
  if (input.kind === 'cloudflare') return { kind: 'cloudflare', ...addresses, zone: input.zone };
  return { kind: 'rfc2136', ...addresses, zone: input.zone, server: input.server, port: input.port, keyName: input.keyName, algorithm: input.algorithm };
}

function secretOf(input: DnsSettingsInput): { value: string | undefined; path: string } {
  if (input.kind === 'rfc2136') return { value: input.secret, path: 'settings.secret' };
  if (input.kind === 'cloudflare') return { value: input.token, path: 'settings.token' };
  return { value: undefined, path: '' };
}

/** The settings' records live somewhere else than before: the app's records must leave the old place first. */
function moved(before: DnsSettingsRecord | null, next: DnsSettingsRecord | null): boolean {
  if (!before) return false;
  if (!next || before.kind !== next.kind || before.zone !== next.zone) return true;
  return before.kind === 'rfc2136' && next.kind === 'rfc2136' && (before.server !== next.server || before.port !== next.port);
}

/** A secret that must be given (a new provider kind) or that cannot be a TSIG secret: VALIDATION, nothing saved. */
function checkSecret(deps: DnsSettingsDeps, hostId: string, input: DnsSettingsInput, before: DnsSettingsRecord | null): void {
  const { value, path } = secretOf(input);
  if (input.kind === 'none') return;
  if (value === undefined && (before?.kind !== input.kind || deps.secrets.dnsSecret(hostId) === null)) {
    throw new AppError('VALIDATION', `${path.split('.')[1]}: is required`, undefined, [{ path, message: 'is required' }]);
  }
  if (value !== undefined && input.kind === 'rfc2136') {
    try {
      tsigSecretOf(value);
    } catch {
      throw new AppError('VALIDATION', 'secret: must be a base64 TSIG secret of at least 16 bytes', undefined, [
        { path, message: 'must be a base64 TSIG secret of at least 16 bytes' },
      ]);
    }
  }
}

export async function saveDnsSettings(deps: DnsSettingsDeps, hostId: string, input: DnsSettingsInput): Promise<DnsSettingsView> {
  const before = deps.repo.settings(hostId);
  const next = toRecord(input);
  checkSecret(deps, hostId, input, before);
  // Through the old provider, with the old secret: refused (and nothing saved) if that fails.
  if (moved(before, next)) await deps.records(hostId).removeAll();
  const { value } = secretOf(input);
  // The secret before the settings: a keychain that refuses leaves everything as it was.
  if (value !== undefined) deps.secrets.setDnsSecret(hostId, value);
  if (!next) deps.secrets.forgetDnsSecret(hostId);
  deps.repo.setSettings(hostId, next);
  deps.emitChanged(hostId);
  void deps.records(hostId).trigger();
  return dnsSettingsView(deps, hostId);
}

export async function testDnsSettings(deps: DnsSettingsDeps, hostId: string, input: DnsSettingsInput | undefined): Promise<{ ok: true }> {
  const settings = input ? toRecord(input) : deps.repo.settings(hostId);
  if (!settings) throw new AppError('CONFLICT', `host ${deps.hostName(hostId)} has no DNS provider to test; choose one first.`);
  const given = input ? secretOf(input).value : undefined;
  const saved = deps.repo.settings(hostId);
  // The saved secret only serves the same kind of provider it was given for.
  const secret = given ?? (saved?.kind === settings.kind ? deps.secrets.dnsSecret(hostId) : null);
  const provider = providerOf(settings, secret, deps.hostName(hostId), deps.cloudflareBaseUrl);
  try {
    await provider.test();
  } finally {
    await provider.close();
  }
  return { ok: true };
}
