// Container stats: history from the tier that fits the range (per container, per workload stacked
// by container, per host), the stage's before/after of each deploy, and the history's size. Live
// samples arrive as the stats.samples event and are patched into these queries' caches.
import { z } from 'zod';
import { STATS_RANGES } from '../stats';
import type { DeployImpact, StatsHistory, StatsSize } from '../stats';
import { type } from '../typeMarker';
import { call, id } from './schemas';

export const statsCalls = {
  /** The points of a range: 1h from 5-second samples, 24h and 7d from 1-minute averages, 90d from 15-minute ones. */
  'stats.history': call(
    z.strictObject({ scope: z.enum(['container', 'workload', 'host']), id, range: z.enum(STATS_RANGES).default('1h') }),
    type<StatsHistory>(),
  ),
  /** The stage's CPU, memory and restarts in the 30 minutes before and after each of its recent deploys, newest first. */
  'stats.deployImpact': call(z.strictObject({ stageId: id }), type<DeployImpact[]>()),
  /** How big the history is (bytes on disk, rows per tier, containers). */
  'stats.size': call(z.strictObject({}), type<StatsSize>()),
  /** Deletes every sample; collecting goes on. */
  'stats.clear': call(z.strictObject({}), type<StatsSize>()),
} as const;
