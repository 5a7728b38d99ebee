// The reconciler's decisions as a pure function: given what Docker lists and what the store holds
// for one host, which rows to insert, update and mark missing, and which containers carry forged
// labels. No I/O here; reconciler.ts feeds it and applies the result in one transaction.
import type { ContainerState, ForgedContainer, WorkloadKind } from '../../../shared/types';
import { LABEL } from '../docker/labels';
import type { ExistingRow, ObservedRow, PassPlan } from '../store/containerRepo';
import type { Lookups } from '../store/workloadRepo';
import type { ObservedContainer } from '../docker/observed';
import { timesFromStatus } from './statusTime';

export type Classification =
  { owned: true; workloadId: string; kind: WorkloadKind; role: string; stageId: string | null } | { owned: false; forged: ForgedContainer | null };

const NOT_OURS: Classification = { owned: false, forged: null };

/**
 * Decides who owns a container, in order: tinyforge.workload.id (the workload must exist on this
 * host with the labelled kind, else the label is forged), the legacy labels, the compose project.
 * A forged container is ignored even if it also has a compose label: someone tried to claim it.
 */
export function classify(c: ObservedContainer, hostId: string, lookups: Lookups): Classification {
  const labels = c.labels;
  const forged = (claimed: string): Classification => ({
    owned: false,
    forged: { dockerId: c.dockerId, name: c.name, claimedWorkloadId: claimed },
  });

  const workloadId = labels[LABEL.workloadId];
  if (workloadId !== undefined) {
    const w = lookups.workload(workloadId);
    const labelledKind = labels[LABEL.workloadKind];
    if (!w || w.hostId !== hostId || (labelledKind !== undefined && labelledKind !== w.kind)) return forged(workloadId);
    const role = labels[LABEL.role] || defaultRole(w.kind, labels);
    return {
      owned: true,
      workloadId,
      kind: w.kind,
      role,
      stageId: w.kind === 'project' ? lookups.stageId(workloadId, role) : null,
    };
  }

  const legacyProject = labels[LABEL.legacyInstanceId];
  if (legacyProject !== undefined) {
    const w = lookups.workload(legacyProject);
    if (!w || w.hostId !== hostId || w.kind !== 'project') return forged(legacyProject);
    const role = labels[LABEL.role] || 'legacy';
    return { owned: true, workloadId: legacyProject, kind: 'project', role, stageId: lookups.stageId(legacyProject, role) };
  }

  const legacySite = labels[LABEL.legacyStaticSite];
  if (legacySite !== undefined) {
    const w = lookups.workload(legacySite);
    if (!w || w.hostId !== hostId || w.kind !== 'site') return forged(legacySite);
    return { owned: true, workloadId: legacySite, kind: 'site', role: 'site', stageId: null };
  }

  const composeProject = labels[LABEL.composeProject];
  if (composeProject !== undefined) {
    const stackId = lookups.stackByComposeProject(composeProject);
    if (!stackId) return NOT_OURS;
    return { owned: true, workloadId: stackId, kind: 'stack', role: labels[LABEL.composeService] || 'service', stageId: null };
  }
  return NOT_OURS;
}

function defaultRole(kind: WorkloadKind, labels: Record<string, string>): string {
  if (kind === 'site') return 'site';
  if (kind === 'stack') return labels[LABEL.composeService] || 'service';
  return 'default';
}

const RUNNING_LIKE: ReadonlySet<ContainerState> = new Set(['running', 'restarting', 'paused']);
const STOPPED: ReadonlySet<ContainerState> = new Set(['exited', 'dead']);

/**
 * Plans one pass. `existing` holds every row of the host, placeholders included: a placeholder
 * (empty docker id) belongs to a deploy in flight and is left alone.
 */
