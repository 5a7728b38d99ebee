// What a check means for one watched stage or service: is an update available, and should the app
// deploy it or tell someone. Pure, so the cases (an image with no repo digest, a deploy already
// triggered for this digest, a first check) are tested without a registry.
import type { UpdateState, WatchMode } from '../../../shared/registryWatch';

export interface DecisionInput {
  mode: WatchMode;
  /** The tag's digest now; null when no check has succeeded. */
  available: string | null;
  /** The digest the previous successful check saw (null: this is the first). */
  previous: string | null;
  /**
   * The repo digests the target's running containers have for the watched repository; null when it
   * cannot be known (no container runs, or none has a repo digest: built or imported here).
   */
  running: readonly string[] | null;
  /** The digest an automatic deploy was last started for (never twice for one digest). */
  deployedDigest: string | null;
  /** The digest "update available" was last announced for (one notification per digest). */
  notifiedDigest: string | null;
}

export interface Decision {
  state: UpdateState;
  deploy: boolean;
  notify: boolean;
}

/** How running digests compare with the available one: never a badge on a guess. */
export function updateState(available: string | null, running: readonly string[] | null): UpdateState {
  if (available === null || running === null || running.length === 0) return 'unknown';
  return running.includes(available) ? 'current' : 'update';
}

export function decide(input: DecisionInput): Decision {
  const state = updateState(input.available, input.running);
  if (input.mode === 'off' || input.available === null) return { state, deploy: false, notify: false };
  // What runs is unknown: only a change seen between two checks proves the tag moved.
  const moved = state === 'update' || (state === 'unknown' && input.previous !== null && input.previous !== input.available);
  if (!moved) return { state, deploy: false, notify: false };
  const notify = input.notifiedDigest !== input.available;
  const deploy = input.mode === 'deploy' && input.deployedDigest !== input.available;
  return { state, deploy, notify };
}
