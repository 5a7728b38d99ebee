// The one list of every call and pushed event between the engine and the renderer. Each call carries
// its input schema (validated at the boundary in both shells) and its output type; each event its
// payload type. The main process registers a handler map checked against this object, the preload
// builds one named function per call, the browser shell serves the same map, and the renderer gets a
// typed client: adding a call is one entry here plus its handler.
import { z } from 'zod';
import type { ValidationIssue } from './errors';
import { events } from './events';
import type { EventName, EventPayload } from './events';
import type {
  AppInfo,
  DeployView,
  HostTestResult,
  ContainerView,
  HealthView,
  HostView,
  ReconcileReport,
  RecentDeployView,
  RoutesView,
  SettingsView,
  StageImageView,
  WorkloadView,
} from './types';

import { type } from './typeMarker';

export { DIRECTED_EVENT_NAMES, EVENT_NAMES, eventChannel, isEventName } from './events';
export type { BroadcastEventName, DirectedEventName, EventName, EventPayload } from './events';

function call<S extends z.ZodType, O>(input: S, output: O) {
  return { input, output };
}

const id = z.string().trim().min(1, 'is required').max(64, 'must be at most 64 characters');
const name = z
  .string()
  .trim()
  .min(1, { error: 'is required', abort: true })
  .max(64, 'must be at most 64 characters')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, 'may contain letters, digits, spaces, dots, dashes and underscores, starting with a letter or digit');
/** Docker and compose names: lower-case, as `docker compose -p` requires. */
const slug = z
  .string()
  .trim()
  .min(1, { error: 'is required', abort: true })
  .max(63, 'must be at most 63 characters')
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, dashes or underscores, starting with a letter or digit');
const imageRepository = z
  .string()
  .trim()
  .min(1, { error: 'is required', abort: true })
  .max(255, 'must be at most 255 characters')
  // An optional registry (host with an optional :port), then lower-case path components; no tag.
  .regex(
    /^(?:[a-z0-9.-]+(?::\d{1,5})?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/,
    'must be an image repository such as ghcr.io/acme/api (lower-case, no tag)',
  );
/** A full image reference for the managed proxy: repository with an optional tag or digest. */
const proxyImage = z
  .string()
  .trim()
  .min(1, { error: 'is required', abort: true })
  .max(255, 'must be at most 255 characters')
  .regex(
    /^(?:[a-z0-9.-]+(?::\d{1,5})?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/,
    'must be an image such as caddy:2 or mirror.example.com/library/caddy:2',
  );
const imageTag = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'must be a Docker tag such as 1.4.2 or latest');
const envKey = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a valid environment variable name')
  // These parse fine but vanish or misbehave as object keys on the way through.
  .refine((k) => !['__proto__', 'constructor', 'prototype'].includes(k), 'is a reserved name');

const envRecord = z.record(envKey, z.string().max(32_768, 'must be at most 32,768 characters'));
/**
 * zod's record drops a `__proto__` key without a word (JSON.parse makes it an own property), so the
 * variable would vanish silently: refuse it on the raw input instead.
 */
const envSchema = z
  .custom<z.input<typeof envRecord>>(() => true)
  .superRefine((value, ctx) => {
    if (typeof value === 'object' && value !== null && Object.hasOwn(value, '__proto__')) {
      ctx.addIssue({ code: 'custom', message: 'is a reserved name', path: ['__proto__'] });
    }
  })
  .pipe(envRecord);

const absolutePath = z
  .string()
  .trim()
  .min(1, { error: 'is required', abort: true })
  .max(4_096, 'must be at most 4096 characters')
  .regex(/^(\/|~\/|[A-Za-z]:[\\/])/, 'must be an absolute path (or start with ~/)');

/** How to reach an SSH host. Secrets (the passphrase) travel separately and are never stored in plain text. */
export const sshSettingsSchema = z
  .strictObject({
    address: z
      .string()
      .trim()
      .min(1, { error: 'is required', abort: true })
      .max(253, 'must be at most 253 characters')
      .regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+|[0-9a-fA-F:]+)$/, 'must be a host name or an IP address'),
    port: z.number().int().min(1).max(65_535).default(22),
    username: z
      .string()
      .trim()
      .min(1, { error: 'is required', abort: true })
      .max(64, 'must be at most 64 characters')
      .regex(/^[A-Za-z0-9._][A-Za-z0-9._-]*$/, 'must be a valid user name'),
    auth: z.enum(['key', 'agent']).default('key'),
    privateKeyPath: absolutePath.nullable().default(null),
    socketPath: z
      .string()
      .trim()
      .max(4_096)
      .regex(/^\//, 'must be an absolute path on the remote host, such as /var/run/docker.sock')
      .default('/var/run/docker.sock'),
    exposeSocket: z.boolean().default(false),
  })
  .refine((s) => s.auth !== 'key' || s.privateKeyPath !== null, { message: 'is required with key authentication', path: ['privateKeyPath'] });

