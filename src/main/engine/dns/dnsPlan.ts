// The DNS reconcile's decisions, pure: which records the host should have (one A and/or AAAA per
// deployed stage or site, at its public name, for the host's public addresses) and what to do about
// each record the app holds. Matched by owner and type, so a renamed subdomain is a move of the
// same record, not a new one beside a forgotten old one.
import { siteLabel } from '../../../shared/publicNames';
import { routeLabel } from '../proxy/stageRoutes';
import type { DnsOwner, DnsRecordRow } from '../store/dnsRepo';

export interface DesiredRecord {
  ownerKind: 'stage' | 'site';
  ownerId: string;
  workloadId: string;
  name: string;
  type: 'A' | 'AAAA';
  value: string;
}

export type DnsAction =
  /** Wanted, and no row yet: add the row, then create the record. */
  | { kind: 'create'; desired: DesiredRecord }
  /** A row whose record was never created (an earlier try failed): try again, at the name wanted now. */
  | { kind: 'retry'; row: DnsRecordRow; desired: DesiredRecord }
  /** The subdomain changed: remove the old name's record (if it is still ours), create the new one. */
  | { kind: 'move'; row: DnsRecordRow; desired: DesiredRecord }
  /** The host's address changed: point our record at the new one. */
  | { kind: 'readdress'; row: DnsRecordRow; desired: DesiredRecord }
  /** Nothing to change: look at what the provider serves (drift). */
  | { kind: 'check'; row: DnsRecordRow }
  /** Its stage or site is gone (or the address type is no longer set): remove the record and the row. */
  | { kind: 'remove'; row: DnsRecordRow };

export function desiredRecords(owners: readonly DnsOwner[], addresses: { ipv4: string | null; ipv6: string | null }, domain: string): DesiredRecord[] {
  const out: DesiredRecord[] = [];
  for (const owner of owners) {
    // A stage without a port has no route, so its name reaches nothing: no record.
    if (owner.ownerKind === 'stage' && owner.port === null) continue;
    const label =
      owner.ownerKind === 'stage'
        ? routeLabel({ name: owner.stageName ?? '', subdomain: owner.subdomain }, owner.workloadName)
        : siteLabel(owner.workloadName, owner.subdomain);
    const name = `${label}.${domain}`.toLowerCase();
    const base = { ownerKind: owner.ownerKind, ownerId: owner.ownerId, workloadId: owner.workloadId, name };
    if (addresses.ipv4) out.push({ ...base, type: 'A', value: addresses.ipv4 });
    if (addresses.ipv6) out.push({ ...base, type: 'AAAA', value: addresses.ipv6 });
  }
  return out;
}

const keyOf = (r: { ownerKind: string; ownerId: string; type: string }) => `${r.ownerKind}\0${r.ownerId}\0${r.type}`;

export function planDns(desired: readonly DesiredRecord[], rows: readonly DnsRecordRow[]): DnsAction[] {
  const byKey = new Map(rows.map((r) => [keyOf(r), r]));
  const wanted = new Set<string>();
  const actions: DnsAction[] = [];
  for (const d of desired) {
    const key = keyOf(d);
    wanted.add(key);
    const row = byKey.get(key);
    if (!row) actions.push({ kind: 'create', desired: d });
    else if (!row.created) actions.push({ kind: 'retry', row, desired: d });
    else if (row.name !== d.name) actions.push({ kind: 'move', row, desired: d });
    else if (row.value !== d.value) actions.push({ kind: 'readdress', row, desired: d });
    else actions.push({ kind: 'check', row });
  }
  for (const row of rows) if (!wanted.has(keyOf(row))) actions.push({ kind: 'remove', row });
  return actions;
}
