// Folds the JSON events of Docker's pull stream (POST /images/create) into the PullProgress the UI
// shows. Pure: the edge (pullImage.ts) feeds it events; the tests feed it recorded sequences.
//
// What dockerd 20.10 sends, per layer (id = the first 12 hex of the blob digest):
//   "Pulling fs layer" | "Waiting"            the layer is needed; its size is not known yet
//   "Downloading" {current, total}            rate-limited to 10 a second across the pull, so the
//                                             last chunk of a fast layer is often never reported
//   "Verifying Checksum" | "Download complete" every byte arrived
//   "Extracting" {current, total}             bytes of the *extraction*, not the download
//   "Pull complete"                           the layer is in place
//   "Already exists"                          present locally: nothing to download
// plus lines about the whole pull ("Pulling from <repo>" with id = the tag, "Digest: ...",
// "Status: ...") and, on failure, {"error": "...", "errorDetail": {"message": "..."}}.
import type { PullProgress } from '../../../shared/types';

export interface PullEvent {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

interface Layer {
  /** Download size in bytes; 0 until Docker reports it (and for layers that already exist). */
  total: number;
  current: number;
  done: boolean;
}

/** Per layer, keyed by the short digest Docker reports. Never mutated: each event makes a new one. */
export type PullState = Readonly<Record<string, Readonly<Layer>>>;

export const EMPTY_PULL: PullState = {};

const LAYER_STATUSES = new Set([
  'Pulling fs layer',
  'Waiting',
  'Downloading',
  'Verifying Checksum',
  'Download complete',
  'Extracting',
  'Pull complete',
  'Already exists',
]);

export function applyPullEvent(state: PullState, event: PullEvent): PullState {
  const { status, id } = event;
  // Whole-pull lines carry no layer id, or the tag as id ("Pulling from ..."): not layers.
  if (!status || !id || !LAYER_STATUSES.has(status)) return state;
  const layer: Layer = state[id] ?? { total: 0, current: 0, done: false };
  const next = nextLayer(layer, status, event.progressDetail);
  return next === layer ? state : { ...state, [id]: next };
}

function nextLayer(layer: Layer, status: string, detail: PullEvent['progressDetail']): Layer {
  switch (status) {
    case 'Downloading': {
      const total = detail?.total && detail.total > 0 ? detail.total : layer.total;
      // Never backwards: a retried download restarts at 0, but the bar should not jump back.
      const current = Math.min(Math.max(layer.current, detail?.current ?? 0), total || Infinity);
      return { ...layer, total, current };
    }
    // Download finished: the rate limit may have swallowed the last Downloading line.
    case 'Verifying Checksum':
    case 'Download complete':
    case 'Extracting':
      return layer.current === layer.total ? layer : { ...layer, current: layer.total };
    case 'Pull complete':
      return { ...layer, current: layer.total, done: true };
    case 'Already exists':
      return { total: 0, current: 0, done: true };
    default:
      return layer; // Pulling fs layer, Waiting: known, nothing more
  }
}

export function summarize(state: PullState): PullProgress {
  const layers = Object.values(state);
  return {
    layersDone: layers.filter((l) => l.done).length,
    layersTotal: layers.length,
    currentBytes: layers.reduce((sum, l) => sum + l.current, 0),
    totalBytes: layers.reduce((sum, l) => sum + l.total, 0),
  };
}

/** Docker's message when the event reports a failure (the pull has then ended), else null. */
export function pullFailure(event: PullEvent): string | null {
  if (event.errorDetail?.message) return event.errorDetail.message;
  if (event.error) return event.error;
  return null;
}
