// The containers table's own queries over a real SQLite file.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestProject, insertStageRow, openTestStore } from '../testing/fixtures';
import type { TestStore } from '../testing/fixtures';

let store: TestStore;
afterEach(() => store?.cleanup());

describe('unverified containers', () => {
  it('counts them all but lists only the oldest few, leaving out created, trusted and missing rows', () => {
    store = openTestStore();
    const { projectId, stageId } = createTestProject(store.workloads);
    for (let i = 0; i < 12; i += 1) insertStageRow(store.db, { id: `u${i}`, projectId, stageId, name: `copy-${i}`, provenance: 'unverified' });
    store.db.prepare('UPDATE containers SET first_seen_at = CAST(substr(id, 2) AS INTEGER) + 100').run();
    insertStageRow(store.db, { id: 'ours', projectId, stageId, name: 'ours' });
    insertStageRow(store.db, { id: 'vouched', projectId, stageId, name: 'vouched', provenance: 'trusted' });
    insertStageRow(store.db, { id: 'gone', projectId, stageId, name: 'gone', state: 'missing', provenance: 'unverified' });

    const { count, oldest } = store.containers.unverified(10);
    expect(count).toBe(12);
    expect(oldest.map((c) => c.name)).toEqual(Array.from({ length: 10 }, (_, i) => `copy-${i}`));
  });
});
