// Types that cross the boundary between the engine and the renderer. Field names are the camelCase
// twins of the SQL columns (last_seen_at <-> lastSeenAt); the store converts in one place.
// Times are milliseconds since the epoch (integers) or null when unknown.
// Over 400 lines on purpose: it is a catalogue of plain declarations, one per view the contract
// answers with, and one file keeps every field name the two sides agree on in one place.
import type { ErrorCode, ErrorDetails, ErrorInfo } from './errors';

export type HostKind = 'local' | 'ssh';
export type ConnectionState = 'connecting' | 'up' | 'down';

export type SshAuth = 'key' | 'agent';

/** An SSH host key as OpenSSH shows it: `ssh-ed25519` and `SHA256:...` (base64, no padding). */
export interface HostKey {
  type: string;
  fingerprint: string;
}

/** Where an SSH host is and how to log in. Never carries a secret. */
export interface SshSettings {
  address: string;
  port: number;
  username: string;
  auth: SshAuth;
  /** With `key`: the private key file on this computer. */
  privateKeyPath: string | null;
  /** The Docker socket on the remote host. */
  socketPath: string;
  /** Also expose a local unix socket forwarding to the remote Docker socket (for docker/compose CLIs). */
  exposeSocket: boolean;
}

export type ProxyKind = 'caddy' | 'npm' | 'none';

/**
 * The reverse proxy deploys on a host route through. Routes are `<subdomain>.<domain>`. Never
 * carries the NPM password (it stays in the engine's SecretStore).
 */
export interface ProxySettings {
  kind: ProxyKind;
  domain: string;
  /** The host port of the managed Caddy's plain HTTP (caddy only; kept while another kind is chosen). */
  httpPort: number;
  /**
   * The managed Caddy's image (caddy only; `caddy:2` by default): a host behind a registry mirror,
   * or offline, names one it can have.
   */
  image: string;
  /** Nginx Proxy Manager's admin address and login (npm only; null until set). */
  npm: { url: string; email: string } | null;
}

/** Where the NPM password is kept: the OS keychain, this session only, or nowhere yet. */
export type SecretKeeping = 'keychain' | 'session' | 'none';

/**
 * A private registry's saved login as the page sees it: never the password, only where it is kept
 * ('none': the keychain lost it, or this shell forgot it when the session ended; enter it again).
 */
export interface RegistryView {
  /** The canonical registry host: `ghcr.io`, `registry.example.com:5000`, `docker.io` for Docker Hub. */
  registry: string;
  username: string;
  password: SecretKeeping;
  updatedAt: number;
}

/** registries.test: whether the registry accepted the login, asked by the Docker host itself. */
export interface RegistryTestResult {
  ok: boolean;
  registry: string;
  error: ErrorInfo | null;
}

export interface ProxySettingsView extends ProxySettings {
  npmPassword: SecretKeeping;
}

export interface HostView {
  id: string;
  name: string;
  kind: HostKind;
  state: ConnectionState;
  /** Why the host is down or what it is waiting for, in the engine's words (no code in it); null when up. */
  reason: string | null;
  /**
   * The code of the reason: what the renderer words it from (and how it tells a changed key from a
   * new one).
   */
  reasonCode: ErrorCode | null;
  /** What the renderer needs to say more (SSH_HOST_KEY_CHANGED: host, expected, offered). */
  reasonDetails: ErrorDetails | null;
  /** When `state` last changed. */
  since: number;
  /** Docker engine version once connected. */
  dockerVersion: string | null;
  /** Round trip of the last Docker ping over the connection, in ms; null when unknown. */
  latencyMs: number | null;
  /** SSH hosts only; null for the local host. */
  ssh: SshSettings | null;
  /** The accepted (pinned) host key; null until the user accepts one. */
  hostKey: HostKey | null;
  /** A key the server offered that is not accepted yet: shown for the user to accept or refuse. */
  offeredHostKey: HostKey | null;
  /** The key file is encrypted and no passphrase is known in this session. */
  needsPassphrase: boolean;
  /** With exposeSocket: the local unix socket (`DOCKER_HOST=unix://...`) while connected. */
  localSocketPath: string | null;
  /** The host's reverse proxy settings (no secret). */
  proxy: ProxySettingsView;
}

