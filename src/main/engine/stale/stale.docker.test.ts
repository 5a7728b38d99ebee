// The stale page's removal against the real dockerd. A container of the app's exited 10 days ago by
// the store's clock, a foreign container (its labels claim the same project) exited as long, and an
// image a rollback pins: the dry run lists exactly the first and its unpinned image, the removal
// removes exactly those, and a plan that stopped holding is refused with nothing removed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import { canonicalLabels } from '../docker/labels';
import { TEST_IMAGE, TEST_RUN_LABEL, newRunId, removeRun, testDocker, waitFor } from '../testing/dockerHost';
import { createAppProject, openDeployApp, removeDeployLeftovers, testProxy } from '../testing/deployHarness';
import { rejectionOf, stageDeploy } from '../testing/fixtures';
import { DAY_MS } from './stalePlan';

const docker = testDocker();
const runId = newRunId();
const proxy = testProxy(runId);
let app: App;
let projectId = '';
let stageId = '';
const images: string[] = [];

beforeAll(async () => {
  app = await openDeployApp(proxy);
  ({ projectId, stageId } = await createAppProject(app, `stale-${runId.slice(-6)}`, { subdomain: `stale-${runId.slice(-6)}` }));
});

afterAll(async () => {
  await app?.close();
  await removeRun(docker, runId);
  await removeDeployLeftovers(docker, [projectId], proxy);
  for (const image of images)
    await docker
      .getImage(image)
      .remove({ force: true })
      .catch(() => undefined);
});

/** An image of its own (a commit of the test image), so removing it touches nothing else. */
async function ownImage(tag: string): Promise<string> {
  const base = await docker.createContainer({ Image: TEST_IMAGE, Cmd: ['true'], Labels: { [TEST_RUN_LABEL]: runId } });
  const { Id } = (await base.commit({ repo: `tinyforge-test/${runId}`, tag, changes: [`LABEL tinyforge-test.image=${tag}`] })) as { Id: string };
  await base.remove();
  images.push(Id);
  return Id;
}

/** A deploy record that ran `imageId` on the stage `daysAgo` days ago (succeeded: a rollback can return to it). */
function deployedImage(imageId: string, daysAgo: number, status: 'succeeded' | 'failed'): void {
  const deploys = app.services.deploys;
  const d = deploys.start(stageDeploy(projectId, stageId, imageId));
  deploys.advance(d.id, 'image', 'proxy', { imageDigest: imageId });
  deploys.finish(d.id, status, status === 'failed' ? 'test' : null);
  const at = Date.now() - daysAgo * DAY_MS;
  app.services.db.prepare('UPDATE deploys SET started_at = ?, finished_at = ? WHERE id = ?').run(at, at, d.id);
  app.services.db.prepare('UPDATE stage_images SET deployed_at = ? WHERE deploy_id = ?').run(at, d.id);
}

/** An exited container claiming the project; its row is set to have exited `daysAgo` days ago. */
async function exitedContainer(
  name: string,
  image: string,
  provenance: 'created' | 'unverified',
  daysAgo: number,
): Promise<{ dockerId: string; rowId: string }> {
  const c = await docker.createContainer({
    Image: image,
    name: `${runId}-${name}`,
    Cmd: ['sh', '-c', 'exit 0'],
    Labels: { ...canonicalLabels(projectId, 'project', 'production'), [TEST_RUN_LABEL]: runId },
  });
  await c.start();
  await c.wait();
  await app.services.runtime('local')!.reconciler.trigger(true);
  const row = await waitFor(`${name} seen exited`, () => app.services.containers.list().find((r) => r.dockerId === c.id && r.state === 'exited'));
  app.services.db.prepare('UPDATE containers SET provenance = ?, finished_at = ? WHERE id = ?').run(provenance, Date.now() - daysAgo * DAY_MS, row.id);
  return { dockerId: c.id, rowId: row.id };
}

const exists = (kind: 'container' | 'image', id: string) =>
  (kind === 'container' ? docker.getContainer(id).inspect() : docker.getImage(id).inspect()).then(
    () => true,
    () => false,
  );

