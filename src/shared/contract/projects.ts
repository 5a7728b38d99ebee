// Projects: their stages, blue-green deploys with rollback and promote, and proxy routes.
import { z } from 'zod';
import type { DeployView, RecentDeployView, RoutesView, StageImageView, WorkloadView } from '../types';
import { type } from '../typeMarker';
import { call, dnsLabel, envSchema, id, imageTag, slug } from './schemas';

export const stageInputSchema = z.strictObject({
  name: slug,
  imageTag: imageTag.default('latest'),
  env: envSchema.default({}),
  port: z.number().int().min(1).max(65_535).nullable().default(null),
  healthCheckPath: z
    .string()
    .max(2_048, 'must be at most 2048 characters')
    .regex(/^\/[^\s]*$/, 'must be a path starting with /')
    .nullable()
    .default(null),
  healthTimeoutSec: z.number().int().min(1).max(3_600).default(60),
  subdomain: dnsLabel.nullable().default(null),
  maxInstances: z.number().int().min(1).max(20).default(2),
});

export const projectCalls = {
  /** Adds a stage to a project; answers with the project. */
  'stages.add': call(z.strictObject({ workloadId: id, stage: stageInputSchema }), type<WorkloadView>()),
  /**
   * Replaces a stage's settings, its name included (a whole stage: an omitted field takes its
   * default, as when the stage was created; the edit dialog always sends every field). Containers and routes follow the stage by id;
   * with no subdomain a rename moves the live route to the new host name. Refused while a deploy
   * of the stage runs. New image, env and port settings apply from the next deploy.
   */
  'stages.update': call(z.strictObject({ stageId: id, stage: stageInputSchema }), type<WorkloadView>()),
  /**
   * Removes a stage with its stopped instances, route and history; refused while an instance runs
   * or a deploy is in progress, and for a project's last stage.
   */
  'stages.remove': call(z.strictObject({ stageId: id }), type<WorkloadView>()),

  /** Starts a blue-green deploy of a stage; answers at once, progress arrives as deploys.changed. */
  'deploys.start': call(z.strictObject({ stageId: id, imageTag: imageTag.optional() }), type<DeployView>()),
  /** Returns a stage to the newest earlier image (by digest) it ran successfully. */
  'deploys.rollback': call(z.strictObject({ stageId: id }), type<DeployView>()),
  /** Deploys the exact image (by digest) one stage runs to another stage of the same project. */
  'deploys.promote': call(z.strictObject({ fromStageId: id, toStageId: id }), type<DeployView>()),
  /** The deploy history of a stage, newest first. */
  'deploys.list': call(z.strictObject({ stageId: id }), type<DeployView[]>()),
  /** The newest deploys across every project and host, newest first. */
  'deploys.recent': call(z.strictObject({ limit: z.number().int().min(1).max(100).default(10) }), type<RecentDeployView[]>()),
  /** The images a stage ran successfully, by digest, newest first, each checked on the host. */
  'deploys.images': call(z.strictObject({ stageId: id }), type<StageImageView[]>()),

  /** A project's proxy routes as recorded, each compared with what the proxy holds. */
  'routes.list': call(z.strictObject({ workloadId: id }), type<RoutesView>()),
} as const;
