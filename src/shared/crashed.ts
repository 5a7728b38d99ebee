// One definition of "crashed" for the badges, the tray and (next) the notifications: killed by the
// OOM killer, or exited on its own with a non-zero code. A job that exits 0 on its own finished;
// a stop by the app or by someone outside is never a crash.
import type { ContainerView } from './types';

export function crashed(c: Pick<ContainerView, 'stopKind' | 'exitCode'>): boolean {
  return c.stopKind === 'oom' || (c.stopKind === 'crash' && c.exitCode !== 0);
}
