// The pull-stream fold against sequences recorded from dockerd 20.10 pulling from the test registry
// (scripts/test-registry): a fresh pull, a pull whose layers mostly exist, and one whose blob is gone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMPTY_PULL, applyPullEvent, pullFailure, summarize } from './pullProgress';
import type { PullEvent, PullState } from './pullProgress';

function recorded(name: string): PullEvent[] {
  return readFileSync(join(__dirname, 'fixtures', `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as PullEvent);
}

/** The summary after each event, as the UI would see it with no throttling. */
function replay(events: PullEvent[]) {
  let state: PullState = EMPTY_PULL;
  return events.map((event) => summarize((state = applyPullEvent(state, event))));
}

// Gzipped layer sizes of tinyforge-test/layered:v1, from its manifest.
const V1_LAYERS = [1052614, 3146902, 2097966, 1049093];

describe('pull progress from recorded pulls', () => {
  it('a fresh pull ends with every layer done and every byte counted', () => {
    const total = V1_LAYERS.reduce((a, b) => a + b);
    expect(replay(recorded('pull-v1')).at(-1)).toEqual({ layersDone: 4, layersTotal: 4, currentBytes: total, totalBytes: total });
  });

  it('bytes and finished layers only ever grow, and the middle of the pull is visible', () => {
    const steps = replay(recorded('pull-v1'));
    for (let i = 1; i < steps.length; i += 1) {
      expect(steps[i]!.currentBytes).toBeGreaterThanOrEqual(steps[i - 1]!.currentBytes);
      expect(steps[i]!.layersDone).toBeGreaterThanOrEqual(steps[i - 1]!.layersDone);
    }
    expect(steps.some((s) => s.currentBytes > 0 && s.currentBytes < s.totalBytes)).toBe(true);
  });

  it('counts a download as complete even when the rate limit swallowed its last Downloading line', () => {
    // 6abb6627f114 reports 36573 of 3146902 bytes, then "Download complete" with no further line.
    const events = recorded('pull-v1');
    const upTo = events.findIndex((e) => e.id === '6abb6627f114' && e.status === 'Download complete');
    let state: PullState = EMPTY_PULL;
    for (const e of events.slice(0, upTo + 1)) state = applyPullEvent(state, e);
    expect(state['6abb6627f114']).toEqual({ total: 3146902, current: 3146902, done: false });
  });

  it('layers that already exist count as done and add no bytes', () => {
    expect(replay(recorded('pull-v2')).at(-1)).toEqual({ layersDone: 5, layersTotal: 5, currentBytes: 1049094, totalBytes: 1049094 });
  });

  it('finds the failure in a pull whose blob the registry lost, and only there', () => {
    const events = recorded('pull-missing-blob');
    expect(events.map(pullFailure).filter((f) => f !== null)).toEqual(['unknown blob']);
    expect(replay(events).at(-1)).toMatchObject({ layersDone: 1, layersTotal: 4 });
  });
});

describe('pull progress, event by event', () => {
  it('ignores the lines about the whole pull', () => {
    for (const event of [
      { status: 'Pulling from tinyforge-test/layered', id: 'v1' },
      { status: 'Digest: sha256:82f0fe842a5b062f5e31a74b3cd23423a61760648f369abeefb8aac2ca0818ca' },
      { status: 'Status: Downloaded newer image for 127.0.0.1:5000/tinyforge-test/layered:v1' },
    ]) {
      expect(applyPullEvent(EMPTY_PULL, event)).toBe(EMPTY_PULL);
    }
  });

  it('does not move the bar back when a download restarts', () => {
    let state = applyPullEvent(EMPTY_PULL, { status: 'Downloading', id: 'a', progressDetail: { current: 600, total: 1000 } });
    state = applyPullEvent(state, { status: 'Downloading', id: 'a', progressDetail: { current: 100, total: 1000 } });
    expect(summarize(state)).toMatchObject({ currentBytes: 600, totalBytes: 1000 });
  });

  it('keeps what it knew when a Downloading line carries no detail', () => {
    const before = applyPullEvent(EMPTY_PULL, { status: 'Downloading', id: 'a', progressDetail: { current: 10, total: 50 } });
    expect(summarize(applyPullEvent(before, { status: 'Downloading', id: 'a', progressDetail: {} }))).toMatchObject({ currentBytes: 10, totalBytes: 50 });
  });

  it('counts extraction bytes as nothing new: the download already finished', () => {
    let state = applyPullEvent(EMPTY_PULL, { status: 'Downloading', id: 'a', progressDetail: { current: 10, total: 50 } });
    state = applyPullEvent(state, { status: 'Extracting', id: 'a', progressDetail: { current: 5, total: 50 } });
    expect(summarize(state)).toEqual({ layersDone: 0, layersTotal: 1, currentBytes: 50, totalBytes: 50 });
  });

  it('reads the message of an error line from errorDetail, else from error', () => {
    expect(pullFailure({ error: 'short', errorDetail: { message: 'manifest unknown' } })).toBe('manifest unknown');
    expect(pullFailure({ error: 'only this' })).toBe('only this');
    expect(pullFailure({ status: 'Pull complete', id: 'a' })).toBeNull();
  });
});
