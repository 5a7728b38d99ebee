// Registry watch: per stage and per stack service, watch the tag's digest in its registry (HEAD on
// the manifest, shared per image, one check per interval) and show or deploy what changed.
import { z } from 'zod';
import type { ContainerUpdateView, WatchView } from '../registryWatch';
import { WATCH_MODES } from '../registryWatch';
import { type } from '../typeMarker';
import { call, id } from './schemas';

/** A compose service name, as compose accepts it. */
const serviceName = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/, 'must be a compose service name');

export const registryWatchCalls = {
  /** The watch of every stage (project) or every service (stack) of a workload. */
  'registryWatch.list': call(z.strictObject({ workloadId: id }), type<WatchView[]>()),
  /** Sets the watch mode of one stage or one stack service (exactly one of them). */
  'registryWatch.set': call(
    z
      .strictObject({ workloadId: id, stageId: id.optional(), service: serviceName.optional(), mode: z.enum(WATCH_MODES) })
      .refine((v) => (v.stageId === undefined) !== (v.service === undefined), { error: 'name exactly one of stageId or service', path: ['stageId'] }),
    type<WatchView>(),
  ),
  /** The update badge of every running owned container whose stage or service is watched (optionally one host's). */
  'registryWatch.containers': call(z.strictObject({ hostId: id.optional() }), type<ContainerUpdateView[]>()),
} as const;