/** The outcome of trying a host's settings without saving them. */
export interface HostTestResult {
  ok: boolean;
  hostKey: HostKey | null;
  /** The offered key is the pinned one (or the one the caller said it accepts). */
  hostKeyTrusted: boolean;
  dockerVersion: string | null;
  latencyMs: number | null;
  error: ErrorInfo | null;
}

export type WorkloadKind = 'project' | 'stack' | 'site';

/**
 * Container states: Docker's own (created, running, paused, restarting, removing, exited, dead),
 * plus `missing` (the row's container is gone from Docker) and `pending` (a placeholder for a deploy
 * in flight: no docker id yet).
 */
export const CONTAINER_STATES = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead', 'missing', 'pending'] as const;
export type ContainerState = (typeof CONTAINER_STATES)[number];

export type ContainerHealth = 'healthy' | 'unhealthy' | 'starting' | 'none';

/**
 * Why a row counts as a workload's: `created` (the app wrote its Docker id when it made it),
 * `trusted` (a user vouched for it, recorded), or `unverified` (only its labels say so: shown and
 * flagged, never routed, counted or cleaned up).
 */
export type Provenance = 'created' | 'unverified' | 'trusted';

export interface ContainerView {
  id: string;
  hostId: string;
  workloadId: string | null;
  workloadName: string | null;
  kind: WorkloadKind;
  /** Stage name for a project, service for a stack, `site` for a site. */
  role: string;
  stageId: string | null;
  dockerId: string;
  name: string;
  image: string;
  state: ContainerState;
  health: ContainerHealth;
  /** Exit code of an exited or dead container, when Docker reported one. */
  exitCode: number | null;
  createdAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  firstSeenAt: number;
  /**
   * When the app last saw the container in Docker: for a present row, the host's last successful
   * reconcile pass; for a missing one, the last pass that still listed it.
   */
  lastSeenAt: number;
  missingSince: number | null;
  provenance: Provenance;
  /** When a user trusted it (provenance `trusted`), else null. */
  trustedAt: number | null;
  /** Why it last stopped, as the reconciler classified it; null if never seen stopping. */
  stopKind: StopKind | null;
}

/**
 * Why a container stopped: `app` (the app stopped or removed it: a deploy's drain, a user's stop,
 * a stack's stop or down), `outside` (someone ran `docker stop`/`kill` outside the app), `oom`
 * (the kernel's OOM killer), `crash` (it exited on its own).
 */
export type StopKind = 'app' | 'outside' | 'oom' | 'crash';

export interface StageInput {
  name: string;
  imageTag: string;
  env: Record<string, string>;
  port: number | null;
  healthCheckPath: string | null;
  healthTimeoutSec: number;
  subdomain: string | null;
  maxInstances: number;
}

export interface StageView extends StageInput {
  id: string;
}

interface WorkloadBase {
  id: string;
  hostId: string;
  name: string;
  createdAt: number;
  /** Containers of this workload that are not `missing`. */
  containerCount: number;
  runningCount: number;
}

export interface ProjectView extends WorkloadBase {
  kind: 'project';
  imageRepository: string;
  stages: StageView[];
}

export interface StackView extends WorkloadBase {
  kind: 'stack';
  composeProjectName: string;
  composeFile: string;
  envFile: string;
  /** The owner allowed options that hand a container the host (privileged, host namespaces, the Docker socket...). */
  allowHostAccess: boolean;
  /**
   * Made by adopting a compose project started outside the app, not deployed by the app since: its
   * containers are someone else's until the first deploy recreates them (the only operations
   * allowed until then are deploy and pull).
   */
  adoptPending: boolean;
}

export type StackOperationKind = 'deploy' | 'update' | 'pull' | 'stop' | 'start' | 'restart' | 'restart-service' | 'down' | 'rollback';

/** One operation on a stack: the compose CLI's output as it ran, and how it ended. */
export interface StackOperationView {
  id: string;
  workloadId: string;
  hostId: string;
  kind: StackOperationKind;
  /** The service a restart-service restarted. */
  service: string | null;
  /** The version number a rollback returned to. */
  targetVersion: number | null;
  options: { pull?: boolean; removeVolumes?: boolean };
  status: DeployStatus;
  /** The compose CLI's own lines (the last 2,000). */
  output: string[];
  error: ErrorInfo | null;
  /** The version a successful deploy, update or rollback made. */
  version: number | null;
  startedAt: number;
  finishedAt: number | null;
}

