import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestProject, openTestStore } from '../testing/fixtures';
import type { TestStore } from '../testing/fixtures';
import { ExecSessionRepo } from './execSessionRepo';

let store: TestStore;
let repo: ExecSessionRepo;
let workloadId: string;
beforeEach(() => {
  store = openTestStore();
  repo = new ExecSessionRepo(store.db);
  workloadId = createTestProject(store.workloads).projectId;
});
afterEach(() => store.cleanup());

const session = (id: string, startedAt: number, workload: string | null = workloadId) => ({
  id,
  hostId: 'local',
  workloadId: workload,
  containerId: 'row-1',
  containerName: 'api-1',
  osUser: 'ada',
  shell: 'bash' as const,
  startedAt,
});

describe('ExecSessionRepo', () => {
  it('records a session open, then its end once, newest first', () => {
    repo.start(session('a', 1_000));
    repo.start(session('b', 2_000));
    repo.end('a', 5_000, 'exited');
    repo.end('a', 9_000, 'closed');
    expect(repo.list(workloadId)).toEqual([
      { id: 'b', workloadId, containerId: 'row-1', containerName: 'api-1', osUser: 'ada', shell: 'bash', startedAt: 2_000, endedAt: null, endReason: null },
      expect.objectContaining({ id: 'a', endedAt: 5_000, endReason: 'exited' }),
    ]);
  });

  it('settles sessions a crash left open as shutdown, without inventing an end time', () => {
    repo.start(session('a', 1_000));
    expect(repo.settleInterrupted('local')).toBe(1);
    expect(repo.list(workloadId)[0]).toMatchObject({ endReason: 'shutdown', endedAt: null });
  });

  it('goes with its workload, and keeps nothing for a container without one', () => {
    repo.start(session('orphan', 1_000, null));
    repo.start(session('a', 1_000));
    store.workloads.delete(workloadId);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM exec_sessions').get()).toEqual({ n: 0 });
  });
});
