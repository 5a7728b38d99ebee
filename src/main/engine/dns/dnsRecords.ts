// The DNS records of one host, reconciled like a controller: desired state from the store (each
// stage or site deployed at least once, at its public name, for the host's public addresses),
// observed state from the provider, and the app's own records (dns_records) in between. A pass runs
// on host connect, after a deploy succeeds or a workload changes, on a slow tick and on demand;
// single-flight, with one more pass if asked during one. Drift (a record changed or deleted outside
// the app) is shown, never silently undone: "repair" is the user's call.
//
// A DNS failure never fails a deploy: nothing here is awaited by the deployer. It becomes the
// record's state and error.
import { AppError, errorInfoOf } from '../../../shared/errors';
import type { DnsRecordView } from '../../../shared/dns';
import type { EventBus } from '../events';
import type { DnsRepo, DnsRecordRow, DnsSettingsRecord } from '../store/dnsRepo';
import type { SecretStore } from '../store/secretStore';
import { CloudflareProvider } from './cloudflareProvider';
import { desiredRecords, planDns } from './dnsPlan';
import type { DesiredRecord, DnsAction } from './dnsPlan';
import { RECORD_TTL } from './dnsProvider';
import type { DnsProvider, OwnedRecord } from './dnsProvider';
import { Rfc2136Provider } from './rfc2136Provider';
import { tsigSecretOf } from './tsig';
import { DnsFormatError } from './dnsWire';

/** How often a pass runs without a trigger: drift is found within this. */
export const DNS_TICK_MS = 5 * 60_000;

export interface DnsRecordsDeps {
  hostId: string;
  hostName: () => string;
  repo: DnsRepo;
  secrets: Pick<SecretStore, 'dnsSecret'>;
  /** The host's domain (`<subdomain>.<domain>`), as the proxy routes it. */
  domain: () => string;
  events: EventBus;
  log: (message: string) => void;
  tickMs?: number;
  /** Tests point the Cloudflare provider at a replay; otherwise Cloudflare's API. */
  cloudflareBaseUrl?: string;
}

/** Builds the provider a host's settings name, with its secret; DNS_AUTH_FAILED when the secret is not known. */
export function providerOf(settings: DnsSettingsRecord, secret: string | null, hostName: string, cloudflareBaseUrl?: string): DnsProvider {
  if (!secret) {
    throw new AppError(
      'DNS_AUTH_FAILED',
      `the ${settings.kind === 'cloudflare' ? 'Cloudflare API token' : 'TSIG secret'} of host ${hostName} is not known in this session: enter it in the host's DNS settings.`,
      { reason: 'secret-unknown' },
    );
  }
  if (settings.kind === 'cloudflare') return new CloudflareProvider({ token: secret, zone: settings.zone, baseUrl: cloudflareBaseUrl });
  let key: Buffer;
  try {
    key = tsigSecretOf(secret);
  } catch (error) {
    throw new AppError(
      'DNS_AUTH_FAILED',
      `the TSIG secret of host ${hostName} is unusable: ${error instanceof DnsFormatError ? error.message : String(error)}.`,
      {
        reason: 'secret-invalid',
      },
    );
  }
  return new Rfc2136Provider({
    server: { host: settings.server, port: settings.port },
    zone: settings.zone,
    key: { name: settings.keyName, algorithm: settings.algorithm, secret: key },
  });
}

export class DnsRecords {
  private running: Promise<void> | null = null;
  private dirty = false;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private closed = false;

  constructor(private readonly deps: DnsRecordsDeps) {}

  /** Subscribes to the triggers and starts the tick; idempotent. */
  start(): void {
    if (this.closed || this.timer) return;
    this.timer = setInterval(() => void this.trigger(), this.deps.tickMs ?? DNS_TICK_MS);
    this.timer.unref();
    this.unsubscribe = this.deps.events.subscribe((event, payload) => {
      const p = payload as { hostId?: string; status?: string };
      if (p.hostId !== this.deps.hostId) return;
      if ((event === 'deploys.changed' && p.status === 'succeeded') || event === 'workloads.changed') void this.trigger();
    });
  }