export function planPass(observed: readonly ObservedContainer[], existing: readonly ExistingRow[], hostId: string, lookups: Lookups, now: number): PassPlan {
  const byDockerId = new Map<string, ExistingRow>();
  for (const row of existing) if (row.dockerId !== '') byDockerId.set(row.dockerId, row);

  const plan: PassPlan = { inserts: [], updates: [], missing: [], stopped: [], forged: [], changed: false };
  const seen = new Set<string>();

  for (const c of observed) {
    const cls = classify(c, hostId, lookups);
    if (!cls.owned) {
      if (cls.forged) plan.forged.push(cls.forged);
      continue;
    }
    seen.add(c.dockerId);
    const prev = byDockerId.get(c.dockerId);
    const next = observe(c, keepStage(cls, prev), prev, now);
    if (!prev) {
      plan.inserts.push(next);
    } else if (differs(prev, next)) {
      plan.updates.push({ ...next, id: prev.id });
      if (RUNNING_LIKE.has(prev.state) && STOPPED.has(next.state)) {
        plan.stopped.push({ dockerId: c.dockerId, workloadId: next.workloadId, name: next.name, exitCode: next.exitCode, vanished: false });
      }
    }
  }

  for (const row of existing) {
    if (row.dockerId === '' || seen.has(row.dockerId) || row.state === 'missing') continue;
    plan.missing.push(row.id);
    if (RUNNING_LIKE.has(row.state)) {
      plan.stopped.push({ dockerId: row.dockerId, workloadId: row.workloadId, name: row.name, exitCode: null, vanished: true });
    }
  }

  plan.changed = plan.inserts.length > 0 || plan.updates.length > 0 || plan.missing.length > 0;
  return plan;
}

/**
 * A project container's `tinyforge.role` label holds its stage's name at creation, and a stage can
 * be renamed since: the label then names no stage (or another one). A row already joined to a stage
 * of the same workload keeps that stage_id, and the role the store gave it (the stage's current
 * name); only a new row is matched to its stage by the label.
 */
function keepStage(cls: Extract<Classification, { owned: true }>, prev: ExistingRow | undefined): Extract<Classification, { owned: true }> {
  if (!prev || prev.stageId === null || cls.kind !== 'project' || prev.workloadId !== cls.workloadId || prev.kind !== 'project') return cls;
  return { ...cls, stageId: prev.stageId, role: prev.role };
}

function observe(c: ObservedContainer, cls: Extract<Classification, { owned: true }>, prev: ExistingRow | undefined, now: number): ObservedRow {
  // Parsed only when a time is actually needed: most rows of most passes are unchanged.
  const times = () => timesFromStatus(c.status);
  const estimate = (ago: number | null) => (ago === null ? null : now - ago);
  const isRunning = RUNNING_LIKE.has(c.state);
  const wasRunning = prev ? RUNNING_LIKE.has(prev.state) : false;

  let startedAt = prev?.startedAt ?? null;
  let finishedAt = prev?.finishedAt ?? null;
  if (c.exact) {
    // Inspected: Docker's own clock beats any estimate.
    startedAt = c.exact.startedAt ?? startedAt;
    finishedAt = isRunning ? null : (c.exact.finishedAt ?? finishedAt);
  } else if (!prev) {
    startedAt = isRunning ? (estimate(times().startedAgoMs) ?? now) : null;
    finishedAt = isRunning ? null : estimate(times().finishedAgoMs);
  } else if (isRunning && !wasRunning) {
    // Seen starting: the status's "Up N seconds" is the better clock, our own sighting the fallback.
    startedAt = estimate(times().startedAgoMs) ?? now;
    finishedAt = null;
  } else if (!isRunning && wasRunning) {
    finishedAt = estimate(times().finishedAgoMs) ?? now;
  }

  return {
    workloadId: cls.workloadId,
    kind: cls.kind,
    role: cls.role,
    stageId: cls.stageId,
    dockerId: c.dockerId,
    name: c.name,
    image: c.image,
    state: c.state,
    health: c.health,
    exitCode: RUNNING_LIKE.has(c.state) ? null : c.exitCode,
    createdAt: c.createdAt,
    startedAt,
    finishedAt,
    missingSince: null,
  };
}

function differs(a: ObservedRow, b: ObservedRow): boolean {
  return (
    a.workloadId !== b.workloadId ||
    a.kind !== b.kind ||
    a.role !== b.role ||
    a.stageId !== b.stageId ||
    a.name !== b.name ||
    a.image !== b.image ||
    a.state !== b.state ||
    a.health !== b.health ||
    a.exitCode !== b.exitCode ||
    a.createdAt !== b.createdAt ||
    a.startedAt !== b.startedAt ||
    a.finishedAt !== b.finishedAt ||
    a.missingSince !== b.missingSince
  );
}
