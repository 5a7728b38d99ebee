// Workloads of every kind: projects, stacks and static sites share one list, one rename, one delete.
import { z } from 'zod';
import type { WorkloadView } from '../types';
import { type } from '../typeMarker';
import { call, id, imageRepository, name, slug } from './schemas';
import { stageInputSchema } from './projects';

/** An absolute path: POSIX, a Windows drive path or a UNC share. No NUL, which no OS allows. */
const ABSOLUTE_FOLDER = /^(?:\/|[A-Za-z]:[\\/]|\\\\[^\\]+\\[^\\]+)[^\0]*$/;

const uniqueStageNames = (stages: { name: string }[]) => new Set(stages.map((s) => s.name)).size === stages.length;

export const workloadCalls = {
  'workloads.list': call(z.strictObject({ hostId: id.optional() }), type<WorkloadView[]>()),
  'workloads.get': call(z.strictObject({ id }), type<WorkloadView>()),
  'workloads.createProject': call(
    z.strictObject({
      hostId: id.default('local'),
      name,
      imageRepository,
      stages: z.array(stageInputSchema).min(1, 'needs at least one stage').max(20).refine(uniqueStageNames, 'stage names must be unique'),
    }),
    type<WorkloadView>(),
  ),
  'workloads.createStack': call(
    z.strictObject({
      hostId: id.default('local'),
      name,
      composeProjectName: slug,
      composeFile: z.string().max(1_000_000, 'must be at most 1,000,000 characters').default(''),
      envFile: z.string().max(200_000, 'must be at most 200,000 characters').default(''),
      allowHostAccess: z.boolean().default(false),
      // The owner takes over the containers of this compose project, started outside the app: the
      // stack's first deploy recreates them all so that they become its own.
      adopt: z.boolean().optional(),
    }),
    type<WorkloadView>(),
  ),
  'workloads.createSite': call(
    z.strictObject({
      hostId: id.default('local'),
      name,
      // Empty until the site's files are chosen; else a folder on this computer, by its full path
      // (POSIX `/srv/site`, Windows `C:\site` or `\\server\share`): a relative one would depend on
      // wherever the engine happened to start.
      sourceDir: z
        .string()
        .trim()
        .max(4_096)
        .refine((v) => v === '' || ABSOLUTE_FOLDER.test(v), 'must be an absolute folder path')
        .default(''),
    }),
    type<WorkloadView>(),
  ),
  'workloads.rename': call(z.strictObject({ id, name }), type<WorkloadView>()),
  'workloads.delete': call(z.strictObject({ id }), type<{ deleted: true }>()),
} as const;