describe('stale removal', () => {
  it('lists, dry-runs and removes exactly the own stale container and its unpinned image', async () => {
    const unpinned = await ownImage('unpinned');
    const pinned = await ownImage('pinned');
    deployedImage(unpinned, 12, 'failed');
    deployedImage(pinned, 12, 'succeeded');
    const own = await exitedContainer('own', unpinned, 'created', 10);
    const foreign = await exitedContainer('foreign', TEST_IMAGE, 'unverified', 10);

    const list = await app.handlers['stale.list']({});
    expect(list.containers.map((c) => c.id)).toEqual([own.rowId]);
    expect(list.containers[0]).toMatchObject({ daysStale: 10, state: 'exited', workloadId: projectId });
    // The pinned image is unused and old, yet a rollback can return to it: not listed.
    expect(list.images.map((i) => i.imageId)).not.toContain(pinned);

    const forged = await rejectionOf(
      app.handlers['stale.dryRun']({ containerIds: [foreign.rowId], images: [], withImages: true, withVolumes: true }) as Promise<unknown>,
    );
    expect(forged).toMatchObject({ code: 'FORBIDDEN', details: { refused: [{ kind: 'container', why: 'not-owned' }] } });
    const pinnedAsked = await rejectionOf(
      app.handlers['stale.dryRun']({
        containerIds: [],
        images: [{ hostId: 'local', imageId: pinned }],
        withImages: false,
        withVolumes: false,
      }) as Promise<unknown>,
    );
    expect(pinnedAsked).toMatchObject({ code: 'STALE_CHANGED', details: { refused: [{ kind: 'image', why: 'pinned' }] } });

    const plan = await app.handlers['stale.dryRun']({ containerIds: [own.rowId], images: [], withImages: true, withVolumes: true });
    expect(plan).toEqual({
      containers: [{ id: own.rowId, hostId: 'local', dockerId: own.dockerId, name: `${runId}-own`, storeOnly: false }],
      images: [{ hostId: 'local', imageId: unpinned, names: [`tinyforge-test/${runId}:unpinned`], sizeBytes: expect.any(Number) }],
      volumes: [],
    });

    // Someone starts using the image between the dry run and the confirmation: refused, nothing removed.
    const user = await docker.createContainer({ Image: unpinned, Cmd: ['true'], Labels: { [TEST_RUN_LABEL]: runId } });
    const changed = await rejectionOf(app.handlers['stale.remove']({ plan }) as Promise<unknown>);
    expect(changed).toMatchObject({ code: 'STALE_CHANGED', details: { refused: [{ kind: 'image', name: unpinned, why: 'in-use' }] } });
    expect(await exists('container', own.dockerId)).toBe(true);
    await user.remove();

    // A confirmed plan is the caller's: names it carries are not trusted (this one names another image's tag).
    await docker.getImage(pinned).tag({ repo: `tinyforge-test/${runId}`, tag: 'bystander' });
    const forgedNames = { ...plan, images: plan.images.map((i) => ({ ...i, names: [`tinyforge-test/${runId}:bystander`] })) };
    expect(await app.handlers['stale.remove']({ plan: forgedNames })).toEqual(plan);
    expect(await exists('image', `tinyforge-test/${runId}:bystander`)).toBe(true);
    expect(await exists('container', own.dockerId)).toBe(false);
    expect(await exists('image', unpinned)).toBe(false);
    expect(await exists('image', pinned)).toBe(true);
    expect(await exists('container', foreign.dockerId)).toBe(true);
    expect(app.services.containers.get(own.rowId)).toBeUndefined();
    expect((await app.handlers['stale.list']({})).containers).toEqual([]);
  });

  it('drops a missing row from the store only', async () => {
    const gone = await exitedContainer('gone', TEST_IMAGE, 'created', 0);
    await docker.getContainer(gone.dockerId).remove();
    await app.services.runtime('local')!.reconciler.trigger(true);
    await waitFor('marked missing', () => app.services.containers.get(gone.rowId)?.state === 'missing');
    app.services.db.prepare('UPDATE containers SET missing_since = ? WHERE id = ?').run(Date.now() - 9 * DAY_MS, gone.rowId);
    const plan = await app.handlers['stale.dryRun']({ containerIds: [gone.rowId], images: [], withImages: true, withVolumes: true });
    expect(plan.containers).toEqual([expect.objectContaining({ id: gone.rowId, storeOnly: true })]);
    await app.handlers['stale.remove']({ plan });
    expect(app.services.containers.get(gone.rowId)).toBeUndefined();
  });
});