const passphrase = z.string().max(1_024, 'must be at most 1024 characters');

/** A DNS name routes hang under (`<subdomain>.<domain>`): labels of letters, digits and dashes. */
const proxyDomain = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, { error: 'is required', abort: true })
  .max(200, 'must be at most 200 characters')
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, 'must be a domain such as apps.example.com (no scheme, port or path)');
/** NPM's admin address: http(s) only, no credentials in it (the login travels separately). */
const npmUrl = z
  .string()
  .trim()
  .min(1, { error: 'is required', abort: true })
  .max(2_048, 'must be at most 2048 characters')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '' && url.search === '' && url.hash === '';
    } catch {
      return false;
    }
  }, 'must be an http(s) address such as http://npm.lan:81, without a user, query or fragment');
const npmEmail = z
  .string()
  .trim()
  .min(1, { error: 'is required', abort: true })
  .max(254, 'must be at most 254 characters')
  .regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address');

/**
 * A host's reverse proxy. `npm.password` may be left out to keep the one already known; it is a
 * secret: it goes to the SecretStore and never comes back out through the contract.
 */
export const proxySettingsSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('caddy'), domain: proxyDomain, httpPort: z.number().int().min(1).max(65_535), image: proxyImage.optional() }),
  z.strictObject({
    kind: z.literal('npm'),
    domain: proxyDomain,
    npm: z.strictObject({ url: npmUrl, email: npmEmail, password: z.string().min(1, 'is required').max(1_024, 'must be at most 1024 characters').optional() }),
  }),
  z.strictObject({ kind: z.literal('none') }),
]);
const fingerprint = z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'must be an OpenSSH SHA256 fingerprint');

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
  subdomain: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'must be a DNS label such as api or staging-web')
    .nullable()
    .default(null),
  maxInstances: z.number().int().min(1).max(20).default(2),
});

/** Chosen by the client, so it knows the id before the first line can arrive; unique per connection. */
const streamId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, dashes or underscores');

const uniqueStageNames = (stages: { name: string }[]) =>
  new Set(stages.map((s) => s.name)).size === stages.length;

