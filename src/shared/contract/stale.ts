// The stale page: the app's own containers stopped or gone for longer than the setting, and its
// unused images. Removal is two calls: a dry run that names exactly what would go, and a removal
// that takes that confirmed list and re-checks every item on the engine (STALE_CHANGED if any
// changed; then nothing is removed).
import { z } from 'zod';
import type { StaleListView, StaleRemovalPlan } from '../types';
import { type } from '../typeMarker';
import { call, id } from './schemas';

const imageId = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be an image id such as sha256:…');
const volumeName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/, 'must be a Docker volume name');
const dockerId = z.string().regex(/^[0-9a-f]{12,64}$|^$/, 'must be a Docker id');

export const stalePlanSchema = z.strictObject({
  containers: z.array(z.strictObject({ id, hostId: id, dockerId, name: z.string().max(255), storeOnly: z.boolean() })).max(1_000),
  images: z.array(z.strictObject({ hostId: id, imageId, names: z.array(z.string().max(255)).max(100), sizeBytes: z.number().int().min(0) })).max(1_000),
  volumes: z.array(z.strictObject({ hostId: id, name: volumeName })).max(1_000),
});

export const staleCalls = {
  'stale.list': call(z.strictObject({ hostId: id.optional() }), type<StaleListView>()),
  /**
   * What removing these would remove, changing nothing: the containers (only the app's own and
   * stale), and if asked the images and volumes that only they use and nothing pins.
   */
  'stale.dryRun': call(
    z.strictObject({
      containerIds: z.array(id).max(1_000),
      images: z.array(z.strictObject({ hostId: id, imageId })).max(1_000),
      withImages: z.boolean(),
      withVolumes: z.boolean(),
    }),
    type<StaleRemovalPlan>(),
  ),
  /** Removes exactly the confirmed plan after re-checking each item; STALE_CHANGED otherwise. */
  'stale.remove': call(z.strictObject({ plan: stalePlanSchema }), type<StaleRemovalPlan>()),
} as const;
