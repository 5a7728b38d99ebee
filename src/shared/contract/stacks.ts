// Compose stacks: their files, checked at their lines (a problem carries a stable `code` and `params`
// beside its English message, so the renderer words it in either language without reading the
// message); operations run by the compose CLI on the host (deploy, update, stop, down, rollback...),
// streamed as stacks.output; versions; services.
import { z } from 'zod';
import type { AdoptPreview, ForeignGroup, SecretKeeping, StackOperationView, StackRouteView, StackServiceView, StackVersionView, WorkloadView } from '../types';
import { type } from '../typeMarker';
import { call, dnsLabel, envKey, id, slug } from './schemas';

/** Which check found a problem: the YAML parser, the compose-spec schema, or the host-access policy. */
export type ComposeProblemKind = 'syntax' | 'schema' | 'refused' | 'host-access';

export type ComposeProblemCode =
  // syntax
  | 'yaml'
  | 'duplicate-key'
  | 'empty-file'
  | 'not-a-mapping'
  | 'unknown-alias'
  | 'too-many-aliases'
  | 'complex-key'
  // schema
  | 'unknown-key'
  | 'invalid-name'
  | 'wrong-type'
  | 'missing-key'
  | 'not-allowed-value'
  | 'duplicate-item'
  | 'out-of-range'
  | 'bad-format'
  | 'restart-policy'
  | 'no-services'
  | 'bad-interpolation'
  | 'schema-other'
  // refused, whatever the box says
  | 'app-label'
  // host access, refused unless the stack allows it
  | 'privileged'
  | 'namespace-host'
  | 'capability'
  | 'device'
  | 'security-opt'
  | 'bind-root'
  | 'bind-socket'
  | 'bind-outside-folder'
  | 'bind-unknown'
  | 'api-socket'
  | 'outside-file';

export interface ComposeProblem {
  kind: ComposeProblemKind;
  code: ComposeProblemCode;
  /** 1-based, where the offending text starts. */
  line: number;
  column: number;
  /** 1-based, where it ends (exclusive): the editor underlines from line:column to here. */
  endLine: number;
  endColumn: number;
  /** Where in the file, e.g. `services.web.ports[0]`; '' for the whole file. */
  path: string;
  /** English, specific, starting with the path. */
  message: string;
  /** What the renderer needs to word the problem itself (a key, the allowed values, a variable). */
  params: Record<string, string | number>;
}

/** An option that hands a container part of the host, listed on the stack page even when allowed. */
export interface HostAccessUse {
  service: string;
  /** As the file says it, e.g. `privileged`, `pid: host`, `volumes: /var/run/docker.sock:/var/run/docker.sock`. */
  option: string;
  code: ComposeProblemCode;
  line: number;
}

export interface ComposeCheck {
  /** No problems: the file may go on to `compose config` on the host. */
  ok: boolean;
  problems: ComposeProblem[];
  hostAccess: HostAccessUse[];
  /** Service names in file order. */
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
  /** The stack's secret .env keys and where each value is kept (never the value). */
  'stacks.secrets': call(z.strictObject({ id }), type<{ key: string; keeping: SecretKeeping }[]>()),
  /**
   * Sets a secret .env value (kept like every secret: the keychain, or this session only), or
   * removes the secret with null. Written to the host only while an operation runs.
   */
  'stacks.setSecret': call(
    z.strictObject({
      id,
      key: envKey,
      value: z
        .string()
        .min(1, 'is required')
        .max(32_768, 'must be at most 32,768 characters')
        .regex(/^[^\n\r]*$/, 'must be one line')
        .nullable(),
    }),
    type<{ key: string; keeping: SecretKeeping }[]>(),
  ),
  /** Which compose the host has (v2 plugin or v1), or COMPOSE_NOT_FOUND with what to install. */
  'stacks.compose': call(z.strictObject({ hostId: id }), type<{ flavor: 'v2' | 'v1'; version: string }>()),
  /**
   * The host's containers the app does not own (no row of a workload), live from Docker, grouped by
   * compose project (null for plain containers). Read only: nothing here can be stopped or removed.
   */
  'stacks.foreign': call(z.strictObject({ hostId: id }), type<ForeignGroup[]>()),
  /**
   * What adopting a foreign compose project would import (nothing is saved): its compose file and
   * `.env` read on the host from where its labels say compose ran, or why they cannot be read and a
   * file drafted from its running containers. Adopting is `workloads.createStack` with `adopt`.
   */
  'stacks.adoptPreview': call(z.strictObject({ hostId: id, project: slug }), type<AdoptPreview>()),
  /** The stack's services published through the host's proxy, each with what its route reaches now. */
  'stacks.routes': call(z.strictObject({ id }), type<StackRouteView[]>()),
  /**
   * Publishes a service's container port as `<subdomain>.<domain>` through the host's proxy; the
   * route follows the service's container when compose recreates it. Refused (nothing saved) for a
   * service the file does not declare, a name another route of the host holds, or a host without a proxy.
   */
  'stacks.publish': call(
    z.strictObject({
      id,
      service: z.string().min(1, 'is required').max(255, 'must be at most 255 characters'),
      port: z.number().int('must be a whole number').min(1, 'must be 1 to 65535').max(65_535, 'must be 1 to 65535'),
      subdomain: dnsLabel,
    }),
    type<StackRouteView[]>(),
  ),
  /** Takes a published service off the proxy (the route is removed from the proxy first). */
  'stacks.unpublish': call(z.strictObject({ id, routeId: id }), type<StackRouteView[]>()),
} as const;
