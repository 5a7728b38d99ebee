// containers.trust at the boundary, with Docker unreachable (trust is a record, not a Docker call):
// who may be trusted, by which workload, and what may not lose its trust.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import type { App } from '../app';
import { createTestProject, insertStageRow, tempDir } from '../testing/fixtures';
import { dispatchCall } from '../rpc/handlers';

let app: App;
let projectId: string;
let stageId: string;
beforeEach(async () => {
  app = await createApp({ dataDir: tempDir(), shell: 'browser', dockerSocketPath: '/nonexistent/docker.sock', log: () => {} });
  ({ projectId, stageId } = createTestProject(app.services.workloads));
});
afterEach(() => app?.close());

const trust = (id: string, workloadId: string, trusted: boolean) =>
  dispatchCall(app.handlers, 'containers.trust', { id, workloadId, trusted }, { connectionId: 'test' });
const provenanceOf = (id: string) => app.services.containers.get(id)?.provenance;
const logged = () => app.services.db.prepare('SELECT action FROM container_trust_log').all();

describe('containers.trust', () => {
  it('refuses to take trust back from a container that serves its stage route, and changes nothing', async () => {
    insertStageRow(app.services.db, { id: 'vouched', projectId, stageId, name: 'api-vouched', routeId: stageId, provenance: 'trusted' });
    expect(await trust('vouched', projectId, false)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(provenanceOf('vouched')).toBe('trusted');
    expect(logged()).toEqual([]);
  });

  it('refuses a container the app created, a container of another workload and an unknown id', async () => {
    insertStageRow(app.services.db, { id: 'ours', projectId, stageId, name: 'api-ours' });
    insertStageRow(app.services.db, { id: 'copy', projectId, stageId, name: 'api-copy', provenance: 'unverified' });
    const other = createTestProject(app.services.workloads, { name: 'other' });
    expect(await trust('ours', projectId, true)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await trust('copy', other.projectId, true)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await trust('nope', projectId, true)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect([provenanceOf('ours'), provenanceOf('copy')]).toEqual(['created', 'unverified']);
    expect(logged()).toEqual([]);
  });

  it('trusts and untrusts a labelled container, each decision logged once', async () => {
    insertStageRow(app.services.db, { id: 'copy', projectId, stageId, name: 'api-copy', provenance: 'unverified' });
    expect(await trust('copy', projectId, true)).toMatchObject({ ok: true, value: { provenance: 'trusted' } });
    // Asking again changes nothing and records nothing.
    expect(await trust('copy', projectId, true)).toMatchObject({ ok: true, value: { provenance: 'trusted' } });
    expect(await trust('copy', projectId, false)).toMatchObject({ ok: true, value: { provenance: 'unverified', trustedAt: null } });
    expect(logged()).toEqual([{ action: 'trusted' }, { action: 'untrusted' }]);
  });
});