/** The image a service ran in a version: what it asked for, the image id it got, and its registry digest if it came from one. */
export interface StackImage {
  service: string;
  image: string;
  imageId: string;
  repoDigest: string | null;
}

export interface StackVersionView {
  id: string;
  number: number;
  composeFile: string;
  envFile: string;
  allowHostAccess: boolean;
  images: StackImage[];
  /** The secret .env keys the version used (their values are kept apart, never in a version). */
  secretKeys: string[];
  operationId: string;
  createdAt: number;
}

/** A service of a stack as Docker runs it now. */
export interface StackServiceView {
  service: string;
  containers: {
    /** The app's row (for logs and actions), null while the reconciler has not recorded it yet. */
    rowId: string | null;
    name: string;
    state: string;
    health: string;
    restartCount: number;
    exitCode: number | null;
    image: string;
    imageId: string;
  }[];
}

/** A stack's service published through the host's reverse proxy, and what the route reaches now. */
export interface StackRouteView {
  id: string;
  service: string;
  port: number;
  subdomain: string;
  /** The public name, `<subdomain>.<domain>`. */
  host: string;
  /** The container the route points at now: a running container of the service that the app created. */
  upstream: string | null;
  /**
   * routed: the proxy holds the route to `upstream`; pending: a container serves, the proxy does not
   * hold the route yet (its next pass writes it); waiting: no container of the service runs (or none
   * the app created); unreachable: the service's container is on no network the proxy can join
   * (network_mode host or none); no-proxy: the host has no reverse proxy; proxy-down: the proxy did
   * not answer.
   */
  state: 'routed' | 'pending' | 'waiting' | 'unreachable' | 'no-proxy' | 'proxy-down';
}

/** A container of a host that the app does not own (no row of a workload), as Docker lists it now. */
export interface ForeignContainerView {
  dockerId: string;
  name: string;
  image: string;
  /** Docker's state: running, exited, created, paused... */
  state: string;
  /** Docker's own words, e.g. `Up 3 minutes`, `Exited (0) 2 hours ago`. */
  status: string;
  /** Published ports, `127.0.0.1:8080->80/tcp` (host address, host port, container port, protocol). */
  ports: string[];
  /** The compose service, for a container of a compose project. */
  service: string | null;
  /** Milliseconds since the epoch. */
  created: number;
}

/** The containers of one compose project the app does not own, or the plain containers (project null). */
export interface ForeignGroup {
  project: string | null;
  /** What the project's labels say about where compose ran: its folder and files on the host. */
  workingDir: string | null;
  configFiles: string[];
  containers: ForeignContainerView[];
}

/**
 * What adopting a foreign compose project would import: its own files, read on the host, or why
 * they cannot be (which path, what happened) and a file drafted from its running containers.
 */
export type AdoptPreview =
  | {
      readable: true;
      project: string;
      composeFile: string;
      envFile: string;
      files: string[];
      workingDir: string;
      /** Paths the file gives relative to its folder (`web: volumes ./data:/data`): the stack runs from its own folder, so they would point elsewhere. */
      relativePaths: string[];
    }
  | { readable: false; project: string; reason: string; why: AdoptUnreadable; draft: string };

/** Why a foreign project's files cannot be imported, for the renderer to word (the reason is the engine's English). */
export type AdoptUnreadable =
  | { kind: 'no-labels'; label: string }
  | { kind: 'several-files'; files: string[] }
  /** `code`: NOT_FOUND (no such file), FORBIDDEN (permission denied), VALIDATION (not a regular file, too big), else another failure. */
  | { kind: 'unreadable'; path: string; code: string };

export interface SiteOptions {
  spaFallback: boolean;
  notFoundPage: string | null;
  cacheHashed: boolean;
  precompressed: boolean;
}

export interface SiteView extends WorkloadBase {
  kind: 'site';
  sourceDir: string;
  /** Served at `<subdomain>.<domain>`; null: a label made from the site's name. */
  subdomain: string | null;
  /** The public name as it is now, `<label>.<domain>`. */
  publicHost: string;
  options: SiteOptions;
  /** How many versions are kept (their volumes stay; rollback to one is a route switch). */
  keepVersions: number;
}

