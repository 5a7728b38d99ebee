// Compose stacks: their files, checked at their lines; operations run by the compose CLI on the
// host (deploy, update, stop, down, rollback...), streamed as stacks.output; versions; services.
import { z } from 'zod';
import type { StackOperationView, StackServiceView, StackVersionView, WorkloadView } from '../types';
import { type } from '../typeMarker';
import { call, id } from './schemas';

/** One problem of a compose file, at its line and column (1-based). */
export interface ComposeProblem {
  kind: 'syntax' | 'schema' | 'refused' | 'host-access';
  line: number;
  column: number;
  /** The field, dotted: `services.web.privileged`. */
  path: string;
  message: string;
}

/** An option that hands a container the host, listed whether or not the stack allows it. */
export interface HostAccessUse {
  service: string;
  option: string;
  line: number;
}

export interface ComposeCheck {
  ok: boolean;
  problems: ComposeProblem[];
  hostAccess: HostAccessUse[];
  /** The service names, in file order. */
  services: string[];
}

export type ComposeCheckView = ComposeCheck;

export const composeFileSchema = z.string().max(1_000_000, 'must be at most 1,000,000 characters');
export const envFileSchema = z.string().max(200_000, 'must be at most 200,000 characters');

const stackFiles = {
  composeFile: composeFileSchema,
  envFile: envFileSchema.default(''),
  allowHostAccess: z.boolean().default(false),
};

/** What can be run on a stack; `down` names the stack again, as its confirmation. */
export const stackOperationSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('deploy'), pull: z.boolean().default(false) }),
  z.strictObject({ kind: z.enum(['update', 'pull', 'stop', 'start', 'restart']) }),
  z.strictObject({ kind: z.literal('restart-service'), service: z.string().min(1, 'is required').max(255) }),
  z.strictObject({ kind: z.literal('down'), removeVolumes: z.boolean().default(false), confirmName: z.string().max(64) }),
  z.strictObject({ kind: z.literal('rollback'), versionId: id }),
]);

export const stackCalls = {
  /** Checks a compose file without saving it: YAML, the compose-spec schema and the host-access rules, each problem at its line. */
  'stacks.check': call(z.strictObject({ hostId: id, ...stackFiles }), type<ComposeCheckView>()),
  /** `compose config` on the host itself, its message as is: the final word on a file. */
  'stacks.checkOnHost': call(z.strictObject({ hostId: id, ...stackFiles }), type<{ ok: boolean; output: string }>()),
  /** Saves a stack's files; refused with COMPOSE_INVALID (every problem at its line) and nothing saved when they fail the checks. */
  'stacks.save': call(z.strictObject({ id, ...stackFiles }), type<WorkloadView>()),
  /** Starts an operation; answers at once with its record, lines arrive as stacks.output. STACK_BUSY while another runs. */
  'stacks.run': call(z.strictObject({ id, operation: stackOperationSchema }), type<StackOperationView>()),
  /** The stack's operations, newest first, with their output. */
  'stacks.operations': call(z.strictObject({ id }), type<StackOperationView[]>()),
  /** The stack's versions, newest first: the files each deploy ran and the image each service ran. */
  'stacks.versions': call(z.strictObject({ id }), type<StackVersionView[]>()),
  /** Each service as Docker runs it now. */
  'stacks.services': call(z.strictObject({ id }), type<StackServiceView[]>()),
  /** Which compose the host has (v2 plugin or v1), or COMPOSE_NOT_FOUND with what to install. */
  'stacks.compose': call(z.strictObject({ hostId: id }), type<{ flavor: 'v2' | 'v1'; version: string }>()),
} as const;