  list(): DnsRecordView[] {
    return this.deps.repo.list(this.deps.hostId).map(view);
  }

  /** Runs a pass (or marks the one running dirty); resolves when the host's records have settled. */
  trigger(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.running) {
      this.dirty = true;
      return this.running;
    }
    const work = (async () => {
      do {
        this.dirty = false;
        await this.pass().catch((error: unknown) => this.deps.log(`DNS pass on host ${this.deps.hostName()} failed: ${errorInfoOf(error).message}`));
      } while (this.dirty && !this.closed);
    })().finally(() => {
      this.running = null;
    });
    this.running = work;
    return work;
  }

  /** Points a drifted (or failed) record of the app at its value again, then checks it. */
  async repair(id: string): Promise<DnsRecordView> {
    const row = this.deps.repo.get(id);
    if (!row || row.hostId !== this.deps.hostId) throw new AppError('NOT_FOUND', `there is no DNS record ${id} on this host.`);
    await this.running;
    const provider = this.provider();
    try {
      const record = { name: row.name, type: row.type, address: row.value, ttl: RECORD_TTL };
      const alongside = this.alongside(row.id, row.name);
      const providerId = row.created ? await provider.upsert(record, row.providerId, alongside) : await provider.create(record, alongside);
      this.deps.repo.change(row.id, { providerId, created: true, state: 'pending', error: null });
      await this.check(provider, this.deps.repo.get(row.id)!);
    } catch (error) {
      this.deps.repo.change(row.id, { state: 'error', error: errorInfoOf(error), checkedAt: Date.now() });
      throw error;
    } finally {
      await provider.close();
      this.changed();
    }
    return view(this.deps.repo.get(row.id)!);
  }

  /**
   * Removes every record the app created on this host (the provider is being changed or turned
   * off). Refused, with nothing removed beyond what already went, when the provider fails.
   */
  async removeAll(): Promise<void> {
    await this.running;
    const rows = this.deps.repo.list(this.deps.hostId);
    if (rows.every((r) => !r.created)) {
      for (const r of rows) this.deps.repo.remove(r.id);
      return;
    }
    const provider = this.provider();
    try {
      for (const row of rows) {
        if (row.created) await provider.remove({ name: row.name, type: row.type, address: row.value }, row.providerId);
        this.deps.repo.remove(row.id);
      }
    } finally {
      await provider.close();
      this.changed();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    await this.running;
  }

  private provider(): DnsProvider {
    const settings = this.deps.repo.settings(this.deps.hostId);
    if (!settings) throw new AppError('CONFLICT', `host ${this.deps.hostName()} has no DNS provider; choose one in the host's DNS settings.`);
    return providerOf(settings, this.deps.secrets.dnsSecret(this.deps.hostId), this.deps.hostName(), this.deps.cloudflareBaseUrl);
  }

  private async pass(): Promise<void> {
    const { repo, hostId } = this.deps;
    const settings = repo.settings(hostId);
    if (!settings) return;
    const desired = desiredRecords(repo.owners(hostId), settings, this.deps.domain());
    const actions = planDns(desired, repo.list(hostId));
    if (actions.length === 0) return;
    let provider: DnsProvider;
    try {
      provider = this.provider();
    } catch (error) {
      // No secret this session: every record says so (new ones get a row to say it on).
      for (const action of actions) this.fail(this.rowOf(action), error);
      this.changed();
      return;
    }
    try {
      for (const action of actions) {
        if (this.closed) break;
        const row = this.rowOf(action);
        try {
          await this.apply(provider, action, row);
        } catch (error) {
          if (this.deps.repo.get(row.id)) this.fail(row, error);
        }
      }
    } finally {
      await provider.close();
      this.changed();
    }
  }

  /** The action's row; a create's is added now, pending, so a failure has a row to be shown on. */
  private rowOf(action: DnsAction): DnsRecordRow {
    if (action.kind === 'create') return this.deps.repo.add({ hostId: this.deps.hostId, ...action.desired });
    return action.row;
  }

  private async apply(provider: DnsProvider, action: DnsAction, row: DnsRecordRow): Promise<void> {
    const repo = this.deps.repo;
    switch (action.kind) {
      case 'create':
      case 'retry':
        return this.create(provider, row, action.desired);
      case 'move': {
        await this.removeOwn(provider, row);
        repo.change(row.id, {
          name: action.desired.name,
          value: action.desired.value,
          providerId: null,
          created: false,
          state: 'pending',
          observed: null,
          error: null,
        });
        return this.create(provider, repo.get(row.id)!, action.desired);
      }
      case 'readdress': {
        const providerId = await provider.upsert(
          { name: row.name, type: row.type, address: action.desired.value, ttl: RECORD_TTL },
          row.providerId,
          this.alongside(row.id, row.name),
        );
        repo.change(row.id, { value: action.desired.value, providerId, state: 'pending', error: null });
        return this.check(provider, repo.get(row.id)!);
      }
      case 'check':
        return this.check(provider, row);
      case 'remove':
        await this.removeOwn(provider, row);
        repo.remove(row.id);
        return;
    }
  }

  private async create(provider: DnsProvider, row: DnsRecordRow, desired: DesiredRecord): Promise<void> {
    const repo = this.deps.repo;
    if (row.name !== desired.name || row.value !== desired.value)
      repo.change(row.id, { name: desired.name, value: desired.value, state: 'pending', error: null });
    const providerId = await provider.create(
      { name: desired.name, type: desired.type, address: desired.value, ttl: RECORD_TTL },
      this.alongside(row.id, desired.name),
    );
    repo.change(row.id, { providerId, created: true, state: 'ok', observed: [desired.value], error: null, checkedAt: Date.now() });
    this.deps.log(`created the DNS record ${desired.type} ${desired.name} -> ${desired.value}`);
  }

  /** The app's other record at `name` (the A beside an AAAA), which may already be there. */
  private alongside(id: string, name: string): OwnedRecord | null {
    const other = this.deps.repo.list(this.deps.hostId).find((r) => r.id !== id && r.created && r.name === name);
    return other ? { name: other.name, type: other.type, address: other.value, providerId: other.providerId } : null;
  }

  /** Removes a record the app created, if it still holds the app's value; one changed outside the app is left alone. */
  private async removeOwn(provider: DnsProvider, row: DnsRecordRow): Promise<void> {
    if (!row.created) return;
    const outcome = await provider.remove({ name: row.name, type: row.type, address: row.value }, row.providerId);
    if (outcome === 'changed') this.deps.log(`the DNS record ${row.type} ${row.name} was changed outside Tinyforge; left in place, no longer managed`);
    else this.deps.log(`removed the DNS record ${row.type} ${row.name}`);
  }

  private async check(provider: DnsProvider, row: DnsRecordRow): Promise<void> {
    const observed = await provider.lookup(row.name, row.type);
    const ok = observed.length === 1 && observed[0] === row.value;
    this.deps.repo.change(row.id, { state: ok ? 'ok' : 'drift', observed, error: null, checkedAt: Date.now() });
  }

  private fail(row: DnsRecordRow, error: unknown): void {
    this.deps.repo.change(row.id, { state: 'error', error: errorInfoOf(error), checkedAt: Date.now() });
    this.deps.log(`the DNS record ${row.type} ${row.name} failed: ${errorInfoOf(error).message}`);
  }

  private changed(): void {
    this.deps.events.emit('dns.changed', { hostId: this.deps.hostId });
  }
}

function view(row: DnsRecordRow): DnsRecordView {
  const { providerId: _providerId, ...rest } = row;
  return rest;
}