/** A kept version of a site: the files of one upload, in a volume of their own on the host. */
export interface SiteVersionView {
  id: string;
  number: number;
  /** uploading: the copy runs (or was cut short); ready: whole, can be served. */
  status: 'uploading' | 'ready';
  contentHash: string | null;
  files: number;
  bytes: number;
  /** The upload had an index.html at its root. */
  hasIndex: boolean;
  /** Where the files came from: a folder or an archive on this computer. */
  source: string;
  /** The server options baked into this version (a rollback serves it as it was). */
  options: SiteOptions;
  createdAt: number;
  /** The proxy route points at this version's container now. */
  serving: boolean;
}

/** The answer of sites.deploy, once the source was read and checked. */
export interface SiteDeployStart {
  /** The new version, or null when the content equals the version served now (nothing deployed). */
  versionId: string | null;
  unchanged: boolean;
  files: number;
  bytes: number;
  /** e.g. `no-index`: the site has no index.html at its root (deployed anyway). */
  warnings: string[];
}

/** An upload's progress (sites.progress). */
export interface SiteProgress {
  hostId: string;
  workloadId: string;
  versionId: string;
  /** `unchanged`: the files read by the copy are the ones served now; the version was dropped, nothing deployed. */
  phase: 'copying' | 'deploying' | 'done' | 'failed' | 'cancelled' | 'unchanged';
  files: number;
  bytes: number;
  totalFiles: number;
  totalBytes: number;
  /** Why it failed (the error's code and message). */
  error: { code: string; message: string } | null;
}

export type WorkloadView = ProjectView | StackView | SiteView;

export type Language = 'en' | 'ru';

export interface SettingsView {
  language: Language;
  dockerSocketPath: string;
  resyncIntervalSec: number;
  /** A stopped or vanished container of the app's is stale after this many days. */
  staleAfterDays: number;
  /** Registry watch: at most one check of a watched image's tag per this many minutes. */
  registryWatchIntervalMin: number;
  /** Desktop notifications (the Electron shell's); the channels are set up apart. */
  desktopNotifications: boolean;
}

/** One of the app's own containers, exited, dead or missing for longer than the stale setting. */
export interface StaleContainerView {
  id: string;
  hostId: string;
  workloadId: string | null;
  workloadName: string | null;
  kind: WorkloadKind;
  role: string;
  name: string;
  image: string;
  state: 'exited' | 'dead' | 'missing';
  exitCode: number | null;
  stopKind: StopKind | null;
  /** When it stopped or vanished, by the reconciler's clock. */
  staleSince: number;
  /** Whole days since then. */
  daysStale: number;
}

/** An image the app's records say it deployed, used by no container and no rollback for N days. */
export interface StaleImageView {
  hostId: string;
  imageId: string;
  /** Its repository tags (empty for a dangling image). */
  names: string[];
  sizeBytes: number;
  /** The last time the app's records show it in use (a deploy, a container's stop). */
  lastUsedAt: number;
  daysStale: number;
}

export interface StaleListView {
  afterDays: number;
  containers: StaleContainerView[];
  images: StaleImageView[];
  /** Hosts whose images could not be read (down): their images are not listed. */
  unreachableHosts: string[];
}

/** Exactly what a stale removal would remove: the dry run's answer, and what the user confirms. */
export interface StaleRemovalPlan {
  /** `storeOnly`: a missing row, whose container is already gone; only the record goes. */
  containers: { id: string; hostId: string; dockerId: string; name: string; storeOnly: boolean }[];
  images: { hostId: string; imageId: string; names: string[]; sizeBytes: number }[];
  volumes: { hostId: string; name: string }[];
}

/** A container whose tinyforge.workload.id label names no workload: ignored and reported. */
export interface ForgedContainer {
  dockerId: string;
  name: string;
  claimedWorkloadId: string;
}

export interface ReconcileReport {
  hostId: string;
  /** When the last pass finished, null before the first one. */
  lastPassAt: number | null;
  lastPassMs: number | null;
  /** The error of the last pass that could not list containers, null when it succeeded. */
  lastError: ErrorInfo | null;
  passes: number;
  forged: ForgedContainer[];
}

export interface HealthView {
  hosts: HostView[];
  reports: ReconcileReport[];
  containers: { total: number; running: number; exited: number; missing: number };
  workloads: { project: number; stack: number; site: number };
  /**
   * Containers whose labels name a workload but that the app did not create: how many, and the
   * oldest few (a host can carry thousands of copied labels; each workload page lists its own).
   */
  unverified: { count: number; oldest: ContainerView[] };
  /** The app's own containers stopped or gone for longer than the stale setting (the Stale page's rows). */
  stale: number;
}

