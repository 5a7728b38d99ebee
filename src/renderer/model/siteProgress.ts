// What the deploy card shows of an upload: the newest sites.progress event of one site, how far it
// is, and whether it still runs. Events are notifications (a late or missed one changes nothing
// the version list does not also say), so only the newest is kept.
import type { SiteProgress } from '../../shared/types';

/** 0..1: bytes where the total is known (files of very different sizes), else files. */
export function progressFraction(progress: Pick<SiteProgress, 'files' | 'bytes' | 'totalFiles' | 'totalBytes' | 'phase'>): number {
  if (progress.phase === 'done' || progress.phase === 'deploying') return 1;
  const fraction = progress.totalBytes > 0 ? progress.bytes / progress.totalBytes : progress.totalFiles > 0 ? progress.files / progress.totalFiles : 0;
  return Math.min(1, Math.max(0, fraction));
}

/** The copy still runs: the one phase an upload can be cancelled in. */
export const isCopying = (progress: Pick<SiteProgress, 'phase'> | null): boolean => progress?.phase === 'copying';

/** The upload has ended one way or another: the version list and history are worth reading again. */
export const hasEnded = (progress: Pick<SiteProgress, 'phase'>): boolean =>
  progress.phase === 'done' || progress.phase === 'failed' || progress.phase === 'cancelled' || progress.phase === 'unchanged';
