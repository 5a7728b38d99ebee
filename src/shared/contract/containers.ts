// One container at a time: listing, actions, trust, and streamed logs. Every action names the
// workload (and stage) it acts for; the engine refuses a container that is not theirs.
import { z } from 'zod';
import type { ContainerDetail } from '../containerDetail';
import type { ContainerView } from '../types';
import { type } from '../typeMarker';
import { call, id } from './schemas';

/** Chosen by the client, so it knows the id before the first line can arrive; unique per connection. */
const streamId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, dashes or underscores');

export const containerCalls = {
  'containers.list': call(z.strictObject({ hostId: id.optional() }), type<ContainerView[]>()),
  /** Actions on one container: it must belong to the workload (and stage) named, else FORBIDDEN. */
  'containers.stop': call(z.strictObject({ id, workloadId: id, stageId: id.optional() }), type<{ done: true }>()),
  'containers.restart': call(z.strictObject({ id, workloadId: id, stageId: id.optional() }), type<{ done: true }>()),
  'containers.remove': call(z.strictObject({ id, workloadId: id, stageId: id.optional() }), type<{ done: true }>()),
  /**
   * A user's decision about a container whose labels name the workload but that the app did not
   * create: `trusted: true` makes it count as the workload's own (routable, counted, cleaned up),
   * `false` takes that back. Recorded. A container the app created is refused (CONFLICT).
   */
  'containers.trust': call(z.strictObject({ id, workloadId: id, trusted: z.boolean() }), type<ContainerView>()),
  /** The last lines of output; like logs.open, only of a container the app created or the user trusted (FORBIDDEN otherwise). */
  'containers.logs': call(
    z.strictObject({ id, workloadId: id, stageId: id.optional(), tail: z.number().int().min(1).max(10_000).default(500) }),
    type<{ text: string }>(),
  ),
  /**
   * Streams a container's output to the calling connection only, as `logs.lines` events (batched)
   * ended by one `logs.end`. Same ownership rule as the actions above, and the container must be one
   * the app created or the user trusted, as for the terminal (FORBIDDEN otherwise). `since` resumes after a
   * reconnect: Unix seconds with up to nine decimals, as Docker takes it.
   */
  'logs.open': call(
    z.strictObject({
      streamId,
      id,
      workloadId: id,
      stageId: id.optional(),
      tail: z.number().int().min(0).max(10_000).default(500),
      follow: z.boolean().default(true),
      timestamps: z.boolean().default(true),
      since: z
        .string()
        .regex(/^\d{1,12}(\.\d{1,9})?$/, 'must be Unix seconds such as 1700000000.123456789')
        .optional(),
    }),
    type<{ streamId: string; tty: boolean }>(),
  ),
  /**
   * One container the app created or the user trusted (FORBIDDEN otherwise), from one inspect on its
   * host: image, times, exit reason, health runs, ports, mounts, networks, labels, environment.
   * Values of secret-looking variables are left out; `containers.revealEnv` returns one on request.
   */
  'containers.inspect': call(z.strictObject({ id }), type<ContainerDetail>()),
  /** One environment variable's value, as the container has it now; same ownership rule. */
  'containers.revealEnv': call(z.strictObject({ id, key: z.string().min(1).max(1_024) }), type<{ key: string; value: string }>()),
  /** Closes one of the caller's own streams; `closed` is false when it had already ended. */
  'logs.close': call(z.strictObject({ streamId }), type<{ closed: boolean }>()),
} as const;