export interface AppInfo {
  version: string;
  shell: 'electron' | 'browser';
  /** An OS keychain can keep passphrases across sessions (desktop app, and not Linux's basic_text). */
  canRememberSecrets: boolean;
  platform: string;
  dataDir: string;
}

export type DeployKind = 'deploy' | 'rollback' | 'promote';
export type DeployStatus = 'running' | 'succeeded' | 'failed';

/** One deploy, rollback or promote of a stage, as recorded step by step. */
export interface DeployView {
  id: string;
  hostId: string;
  workloadId: string;
  /** The project stage deployed; null for a target that is not a stage (a site). */
  stageId: string | null;
  kind: DeployKind;
  /** What was asked for: repository:tag, or an image id for rollback and promote. */
  image: string;
  /** The image id it ran (the digest rollback and promote use). */
  imageDigest: string | null;
  status: DeployStatus;
  /** The step in progress (or where it stopped). */
  step: string;
  /** A failed step carries its failure (code and details) for the renderer to word. */
  steps: { step: string; status: 'done' | 'failed' | 'undone'; at: number; message?: string; failure?: DeployFailure }[];
  error: string | null;
  startedAt: number;
  finishedAt: number | null;
  /**
   * Image pull progress while the `image` step pulls (null otherwise, and in the history: it is
   * not persisted). Bytes are summed over the layers Docker has reported a size for so far.
   */
  pull: PullProgress | null;
}

/**
 * Why a deploy failed, as data: a stable code (a pull's IMAGE_NOT_FOUND, REGISTRY_UNREACHABLE...;
 * DEPLOY_CONTAINER_EXITED; PROXY_UNAVAILABLE...) and what the renderer needs to say more.
 */
export interface DeployFailure {
  code: string;
  details?: DeployFailureDetails;
}

export interface DeployFailureDetails {
  /** DEPLOY_CONTAINER_EXITED: how the new container ended during the health wait. */
  exitCode?: number;
  oomKilled?: boolean;
  /** Its last log lines (stdout and stderr, oldest first; at most 20). */
  logTail?: string[];
  /** The `proxy` step: the managed proxy's image that could not be had. */
  proxyImage?: string;
}

/** A deploy in a list across projects (the home page, the tray). */
export interface RecentDeployView extends DeployView {
  workloadName: string;
  /** Null for a run whose target is not a stage (a site). */
  stageName: string | null;
}

export interface PullProgress {
  layersDone: number;
  layersTotal: number;
  currentBytes: number;
  totalBytes: number;
}

/** Whether an image a stage ran is still on the host (inspected now); unknown while Docker is down. */
export type ImagePresence = 'present' | 'gone' | 'unknown';

/** One image a stage ran successfully, by digest (newest first in a list). */
export interface StageImageView {
  imageDigest: string;
  /** A readable name: the newest repository:tag this digest was deployed as, else the digest. */
  image: string;
  /** When the stage last finished a deploy of this digest. */
  deployedAt: number;
  /** The stage runs this image now (its newest successful deploy). */
  current: boolean;
  /** The image deploys.rollback would return to. */
  rollbackTarget: boolean;
  presence: ImagePresence;
}

/**
 * How a route the store records compares with what the proxy holds: `held` (same host and
 * upstream), `differs` (the proxy routes that id elsewhere), `missing` (the proxy lacks it), or
 * `unknown` (the proxy could not be asked).
 */
export type RouteProxyState = 'held' | 'differs' | 'missing' | 'unknown';

export interface RouteView {
  routeId: string;
  stageId: string;
  stageName: string;
  /** The public host name the stage's settings give. */
  host: string;
  /** The container row the route points at, and its name (the upstream host on the proxy network). */
  containerId: string;
  containerName: string;
  port: number | null;
  proxy: RouteProxyState;
  /** What the proxy holds for this id, when it differs or is known: `host -> upstream:port`. */
  proxyHost: string | null;
  proxyUpstream: string | null;
}

export interface RoutesView {
  routes: RouteView[];
  /** Why the proxy could not be asked (its routes are then `unknown`); null when it answered. */
  proxyError: ErrorInfo | null;
}
