// The one list of every call and pushed event between the engine and the renderer. Each call carries
// its input schema (validated at the boundary in both shells) and its output type; each event its
// payload type. The main process registers a handler map checked against this object, the preload
// builds one named function per call, the browser shell serves the same map, and the renderer gets a
// typed client: adding a call is one entry here plus its handler.
import type { z } from 'zod';
import type { ValidationIssue } from '../errors';
import { events } from '../events';
import type { EventName, EventPayload } from '../events';
import { containerCalls } from './containers';
import { dnsCalls } from './dns';
import { execCalls } from './exec';
import { hostCalls } from './hosts';
import { notifyCalls } from './notify';
import { projectCalls } from './projects';
import { registryCalls } from './registries';
import { registryWatchCalls } from './registryWatch';
import { siteCalls } from './sites';
import { stackCalls } from './stacks';
import { staleCalls } from './stale';
import { statsCalls } from './stats';
import { systemCalls } from './system';
import { workloadCalls } from './workloads';
import { webhookCalls } from './webhooks';

export { DIRECTED_EVENT_NAMES, EVENT_NAMES, eventChannel, isEventName } from '../events';
export type { BroadcastEventName, DirectedEventName, EventName, EventPayload } from '../events';
export { sshSettingsSchema, proxySettingsSchema } from './hosts';
export { stageInputSchema } from './projects';

/** One file per domain; a call name appears in exactly one of them (checked by contract.test.ts). */
export const contract = {
  calls: {
    ...systemCalls,
    ...hostCalls,
    ...containerCalls,
    ...workloadCalls,
    ...projectCalls,
    ...stackCalls,
    ...siteCalls,
    ...registryCalls,
    ...registryWatchCalls,
    ...staleCalls,
    ...execCalls,
    ...statsCalls,
    ...webhookCalls,
    ...notifyCalls,
    ...dnsCalls,
  },
  events,
} as const;

export type Contract = typeof contract;
export type CallName = keyof Contract['calls'];

/** What a caller passes: the schema's input (defaults may be omitted). */
export type CallInput<N extends CallName> = z.input<Contract['calls'][N]['input']>;
/** What a handler receives: the schema's output, already validated and defaulted. */
export type ParsedInput<N extends CallName> = z.output<Contract['calls'][N]['input']>;
export type CallOutput<N extends CallName> = Contract['calls'][N]['output'];

export const CALL_NAMES = Object.keys(contract.calls) as CallName[];

export function isCallName(value: unknown): value is CallName {
  return typeof value === 'string' && Object.hasOwn(contract.calls, value);
}

/** The typed client the renderer uses, whatever carries it (Electron IPC or the WebSocket). */
export type Client = {
  [N in CallName]: (input: CallInput<N>) => Promise<CallOutput<N>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** The raw form a transport exposes: one function per call returning an envelope. */
export type { Envelope } from '../errors';

/** A schema failure as one issue per field: `{ path: 'stages.0.name', message: 'is required' }`. */
export function toIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** Turns a schema failure into one message that names the field: `stages.0.name: is required`. */
export function describeIssues(error: z.ZodError): string {
  return toIssues(error)
    .map(({ path, message }) => (path ? `${path}: ${message}` : message))
    .join('; ');
}

/**
 * What a transport hands the renderer before unwrapping: one function per call resolving to an
 * envelope, and `on` for listed events only. The preload exposes exactly this as `window.tinyforge`.
 */
export type RawBridge = {
  [N in CallName]: (input: CallInput<N>) => Promise<import('../errors').Envelope<CallOutput<N>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** Electron IPC channel names, derived from the contract so nothing is spelled twice. */
export const callChannel = (name: CallName) => `tf:call:${name}`;