export const contract = {
  calls: {
    'app.info': call(z.strictObject({}), type<AppInfo>()),
    'system.health': call(z.strictObject({}), type<HealthView>()),

    'hosts.list': call(z.strictObject({}), type<HostView[]>()),
    /** Saves an SSH host and starts connecting; it stays down until its host key is accepted. */
    'hosts.add': call(
      z.strictObject({
        name,
        ssh: sshSettingsSchema,
        passphrase: passphrase.optional(),
        /** Keep the passphrase in the OS keychain (desktop app only); else only for this session. */
        rememberPassphrase: z.boolean().default(false),
      }),
      type<HostView>(),
    ),
    /** Changes a host's settings; a new address or port forgets the accepted host key. */
    'hosts.update': call(
      z.strictObject({ id, name: name.optional(), ssh: sshSettingsSchema.optional() }),
      type<HostView>(),
    ),
    /** Removes an SSH host; refused while workloads live on it. Its container rows go with it. */
    'hosts.remove': call(z.strictObject({ id }), type<{ removed: true }>()),
    /** Tries settings without saving: reports the host key and, if trusted, the Docker version. */
    'hosts.test': call(
      z.strictObject({
        /** Test a saved host (its pinned key and known passphrase apply). */
        id: id.optional(),
        ssh: sshSettingsSchema.optional(),
        passphrase: passphrase.optional(),
        /** Go on past the host key check if the server offers exactly this key. */
        acceptFingerprint: fingerprint.optional(),
      }),
      type<HostTestResult>(),
    ),
    /** Pins the key the host offered; must name the offered fingerprint exactly. */
    'hosts.acceptHostKey': call(z.strictObject({ id, fingerprint }), type<HostView>()),
    /** Supplies the key's passphrase for this session (and the keychain, if asked). */
    'hosts.unlock': call(
      z.strictObject({ id, passphrase, rememberPassphrase: z.boolean().default(false) }),
      type<HostView>(),
    ),
    /** Drops the connection and connects again now (skipping any backoff wait). */
    'hosts.reconnect': call(z.strictObject({ id }), type<HostView>()),
    /**
     * Sets a host's reverse proxy (local or SSH). Changing the kind while stages on the host have
     * routes is refused (CONFLICT); settings the kind does not use are kept for later.
     */
    'hosts.setProxy': call(z.strictObject({ id, proxy: proxySettingsSchema }), type<HostView>()),

    'containers.list': call(z.strictObject({ hostId: id.optional() }), type<ContainerView[]>()),
    /** Actions on one container: it must belong to the workload (and stage) named, else FORBIDDEN. */
    'containers.stop': call(z.strictObject({ id, workloadId: id, stageId: id.optional() }), type<{ done: true }>()),
    'containers.restart': call(z.strictObject({ id, workloadId: id, stageId: id.optional() }), type<{ done: true }>()),
    'containers.remove': call(z.strictObject({ id, workloadId: id, stageId: id.optional() }), type<{ done: true }>()),
    'containers.logs': call(
      z.strictObject({ id, workloadId: id, stageId: id.optional(), tail: z.number().int().min(1).max(10_000).default(500) }),
      type<{ text: string }>(),
    ),
    /**
     * Streams a container's output to the calling connection only, as `logs.lines` events (batched)
     * ended by one `logs.end`. Same ownership rule as the actions above. `since` resumes after a
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
        since: z.string().regex(/^\d{1,12}(\.\d{1,9})?$/, 'must be Unix seconds such as 1700000000.123456789').optional(),
      }),
      type<{ streamId: string; tty: boolean }>(),
    ),
    /** Closes one of the caller's own streams; `closed` is false when it had already ended. */
    'logs.close': call(z.strictObject({ streamId }), type<{ closed: boolean }>()),

    'workloads.list': call(z.strictObject({ hostId: id.optional() }), type<WorkloadView[]>()),
    'workloads.get': call(z.strictObject({ id }), type<WorkloadView>()),
    'workloads.createProject': call(
      z.strictObject({
        hostId: id.default('local'),
        name,
        imageRepository,
        stages: z
          .array(stageInputSchema)
          .min(1, 'needs at least one stage')
          .max(20)
          .refine(uniqueStageNames, 'stage names must be unique'),
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
      }),
      type<WorkloadView>(),
    ),
    'workloads.createSite': call(
      z.strictObject({
        hostId: id.default('local'),
        name,
        sourceDir: z.string().trim().max(4_096).default(''),
      }),
      type<WorkloadView>(),
    ),
    'workloads.rename': call(z.strictObject({ id, name }), type<WorkloadView>()),
    'workloads.delete': call(z.strictObject({ id }), type<{ deleted: true }>()),

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

    'reconcile.report': call(z.strictObject({}), type<ReconcileReport[]>()),
    'reconcile.now': call(z.strictObject({ hostId: id.default('local') }), type<ReconcileReport>()),

    'settings.get': call(z.strictObject({}), type<SettingsView>()),
    'settings.update': call(
      z.strictObject({
        language: z.enum(['en', 'ru']).optional(),
        dockerSocketPath: z
          .string()
          .trim()
          .max(4_096)
          .regex(/^(\/|\/\/\.\/pipe\/|\\\\\.\\pipe\\)/, 'must be an absolute socket path such as /var/run/docker.sock, or a named pipe such as //./pipe/docker_engine')
          .optional(),
        resyncIntervalSec: z.number().int().min(5).max(3_600).optional(),
      }),
      type<SettingsView>(),
    ),
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
export type { Envelope } from './errors';

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
  [N in CallName]: (input: CallInput<N>) => Promise<import('./errors').Envelope<CallOutput<N>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** Electron IPC channel names, derived from the contract so nothing is spelled twice. */
export const callChannel = (name: CallName) => `tf:call:${name}`;
