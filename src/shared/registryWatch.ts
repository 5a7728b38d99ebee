// Registry watch as the renderer sees it: per stage (and per stack service) a watch mode, the last
// check of the watched tag's digest and how it compares with what the containers run.
import type { ErrorCode } from './errors';

/** off: no registry traffic; notify: show "update available"; deploy: deploy when the tag's digest changes. */
export type WatchMode = 'off' | 'notify' | 'deploy';
export const WATCH_MODES = ['off', 'notify', 'deploy'] as const satisfies readonly WatchMode[];

/**
 * How a container's (or a stage's) running digest compares with its watched tag's digest now:
 * `current` the same, `update` another one is available, `unknown` not comparable (never checked,
 * the check failed, or the image has no repo digest: built or imported here, never pulled).
 */
export type UpdateState = 'current' | 'update' | 'unknown';

export interface WatchCheckView {
  /** When the registry last answered for this image (success or error); null: never checked. */
  checkedAt: number | null;
  /** The watched tag's digest at the last successful check. */
  digest: string | null;
  /** The last check's failure, if the last check failed (kept until a check succeeds). */
  error: { code: ErrorCode; message: string } | null;
  /** The earliest the next check may run (the interval, a back-off or the registry's Retry-After). */
  nextCheckAt: number | null;
}

/** One watched (or watchable) stage or stack service. */
export interface WatchView {
  hostId: string;
  workloadId: string;
  /** Set for a project stage; null for a stack service. */
  stageId: string | null;
  /** Set for a stack service; null for a stage. */
  service: string | null;
  mode: WatchMode;
  /** The image reference watched (`registry/repository:tag`), null when the service names no image. */
  image: string | null;
  check: WatchCheckView;
  /** The repo digests the target's running containers have (empty: none running, or none pulled). */
  runningDigests: string[];
  /** How many of the target's owned containers run now (0: nothing to compare). */
  runningContainers: number;
  state: UpdateState;
}

/** The update badge of one owned container whose stage or service is watched. */
export interface ContainerUpdateView {
  /** The container's row id. */
  id: string;
  image: string;
  state: UpdateState;
  runningDigest: string | null;
  availableDigest: string | null;
}
