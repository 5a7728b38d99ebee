// The sidebar's stale counter is one SQL count (containerRepo.staleCount); the page lists
// staleContainers' rows. Both must name the same rows, over a real SQLite file.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestProject, insertStageRow, openTestStore } from '../testing/fixtures';
import type { TestStore } from '../testing/fixtures';
import type { Provenance } from '../../../shared/types';
import { DAY_MS, staleContainers } from './stalePlan';

let store: TestStore;
afterEach(() => store?.cleanup());

describe('stale count', () => {
  it('counts exactly the rows the stale page lists (the sidebar counter and the page agree)', () => {
    store = openTestStore();
    const { projectId, stageId } = createTestProject(store.workloads);
    const now = 100 * DAY_MS;
    const rows: [string, string, Provenance, Partial<Record<'finished_at' | 'started_at' | 'missing_since' | 'first_seen_at', number>>][] = [
      ['old-exit', 'exited', 'created', { finished_at: now - 10 * DAY_MS }],
      ['young-exit', 'exited', 'created', { finished_at: now - DAY_MS }],
      ['old-dead-no-finish', 'dead', 'trusted', { started_at: now - 9 * DAY_MS }],
      ['old-missing', 'missing', 'created', { missing_since: now - 8 * DAY_MS, finished_at: now - DAY_MS }],
      ['young-missing', 'missing', 'created', { missing_since: now - DAY_MS, finished_at: now - 30 * DAY_MS }],
      ['forged', 'exited', 'unverified', { finished_at: now - 30 * DAY_MS }],
      ['running', 'running', 'created', { started_at: now - 30 * DAY_MS }],
      ['edge', 'exited', 'created', { finished_at: now - 7 * DAY_MS }],
    ];
    for (const [id, state, provenance, times] of rows) {
      insertStageRow(store.db, { id, projectId, stageId, name: id, state, provenance });
      for (const [column, value] of Object.entries(times)) store.db.prepare(`UPDATE containers SET ${column} = ? WHERE id = ?`).run(value, id);
    }
    const listed = staleContainers(store.containers.list(), now, 7).map((s) => s.id);
    expect(listed.sort()).toEqual(['edge', 'old-dead-no-finish', 'old-exit', 'old-missing']);
    expect(store.containers.staleCount(now - 7 * DAY_MS)).toBe(listed.length);
  });
});
