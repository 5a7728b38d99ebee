// The dns.* slice of the contract: a host's DNS settings, "test connection", its records, a pass
// on demand and repair.
import { AppError } from '../../../shared/errors';
import type { Handlers } from '../rpc/handlers';
import type { DnsRepo } from '../store/dnsRepo';
import type { DnsSettingsDeps } from './dnsSettings';
import { dnsSettingsView, saveDnsSettings, testDnsSettings } from './dnsSettings';

export interface DnsHandlerDeps extends DnsSettingsDeps {
  repo: DnsRepo;
  /** NOT_FOUND for a host without a record. */
  requireHost(hostId: string): void;
}

type DnsCalls = Extract<keyof Handlers, `dns.${string}`>;

export function dnsHandlers(deps: DnsHandlerDeps): Pick<Handlers, DnsCalls> {
  return {
    'dns.settings': async ({ hostId }) => {
      deps.requireHost(hostId);
      return dnsSettingsView(deps, hostId);
    },
    'dns.setSettings': async ({ hostId, settings }) => {
      deps.requireHost(hostId);
      return saveDnsSettings(deps, hostId, settings);
    },
    'dns.test': async ({ hostId, settings }) => {
      deps.requireHost(hostId);
      return testDnsSettings(deps, hostId, settings);
    },
    'dns.records': async ({ hostId }) => {
      deps.requireHost(hostId);
      return deps.records(hostId).list();
    },
    'dns.reconcile': async ({ hostId }) => {
      deps.requireHost(hostId);
      const records = deps.records(hostId);
      await records.trigger();
      return records.list();
    },
    'dns.repair': async ({ id }) => {
      const row = deps.repo.get(id);
      if (!row) throw new AppError('NOT_FOUND', `there is no DNS record ${id}; it may have been removed with its stage or site.`);
      return deps.records(row.hostId).repair(id);
    },
  };
}
