// A finished blue-green run as a notification: succeeded, failed (with the step that failed and its
// error) or a rollback done. The runner reports a record on every change; only a run's end is
// news, and only once (recovery can settle a run that an earlier report already ended).
import type { NotifyEvent } from '../../../shared/notify';
import type { DeployRecord } from '../store/deployRepo';

/** The notification a deploy record calls for, or null while it runs. */
export function deployEventOf(d: DeployRecord): NotifyEvent | null {
  const facts = { hostId: d.hostId, workloadId: d.workloadId, stageId: d.stageId, deployId: d.id, image: d.image };
  if (d.status === 'succeeded') return d.kind === 'rollback' ? { kind: 'deploy.rolledBack', ...facts } : { kind: 'deploy.succeeded', ...facts };
  if (d.status === 'failed') {
    const failed = [...d.steps].reverse().find((s) => s.status === 'failed');
    return {
      kind: 'deploy.failed',
      ...facts,
      rollback: d.kind === 'rollback',
      step: failed?.step ?? d.step,
      error: d.error ?? failed?.message ?? 'no reason was recorded',
    };
  }
  return null;
}

/** Remembers the runs already reported (bounded: runs end in order, old ids are never seen again). */
export function deployReporter(publish: (event: NotifyEvent) => void): (d: DeployRecord) => void {
  const reported = new Set<string>();
  return (d) => {
    const event = deployEventOf(d);
    if (!event || reported.has(d.id)) return;
    reported.add(d.id);
    if (reported.size > 500) reported.delete(reported.values().next().value!);
    publish(event);
  };
}
